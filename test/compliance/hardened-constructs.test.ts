import { ApiObject, Chart, Cron, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Compliance,
  CompliancePack,
  HardenedCronJob,
  HardenedDaemonSet,
  HardenedDeployment,
  HardenedJob,
  HardenedNamespace,
  HardenedStatefulSet,
  Peer,
  PolicyPort,
  SeparatedRbac,
  Subject,
} from '../../src';
import { small } from '../helpers';

/**
 * Our own constructs are checked by our own engine, in every pack: whatever they emit by
 * default, and with their options, has zero findings and needs no acknowledgement.
 */
function inNamespace(build: (chart: Chart, namespace: string) => void): Chart {
  const chart = Testing.chart();
  const ns = new HardenedNamespace(chart, 'ns', { name: 'apps' });
  build(chart, ns.namespaceName);
  return chart;
}

function expectClean(chart: Chart): void {
  const result = Compliance.check(chart);
  expect(result.packs.sort()).toEqual(CompliancePack.all().map(p => p.name).sort());
  expect(result.findings.map(f => Compliance.formatFinding(f))).toEqual([]);
  expect(result.acknowledged).toEqual([]);
  expect(result.objectCount).toBe(Testing.synth(chart).length);
}

describe('hardened constructs pass every pack', () => {
  test('HardenedNamespace alone', () => {
    expectClean(inNamespace(() => undefined));
  });

  test('HardenedDeployment, defaults and options', () => {
    expectClean(inNamespace((chart, namespace) => {
      new HardenedDeployment(chart, 'plain', { metadata: { namespace }, containers: [{ image: 'web:1.0.0' }] });
      const d = new HardenedDeployment(chart, 'full', {
        metadata: { namespace },
        replicas: 4,
        runAsUser: 10001,
        runAsGroup: 10001,
        writablePaths: ['/tmp'],
        seccompLocalhostProfile: 'profiles/web.json',
        serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'web@acme.iam.gserviceaccount.com' },
        initContainers: [{ image: 'busybox:1.36.1', resources: small }],
        containers: [{ image: 'web:1.0.0', ports: [{ number: 8080, name: 'http' }], resources: small, securityContext: { capabilities: { add: [kplus.Capability.NET_BIND_SERVICE] } } }],
      });
      d.addContainer({ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', resources: small });
    }));
  });

  test('HardenedStatefulSet, HardenedDaemonSet, HardenedJob, HardenedCronJob', () => {
    expectClean(inNamespace((chart, namespace) => {
      new HardenedStatefulSet(chart, 'db', {
        metadata: { namespace },
        volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: '/data' }],
        containers: [{ image: 'postgres:16.4-alpine3.20', ports: [{ number: 5432, name: 'postgres' }], resources: small }],
      });
      new HardenedDaemonSet(chart, 'agent', { metadata: { namespace }, containers: [{ image: 'agent:0.9.1', resources: small }] });
      new HardenedJob(chart, 'migrate', { metadata: { namespace }, containers: [{ image: 'migrate:2.0.0', resources: small }] });
      new HardenedCronJob(chart, 'report', {
        metadata: { namespace },
        schedule: Cron.daily(),
        containers: [{ image: 'report:1.8.0', resources: small }],
      });
    }));
  });

  test('connections between workloads', () => {
    expectClean(inNamespace((chart, namespace) => {
      const web = new HardenedDeployment(chart, 'web', { metadata: { namespace }, containers: [{ image: 'web:1.0.0', portNumber: 8080, resources: small }] });
      const api = new HardenedDeployment(chart, 'api', { metadata: { namespace }, containers: [{ image: 'api:1.0.0', portNumber: 8443, resources: small }] });
      api.exposeToPeers({ port: 443, targetPort: 8443, peers: [Peer.workload(web)] });
      api.allowEgressTo(Peer.cidr('10.0.0.0/8', { exceptCidrs: ['10.96.0.0/12'] }), { ports: [PolicyPort.tcp(443)] });
    }));
  });

  test('SeparatedRbac: only its declared exceptions (administrators, deployers), acknowledged with their reasons', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'ns', { name: 'payments' });
    new SeparatedRbac(chart, 'rbac', {
      clusterAdmins: [Subject.group('k8s-admins')],
      infrastructureManagers: [Subject.group('platform-ops')],
      auditors: [Subject.group('security-audit')],
      tenants: [{ name: 'payments', deployers: [Subject.group('payments-ci')], developers: [Subject.group('payments-devs')] }],
    });
    const result = Compliance.check(chart);
    expect(result.findings).toEqual([]);
    expect(result.acknowledged.map(f => `${f.ruleId} ${f.resourceKind} ${f.resourceName}`)).toEqual([
      'ClusterAdminBinding ClusterRoleBinding hardening:cluster-admin', 'SecretsAccess ClusterRole hardening:cluster-admin',
      // the deployer Role writes Deployments, StatefulSets, Jobs and CronJobs (two rules)
      'PodCreate Role hardening:deployer', 'PodCreate Role hardening:deployer',
      'RbacEscalation ClusterRole hardening:cluster-admin', 'RbacImpersonation ClusterRole hardening:cluster-admin',
    ]);
  });

  test('fails when an escape hatch weakens a hardened workload', () => {
    const chart = inNamespace((c, namespace) => {
      const d = new HardenedDeployment(c, 'web', { metadata: { namespace }, containers: [{ image: 'web:1.0.0' }] });
      ApiObject.of(d).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/privileged', true));
    });
    const result = Compliance.check(chart);
    expect(result.findings.map(f => `${f.ruleId} ${f.resourceKind} ${f.constructPath}`)).toEqual(['PrivilegedContainer Deployment test/web/Resource']);
  });
});
