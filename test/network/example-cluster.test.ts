import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ExampleCluster, synthExample } from '../../examples/main';
import { Compliance, NetworkReachability } from '../../src';
import { Json, ofKind } from '../helpers';

describe('example cluster', () => {
  const app = Testing.app();
  const cluster = new ExampleCluster(app, 'cluster');
  const manifests = Testing.synth(cluster) as Json[];

  test('synthesizes to a directory', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
    synthExample(outdir);
    expect(fs.readdirSync(outdir).sort()).toEqual(['cluster.k8s.yaml', 'control-plane.k8s.yaml']);
  });

  test('the paths computed from the synthesized policies (test/network/pictures.test.ts keeps the README\'s picture current)', () => {
    const reach = NetworkReachability.of(cluster);
    // every workload is in the picture, the queue's cluster routes included
    expect(reach.workloads).toEqual(['data/db-migrate', 'data/nightly-report', 'data/order-worker', 'data/orders-db', 'data/queue',
      'payments/payments-api', 'storefront/api', 'storefront/web']);
    expect(reach.paths.filter(p => p.source === p.destination).map(p => `${p.source}: ${p.ports.join(', ')}`)).toEqual(['data/queue: TCP 6222 (cluster)']);
    // nothing from anywhere: every workload is isolated both ways
    expect(reach.nodes).not.toContain('anywhere');
  });

  test('opens exactly the network paths the shop needs', () => {
    const allows = ofKind(manifests, 'NetworkPolicy')
      .filter(p => p.spec.ingress || p.spec.egress)
      .map(p => `${p.metadata.namespace}/${p.metadata.name}`)
      .sort();
    expect(allows).toEqual([
      'data/allow-dns-egress',
      'data/db-migrate-allow-egress-to-orders-db',
      'data/nightly-report-allow-egress-to-cidr-198-51-100-0-24',
      'data/nightly-report-allow-egress-to-orders-db',
      'data/order-worker-allow-egress-to-orders-db',
      'data/order-worker-allow-egress-to-queue',
      'data/orders-db-allow-ingress-from-api',
      'data/orders-db-allow-ingress-from-db-migrate',
      'data/orders-db-allow-ingress-from-nightly-report',
      'data/orders-db-allow-ingress-from-order-worker',
      'data/orders-db-allow-ingress-from-payments-api',
      'data/queue-allow-egress-to-queue',
      'data/queue-allow-ingress-from-api',
      'data/queue-allow-ingress-from-order-worker',
      'data/queue-allow-ingress-from-queue',
      'payments/allow-dns-egress',
      'payments/payments-api-allow-egress-to-cidr-203-0-113-0-24',
      'payments/payments-api-allow-egress-to-orders-db',
      'payments/payments-api-allow-ingress-from-api',
      'storefront/allow-dns-egress',
      'storefront/api-allow-egress-to-orders-db',
      'storefront/api-allow-egress-to-payments-api',
      'storefront/api-allow-egress-to-queue',
      'storefront/api-allow-ingress-from-web',
      'storefront/web-allow-egress-to-api',
      'storefront/web-allow-ingress-from-ns-ingress-nginx-ingress-nginx',
    ]);
    // Every allow names its ports; none opens every port or every peer.
    for (const p of ofKind(manifests, 'NetworkPolicy')) {
      for (const rule of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) {
        expect(rule.ports?.length).toBeGreaterThan(0);
        expect((rule.from ?? rule.to)?.length).toBeGreaterThan(0);
      }
      expect(p.metadata.annotations?.['cdk8s-hardening.io/allow-reason']).toBeUndefined();
    }
  });

  test('every pod is selected by its own deny-all policy and lives in a hardened namespace', () => {
    const namespaces = ofKind(manifests, 'Namespace').map(n => n.metadata.name).sort();
    expect(namespaces).toEqual(['data', 'payments', 'storefront']);
    const workloads = manifests.filter(m => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(m.kind));
    expect(workloads).toHaveLength(8);
    for (const w of workloads) {
      expect(namespaces).toContain(w.metadata.namespace);
      const labels = (w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template : w.spec.template).metadata.labels;
      const denyAll = ofKind(manifests, 'NetworkPolicy').filter(p => !p.spec.ingress && !p.spec.egress
        && p.metadata.namespace === w.metadata.namespace && JSON.stringify(p.spec.podSelector.matchLabels) === JSON.stringify(labels));
      expect(denyAll).toHaveLength(1);
    }
  });

  test('the replicated workloads have a disruption budget, the single-replica database none', () => {
    const budgets = ofKind(manifests, 'PodDisruptionBudget').map(b => `${b.metadata.namespace}/${b.metadata.name}`).sort();
    expect(budgets).toEqual(['data/order-worker', 'data/queue', 'payments/payments-api', 'storefront/api', 'storefront/web']);
  });

  test('every replica fits the namespace quotas (limits.cpu 8, limits.memory 16Gi)', () => {
    const perNamespace = new Map<string, { cpu: number; memoryMi: number }>();
    for (const w of manifests.filter(m => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(m.kind))) {
      const pod = w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template.spec : w.spec.template.spec;
      const replicas = w.spec.replicas ?? 1;
      const total = perNamespace.get(w.metadata.namespace) ?? { cpu: 0, memoryMi: 0 };
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(c.resources.limits.cpu).toMatch(/^[0-9]+m$/);
        expect(c.resources.limits.memory).toMatch(/^[0-9]+Mi$/);
        total.cpu += replicas * parseInt(c.resources.limits.cpu, 10) / 1000;
        total.memoryMi += replicas * parseInt(c.resources.limits.memory, 10);
      }
      perNamespace.set(w.metadata.namespace, total);
    }
    for (const total of perNamespace.values()) {
      expect(total.cpu).toBeLessThanOrEqual(8);
      expect(total.memoryMi).toBeLessThanOrEqual(16 * 1024);
    }
  });

  test('images are pinned: a version tag, never latest', () => {
    for (const w of manifests.filter(m => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(m.kind))) {
      const pod = w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template.spec : w.spec.template.spec;
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(c.image).toMatch(/:[0-9][^@]*(@sha256:[0-9a-f]{64})?$/);
      }
    }
  });

  test('zero findings against every pack (PSS baseline, PSS restricted, NSA/CISA)', () => {
    const result = Compliance.check(cluster);
    expect(result.packs).toEqual(expect.arrayContaining(['pss-baseline', 'pss-restricted', 'nsa-cisa']));
    expect(result.rules.length).toBeGreaterThan(0);
    expect(result.findings.map(f => Compliance.formatFinding(f))).toEqual([]);
    // The deliberate exceptions: cluster administrators read Secrets and manage RBAC (cluster-admin in
    // all but name), deployers ship workloads (SeparatedRbac says why); the admission rules the
    // NSA/CISA pack rates warnings warn and audit (AdmissionGuardrails says why).
    expect(result.acknowledged.map(f => `${f.ruleId} ${f.resourceKind}/${f.resourceName}`)).toEqual([
      'ClusterAdminBinding ClusterRoleBinding/hardening:cluster-admin',
      'SecretsAccess ClusterRole/hardening:cluster-admin',
      ...Array(6).fill('PodCreate Role/hardening:deployer'),
      'RbacEscalation ClusterRole/hardening:cluster-admin',
      'RbacImpersonation ClusterRole/hardening:cluster-admin',
      'AdmissionPolicyWeakened ValidatingAdmissionPolicyBinding/cdk8s-hardening-credentials-in-config',
      'AdmissionPolicyWeakened ValidatingAdmissionPolicyBinding/cdk8s-hardening-psa-restricted',
      // PodCreate's policies, one per kind group: roles, cluster roles, bindings
      ...['roles', 'cluster-roles', 'bindings'].map(g => `AdmissionPolicyWeakened ValidatingAdmissionPolicyBinding/cdk8s-hardening-pod-create-${g}`),
    ]);
    expect(result.acknowledged[1].acknowledgement).toMatch(/cluster administrators are the one persona that reads Secrets/);
    expect(result.objectCount).toBe(manifests.length);
  });
});
