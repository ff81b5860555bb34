import { Testing } from 'cdk8s';
import { FakeWorkload } from './util';
import { exampleRbac } from '../../examples/rbac';
import { Compliance } from '../../src/compliance/compliance';
import { SeparatedRbac, Subject } from '../../src/rbac';

// SeparatedRbac's deliberate exceptions (cluster administrators read Secrets, the reasoned exec
// grant, break-glass) are acknowledged with their reasons; everything else passes the
// compliance engine's rules as synthesized.

describe('SeparatedRbac and the compliance engine', () => {
  test('the example has no open findings; only the administrators\' Secrets access is acknowledged', () => {
    // GIVEN
    const chart = Testing.chart();
    exampleRbac(chart, ['storefront', 'payments']);
    // WHEN
    const result = Compliance.check(chart);
    // THEN
    expect(result.findings.map(f => Compliance.formatFinding(f))).toEqual([]);
    expect(result.acknowledged.map(f => `${f.ruleId} ${f.resourceKind} ${f.resourceName}`)).toEqual(['SecretsAccess ClusterRole hardening:cluster-admin']);
  });

  test('every option: exec and break-glass are acknowledged with the user\'s reasons, nothing is open', () => {
    // GIVEN
    const chart = Testing.chart();
    const controller = new FakeWorkload(chart, 'controller', 'payments-controller', 'payments');
    new SeparatedRbac(chart, 'rbac', {
      clusterAdmins: [Subject.group('k8s-admins')],
      infrastructureManagers: [Subject.group('platform-ops')],
      auditors: [Subject.group('security-audit')],
      breakGlass: { subjects: [Subject.group('k8s-break-glass')], reason: 'control-plane recovery, see runbook RB-7' },
      tenants: [{
        name: 'payments',
        deployers: [Subject.serviceAccount('ci', 'payments-deployer')],
        developers: [Subject.group('payments-devs')],
        viewers: [Subject.group('payments-support')],
        developerExecReason: 'on-call debugging of the ledger (INC-42)',
      }],
      workloadGrants: [{
        workload: controller,
        reason: 'leader election between replicas',
        rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['payments-leader'] }],
      }],
    });
    // WHEN
    const result = Compliance.check(chart);
    // THEN
    expect(result.findings.map(f => Compliance.formatFinding(f))).toEqual([]);
    expect(result.acknowledged.map(f => `${f.ruleId} ${f.resourceKind} ${f.resourceName}`).sort()).toEqual([
      'ClusterAdminBinding ClusterRoleBinding hardening:break-glass',
      'PodExec Role hardening:developer-exec',
      'SecretsAccess ClusterRole hardening:cluster-admin',
    ]);
  });
});
