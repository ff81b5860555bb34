import { Rule } from '../rule';
// cluster: control plane, kubelet, audit, encryption
import { AdmissionPolicyWeakened } from './admission/AdmissionPolicyWeakened';
import { ImageSignatureWeakened } from './admission/ImageSignatureWeakened';
import { ApiServerAdmissionPlugins } from './cluster/ApiServerAdmissionPlugins';
import { ApiServerAnonymousAuth } from './cluster/ApiServerAnonymousAuth';
import { ApiServerAuditLog } from './cluster/ApiServerAuditLog';
import { ApiServerAuthorizationMode } from './cluster/ApiServerAuthorizationMode';
import { ApiServerEncryptionConfig } from './cluster/ApiServerEncryptionConfig';
import { ApiServerInsecurePort } from './cluster/ApiServerInsecurePort';
import { ApiServerServiceAccountLookup } from './cluster/ApiServerServiceAccountLookup';
import { AuditPolicyLogs } from './cluster/AuditPolicyLogs';
import { AuditPolicySecrets } from './cluster/AuditPolicySecrets';
import { ControlPlaneBindAddress } from './cluster/ControlPlaneBindAddress';
import { ControlPlaneProfiling } from './cluster/ControlPlaneProfiling';
import { ControlPlaneTls } from './cluster/ControlPlaneTls';
import { EncryptionProviders } from './cluster/EncryptionProviders';
import { EtcdTls } from './cluster/EtcdTls';
import { KubeletAnonymousAuth } from './cluster/KubeletAnonymousAuth';
import { KubeletAuthorization } from './cluster/KubeletAuthorization';
import { KubeletClientTls } from './cluster/KubeletClientTls';
import { KubeletHardening } from './cluster/KubeletHardening';
import { KubeletReadOnlyPort } from './cluster/KubeletReadOnlyPort';
import { KubeletTls } from './cluster/KubeletTls';
import { PodSecurityAdmissionDefaults } from './cluster/PodSecurityAdmissionDefaults';
import { DefaultDenyNetworkPolicy } from './namespace/DefaultDenyNetworkPolicy';
import { NetworkPolicySelectsWorkload } from './namespace/NetworkPolicySelectsWorkload';
import { PsaLabels } from './namespace/PsaLabels';
import { PsaRestricted } from './namespace/PsaRestricted';
import { ServiceExposure } from './namespace/ServiceExposure';
import { WideNetworkPolicy } from './namespace/WideNetworkPolicy';
import { AppArmorProfile } from './pod/AppArmorProfile';
import { CapabilitiesBaseline } from './pod/CapabilitiesBaseline';
import { CapabilitiesRestricted } from './pod/CapabilitiesRestricted';
import { CpuLimits } from './pod/CpuLimits';
import { CredentialsInConfig } from './pod/CredentialsInConfig';
import { HostNetwork } from './pod/HostNetwork';
import { HostPathVolumes } from './pod/HostPathVolumes';
import { HostPidIpc } from './pod/HostPidIpc';
import { HostPorts } from './pod/HostPorts';
import { HostProbes } from './pod/HostProbes';
import { HostProcess } from './pod/HostProcess';
import { ImagePinned } from './pod/ImagePinned';
import { ImageProvenance } from './pod/ImageProvenance';
import { MemoryLimits } from './pod/MemoryLimits';
import { PrivilegedContainer } from './pod/PrivilegedContainer';
import { PrivilegeEscalation } from './pod/PrivilegeEscalation';
import { ProcMount } from './pod/ProcMount';
import { ProcMountRestricted } from './pod/ProcMountRestricted';
import { ProjectedServiceAccountToken } from './pod/ProjectedServiceAccountToken';
import { ReadOnlyRootFilesystem } from './pod/ReadOnlyRootFilesystem';
import { RunAsGroup } from './pod/RunAsGroup';
import { RunAsNonRoot } from './pod/RunAsNonRoot';
import { RunAsUser } from './pod/RunAsUser';
import { SeccompBaseline } from './pod/SeccompBaseline';
import { SeccompRestricted } from './pod/SeccompRestricted';
import { SeLinuxOptions } from './pod/SeLinuxOptions';
import { ServiceAccountToken } from './pod/ServiceAccountToken';
import { SysAdminCapability } from './pod/SysAdminCapability';
import { Sysctls } from './pod/Sysctls';
import { VolumeTypes } from './pod/VolumeTypes';
import { WritableSystemPaths } from './pod/WritableSystemPaths';
import { AnonymousSubjects } from './rbac/AnonymousSubjects';
import { BroadSubjectPrivileges } from './rbac/BroadSubjectPrivileges';
import { ClusterAdminBinding } from './rbac/ClusterAdminBinding';
import { NodeProxy } from './rbac/NodeProxy';
import { PodCreate } from './rbac/PodCreate';
import { PodExec } from './rbac/PodExec';
import { RbacEscalation } from './rbac/RbacEscalation';
import { RbacImpersonation } from './rbac/RbacImpersonation';
import { RbacWildcards } from './rbac/RbacWildcards';
import { SecretsAccess } from './rbac/SecretsAccess';
import { UnresolvedRoleRef } from './rbac/UnresolvedRoleRef';
import { WorkloadAccountBinding } from './rbac/WorkloadAccountBinding';
import { PersistentVolumeHostPath } from './storage/PersistentVolumeHostPath';
import { DuplicateObjects } from './structure/DuplicateObjects';
import { InvalidNames } from './structure/InvalidNames';
import { PodSpecMissing } from './structure/PodSpecMissing';

