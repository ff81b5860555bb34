import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { validateAbsolutePath } from './audit-policy';
import { ConfigurationObject } from './configuration-object';
import { invalidInput } from '../errors';
import { PodSecurityLevel, PodSecurityLevelsOptions, resolvePodSecurityLevels } from '../namespace/pod-security-levels';
import { ackAnnotation } from '../standards/annotations';
import { APISERVER_CONFIG_API_VERSION } from '../standards/control-plane';
import { isDns1123Label, isDns1123Subdomain } from '../standards/names';
import { POD_SECURITY_PLUGIN, PSA_CONFIG_API_VERSION } from '../standards/psa';
import { validateReason } from '../validation';

/** A namespace, runtime class or user exempt from Pod Security Admission, and why. */
export interface PodSecurityExemption {
  /** The namespace, runtime class or user name. */
  readonly name: string;
  /** Why it is exempt, for the auditor (at least 10 characters). */
  readonly reason: string;
}

/**
 * Props for `PodSecurityAdmissionDefaults`. The levels and versions are the defaults of every
 * namespace that sets no `pod-security.kubernetes.io/<mode>` label of its own.
 */
export interface PodSecurityAdmissionDefaultsProps extends PodSecurityLevelsOptions {
  /**
   * Why any default is weaker than restricted. Required then; recorded in the output.
   * @default - every default is restricted
   */
  readonly weakerLevelReason?: string;
  /**
   * Namespaces exempt from Pod Security Admission, each with its reason (recorded in the output).
   * @default - none
   */
  readonly exemptNamespaces?: PodSecurityExemption[];
  /**
   * Runtime classes whose pods are exempt, each with its reason.
   * @default - none
   */
  readonly exemptRuntimeClasses?: PodSecurityExemption[];
  /**
   * Authenticated users whose requests are exempt, each with its reason. Controllers that create
   * pods are not users to exempt: their pods are checked when the controller creates them.
   * @default - none
   */
  readonly exemptUsers?: PodSecurityExemption[];
  /**
   * Where the file goes on each control-plane node (the API server's `--admission-control-config-file`).
   * @default '/etc/kubernetes/admission/config.yaml'
   */
  readonly path?: string;
}

/**
 * Cluster-wide Pod Security Admission defaults (`apiserver.config.k8s.io/v1`
 * `AdmissionConfiguration` with a `pod-security.admission.config.k8s.io/v1`
 * `PodSecurityConfiguration`): every namespace without its own labels enforces, audits and warns
 * at `restricted`; enforcement is pinned to a version, audit and warn follow `latest`. Every
 * weaker default and every exemption needs a reason, recorded in the object's
 * `exception.cdk8s-hardening.io/...` annotations.
 *
 * A managed cluster whose API server you cannot configure gets the same effect from
 * `HardenedNamespace` labels on every namespace.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-admission-controller/
 */
export class PodSecurityAdmissionDefaults extends Construct {
  /** Where the file goes on each control-plane node. */
  public readonly path: string;
  /** The effective defaults, as the configuration lists them. */
  public readonly defaults: { [key: string]: string };
  /** The exempt namespaces. */
  public readonly exemptNamespaces: string[];
  /** The configuration object (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: PodSecurityAdmissionDefaultsProps = {}) {
    super(scope, id);
    this.path = validateAbsolutePath(this, 'path', props.path ?? '/etc/kubernetes/admission/config.yaml');
    const modes = resolvePodSecurityLevels(this, '', props);
    this.defaults = {};
    for (const { mode, level, version } of modes) {
      this.defaults[mode] = level.value;
      this.defaults[`${mode}-version`] = version;
    }
    const levels = modes.map(m => m.level);
    const weaker = levels.filter(l => l._strictness < PodSecurityLevel.RESTRICTED._strictness);
    const exceptions: Record<string, string> = {};
    if (weaker.length > 0) {
      exceptions.defaults = validateReason(this, 'weakerLevelReason', props.weakerLevelReason);
    } else if (props.weakerLevelReason !== undefined) {
      throw invalidInput(this, 'weakerLevelReason', 'a reason is given but every default is restricted', props.weakerLevelReason, 'remove the reason');
    }
    const exempt = (field: string, list: PodSecurityExemption[] | undefined, valid: (name: string) => boolean, example: string): string[] => {
      const names: string[] = [];
      const reasons: Record<string, string> = {};
      (list ?? []).forEach((e, i) => {
        if (!valid(e.name)) throw invalidInput(this, `${field}[${i}].name`, 'not a valid name', e.name, `write it like ${example}`);
        if (names.includes(e.name)) throw invalidInput(this, `${field}[${i}].name`, 'listed twice', e.name, 'list each exemption once');
        reasons[e.name] = validateReason(this, `${field}[${i}].reason`, e.reason);
        names.push(e.name);
      });
      if (names.length > 0) exceptions[`exemptions.${field.replace(/^exempt/, '').toLowerCase()}`] = JSON.stringify(reasons);
      return names.sort();
    };
    this.exemptNamespaces = exempt('exemptNamespaces', props.exemptNamespaces, isDns1123Label, '"kube-system"');
    const runtimeClasses = exempt('exemptRuntimeClasses', props.exemptRuntimeClasses, isDns1123Subdomain, '"gvisor"');
    const users = exempt('exemptUsers', props.exemptUsers, n => n.trim() !== '' && n === n.trim(), '"system:serviceaccount:ci:deployer"');

    const resource = new ConfigurationObject(this, 'Resource', {
      apiVersion: APISERVER_CONFIG_API_VERSION,
      kind: 'AdmissionConfiguration',
      plugins: [{
        name: POD_SECURITY_PLUGIN,
        configuration: {
          apiVersion: PSA_CONFIG_API_VERSION,
          kind: 'PodSecurityConfiguration',
          defaults: this.defaults,
          exemptions: { usernames: users, runtimeClasses, namespaces: this.exemptNamespaces },
        },
      }],
    });
    for (const [setting, reason] of Object.entries(exceptions)) resource.recordException(setting, reason);
    if (levels.includes(PodSecurityLevel.PRIVILEGED)) {
      // the reasoned exception is accepted by the compliance engine, in synth and on the YAML
      resource.metadata.addAnnotation(ackAnnotation('PodSecurityAdmissionDefaults'), `privileged cluster default: ${exceptions.defaults}`);
    }
    this.apiObject = resource;
  }
}
