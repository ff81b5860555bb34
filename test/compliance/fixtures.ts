// Builders of manifest JSON for the rule tests: each returns a fresh, fully compliant object
// (what the hardened constructs emit), which a test then breaks in one place.
import { buildContext } from '../../src/compliance/engine';
import { KubeObject, toKubeObject } from '../../src/compliance/objects';
import { RuleOutcome } from '../../src/compliance/rule';
import { RULES } from '../../src/compliance/rules';

export type Json = Record<string, any>;

export function hardenedContainer(name = 'app'): Json {
  return {
    name,
    image: 'registry.example.com/app:1.2.3',
    securityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      capabilities: { drop: ['ALL'] },
    },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  };
}

export function hardenedPodSpec(): Json {
  return {
    automountServiceAccountToken: false,
    serviceAccountName: 'web',
    securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [hardenedContainer()],
  };
}

/** A Deployment; `ns: null` leaves metadata.namespace unset. */
export function deployment(spec: Json = hardenedPodSpec(), ns: string | null = 'shop'): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', ...(ns ? { namespace: ns } : {}) },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec } },
  };
}

export function pod(spec: Json = hardenedPodSpec()): Json {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec };
}

export function cronJob(spec: Json = hardenedPodSpec()): Json {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'shop' },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'nightly' } }, spec: { ...spec, restartPolicy: 'OnFailure' } } } } },
  };
}

export function namespace(name = 'shop', level = 'restricted'): Json {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': level,
        'pod-security.kubernetes.io/audit-version': 'latest',
        'pod-security.kubernetes.io/warn': level,
        'pod-security.kubernetes.io/warn-version': 'latest',
      },
    },
  };
}

/** A default-deny NetworkPolicy; `ns: null` leaves metadata.namespace unset. */
export function defaultDeny(ns: string | null = 'shop'): Json {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', ...(ns ? { namespace: ns } : {}) },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

/** A ServiceAccount; `automount: null` leaves automountServiceAccountToken unset. */
export function serviceAccount(name = 'web', ns = 'shop', automount: boolean | null = false): Json {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns }, ...(automount === null ? {} : { automountServiceAccountToken: automount }) };
}

export function role(rules: Json[] = [], kind = 'Role'): Json {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'web', ...(kind === 'Role' ? { namespace: 'shop' } : {}) }, rules };
}

export function roleBinding(roleRef: Json = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' },
  subjects: Json[] = [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }], kind = 'RoleBinding'): Json {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'web', namespace: 'shop' }, roleRef, subjects };
}

/** A complete hardened namespace with one workload: every pack passes it. */
export function hardenedSet(): Json[] {
  return [namespace(), defaultDeny(), serviceAccount('default'), serviceAccount(), role(), roleBinding(), deployment()];
}

/** Runs one rule over the first object, with the others as context. */
export function runRule(ruleId: string, target: Json, ...others: Json[]): RuleOutcome {
  const rule = RULES.get(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const objects: KubeObject[] = [target, ...others].map(j => toKubeObject(j));
  return rule.check(objects[0], buildContext(objects));
}

/** The field paths of a rule's findings on an object (empty when compliant). */
export function findingPaths(ruleId: string, target: Json, ...others: Json[]): string[] {
  const outcome = runRule(ruleId, target, ...others);
  return outcome.status === 'non-compliant' ? outcome.findings.map(f => f.path) : [];
}

/** Deep copy, so a test can break one field. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}