/**
 * Every rule of the engine, by name, in the order the reports list them: packs bind rules by
 * these names (a typo fails to compile), and `RULES` indexes them by id.
 * @internal
 */
export const RULE_SET = {
  // pod: Pod Security Standards, baseline
  HostProcess,
  HostNetwork,
  HostPidIpc,
  PrivilegedContainer,
  CapabilitiesBaseline,
  HostPathVolumes,
  HostPorts,
  HostProbes,
  AppArmorProfile,
  SeLinuxOptions,
  ProcMount,
  SeccompBaseline,
  Sysctls,
  // pod: Pod Security Standards, restricted
  VolumeTypes,
  PrivilegeEscalation,
  RunAsNonRoot,
  RunAsUser,
  SeccompRestricted,
  CapabilitiesRestricted,
  ProcMountRestricted,
  // pod: NSA/CISA and Kubescape beyond the PSS
  RunAsGroup,
  ReadOnlyRootFilesystem,
  CpuLimits,
  MemoryLimits,
  ServiceAccountToken,
  ProjectedServiceAccountToken,
  WritableSystemPaths,
  CredentialsInConfig,
  SysAdminCapability,
  // namespace
  PsaLabels,
  PsaRestricted,
  DefaultDenyNetworkPolicy,
  NetworkPolicySelectsWorkload,
  WideNetworkPolicy,
  ServiceExposure,
  // rbac
  RbacWildcards,
  ClusterAdminBinding,
  AnonymousSubjects,
  SecretsAccess,
  PodExec,
  BroadSubjectPrivileges,
  PodCreate,
  NodeProxy,
  RbacEscalation,
  RbacImpersonation,
  UnresolvedRoleRef,
  WorkloadAccountBinding,
  // structure: every pack
  DuplicateObjects,
  InvalidNames,
  PodSpecMissing,
  // images and storage
  ImagePinned,
  PersistentVolumeHostPath,
  ImageProvenance,
  // admission: the policies themselves
  AdmissionPolicyWeakened,
  ImageSignatureWeakened,
  // cluster: control plane, kubelet, audit, encryption
  ApiServerInsecurePort,
  ApiServerAnonymousAuth,
  ApiServerAuthorizationMode,
  ApiServerAdmissionPlugins,
  ApiServerEncryptionConfig,
  ApiServerAuditLog,
  ApiServerServiceAccountLookup,
  ControlPlaneProfiling,
  ControlPlaneBindAddress,
  ControlPlaneTls,
  EtcdTls,
  KubeletAnonymousAuth,
  KubeletClientTls,
  KubeletAuthorization,
  KubeletReadOnlyPort,
  KubeletTls,
  KubeletHardening,
  AuditPolicyLogs,
  AuditPolicySecrets,
  EncryptionProviders,
  PodSecurityAdmissionDefaults,
} as const;

/** Every rule of the engine, by id (the rule's file name). @internal */
export const RULES: ReadonlyMap<string, Rule> = new Map(Object.values(RULE_SET).map((r): [string, Rule] => [r.id, r]));
