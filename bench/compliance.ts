import { stringify } from 'yaml';
import { runCheck } from '../src/compliance/engine';
import { parseManifestText } from '../src/compliance/loader';
import { CompliancePack } from '../src/compliance/packs';

/** What one compliance benchmark run measured. */
export interface ComplianceBenchResult {
  /** Objects checked. */
  readonly objects: number;
  /** Seconds to parse the YAML and check every pack (what `cdk8s-hardening check` does). */
  readonly seconds: number;
  /** Of which: seconds to check the already-parsed objects. */
  readonly checkSeconds: number;
  /** Findings (expected: a few, from the deliberately broken objects). */
  readonly findings: number;
  /** Peak resident set size of the process, in MiB. */
  readonly peakRssMb: number;
}

/** A namespace's worth of objects: Namespace, default deny, ServiceAccount, Role, RoleBinding, Deployments. */
export function namespaceObjects(ns: string, deployments: number): object[] {
  const objects: object[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' } } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: ns }, automountServiceAccountToken: false },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'app', namespace: ns }, rules: [] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'app', namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'app' }, subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: ns }] },
  ];
  for (let i = 0; i < deployments; i++) {
    const container = {
      name: 'app', image: 'registry.example.com/app:1.2.3',
      securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, capabilities: { drop: ['ALL'] } },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
      ports: [{ containerPort: 8080 }],
    };
    objects.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}`, namespace: ns },
      spec: {
        selector: { matchLabels: { app: `web-${i}` } },
        template: {
          metadata: { labels: { app: `web-${i}` } },
          spec: {
            automountServiceAccountToken: false, serviceAccountName: 'app', hostNetwork: i === 0 ? true : undefined,
            securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [container], initContainers: [{ ...container, name: 'init' }],
          },
        },
      },
    });
  }
  return objects;
}

/**
 * Builds `objectCount` objects (namespaces of 5 supporting objects and 45 Deployments), writes them
 * as one multi-document YAML text, then times parsing it and checking it against every pack.
 */
export function benchCompliance(objectCount: number = 10000): ComplianceBenchResult {
  const objects: object[] = [];
  for (let n = 0; objects.length < objectCount; n++) {
    objects.push(...namespaceObjects(`team-${n}`, 45));
  }
  objects.length = objectCount;
  const text = objects.map(o => stringify(o, { aliasDuplicateObjects: false })).join('---\n');
  let peak = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  const parsed = parseManifestText(text, 'bench.yaml');
  peak = Math.max(peak, process.memoryUsage().rss);
  const checkStart = process.hrtime.bigint();
  const result = runCheck(parsed, { packs: CompliancePack.all() });
  const end = process.hrtime.bigint();
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    objects: result.objectCount,
    seconds: Number(end - start) / 1e9,
    checkSeconds: Number(end - checkStart) / 1e9,
    findings: result.findings.length,
    peakRssMb: Math.round(peak / 2 ** 20),
  };
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 10000);
  console.log(JSON.stringify(benchCompliance(count)));
}
