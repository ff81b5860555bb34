import { Testing } from 'cdk8s';
import { everyOptionRbac } from './util';
import { exampleRbac } from '../../examples/rbac';
import { Compliance } from '../../src/compliance/compliance';

// SeparatedRbac's deliberate exceptions (cluster administrators read Secrets, the reasoned exec
// grant, break-glass) are acknowledged with their reasons; everything else passes the
// compliance engine's rules as synthesized.

describe('SeparatedRbac and the compliance engine', () => {
  test('the example has no open findings; only the administrators\' Secrets access and RBAC management are acknowledged', () => {
    // GIVEN
    const chart = Testing.chart();
    exampleRbac(chart, ['storefront', 'payments']);
    // WHEN
    const result = Compliance.check(chart);
    // THEN
    expect(result.findings.map(f => Compliance.formatFinding(f))).toEqual([]);
    expect(result.acknowledged.map(f => `${f.ruleId} ${f.resourceKind} ${f.resourceName}`)).toEqual([
      'ClusterAdminBinding ClusterRoleBinding hardening:cluster-admin',
      'SecretsAccess ClusterRole hardening:cluster-admin',
      'PodCreate Role hardening:deployer',
      'PodCreate Role hardening:deployer',
      'PodCreate Role hardening:deployer',
      'PodCreate Role hardening:deployer',
      'RbacEscalation ClusterRole hardening:cluster-admin',
      'RbacImpersonation ClusterRole hardening:cluster-admin',
    ]);
  });

  test('every option: exec and break-glass are acknowledged with the user\'s reasons, nothing is open', () => {
    // GIVEN
    const chart = Testing.chart();
    everyOptionRbac(chart);
    // WHEN
    const result = Compliance.check(chart);
    // THEN
    expect(result.findings.map(f => Compliance.formatFinding(f))).toEqual([]);
    expect(result.acknowledged.map(f => `${f.ruleId} ${f.resourceKind} ${f.resourceName}`).sort()).toEqual([
      'ClusterAdminBinding ClusterRoleBinding hardening:break-glass',
      'ClusterAdminBinding ClusterRoleBinding hardening:cluster-admin',
      'PodCreate Role hardening:deployer',
      'PodCreate Role hardening:deployer',
      'PodExec Role hardening:developer-exec',
      'RbacEscalation ClusterRole hardening:cluster-admin',
      'RbacImpersonation ClusterRole hardening:cluster-admin',
      'SecretsAccess ClusterRole hardening:cluster-admin',
    ]);
  });
});
