import { defaultDeny, deployment, findingPaths, namespace, runRule } from './fixtures';
import { outcomeOf, pathsOf, ruleFixtures } from './rule-fixtures';

const F = ruleFixtures();

describe('PsaLabels', () => {
  const P = F.PsaLabels;
  test('Compliance: enforce, audit and warn at restricted, with versions', () => {
    expect(outcomeOf('PsaLabels', P.restricted)).toEqual({ status: 'compliant' });
  });
  test('Compliance: baseline is the weakest level it accepts', () => {
    expect(outcomeOf('PsaLabels', P.baseline)).toEqual({ status: 'compliant' });
  });
  test('fails a privileged level, a missing label and a bad version', () => {
    expect(pathsOf('PsaLabels', P.privilegedMissingAndBadVersion)).toEqual([
      'metadata.labels["pod-security.kubernetes.io/enforce"]',
      'metadata.labels["pod-security.kubernetes.io/audit-version"]',
      'metadata.labels["pod-security.kubernetes.io/warn"]',
    ]);
  });
  test('fails a namespace without labels, a version with a leading zero and a capitalized level', () => {
    expect(pathsOf('PsaLabels', P.noLabels)).toHaveLength(3);
    expect(pathsOf('PsaLabels', P.versionLeadingZero)).toEqual(['metadata.labels["pod-security.kubernetes.io/warn-version"]']);
    expect(pathsOf('PsaLabels', P.levelCapitalized)).toEqual(['metadata.labels["pod-security.kubernetes.io/enforce"]']);
  });
  test('Compliance: no version labels, and version v1.0', () => {
    expect(outcomeOf('PsaLabels', P.versionsUnset)).toEqual({ status: 'compliant' });
    expect(outcomeOf('PsaLabels', P.versionZero)).toEqual({ status: 'compliant' });
  });
  test('not applicable to other kinds', () => {
    expect(outcomeOf('PsaLabels', P.deployment)).toEqual({ status: 'not-applicable' });
  });
});

describe('PsaRestricted', () => {
  const P = F.PsaRestricted;
  test('Compliance: every mode restricted, and no labels (PsaLabels reports those)', () => {
    expect(outcomeOf('PsaRestricted', P.restricted)).toEqual({ status: 'compliant' });
    expect(outcomeOf('PsaRestricted', P.noLabels)).toEqual({ status: 'compliant' });
  });
  test('fails every mode below restricted, and leaves missing labels to PsaLabels', () => {
    expect(pathsOf('PsaRestricted', P.baselineAndPrivileged)).toEqual([
      'metadata.labels["pod-security.kubernetes.io/enforce"]',
      'metadata.labels["pod-security.kubernetes.io/warn"]',
    ]);
    expect(pathsOf('PsaRestricted', P.auditBaseline)).toEqual(['metadata.labels["pod-security.kubernetes.io/audit"]']);
  });
  test('not applicable to other kinds', () => {
    expect(outcomeOf('PsaRestricted', P.deployment)).toEqual({ status: 'not-applicable' });
  });
});

describe('DefaultDenyNetworkPolicy', () => {
  test('Compliance: one policy denying Ingress and Egress', () => {
    expect(runRule('DefaultDenyNetworkPolicy', namespace(), defaultDeny())).toEqual({ status: 'compliant' });
  });
  test('Compliance: two policies, one per direction', () => {
    const ingress = defaultDeny();
    ingress.spec.policyTypes = ['Ingress'];
    const egress = defaultDeny();
    egress.metadata.name = 'deny-egress';
    egress.spec.policyTypes = ['Egress'];
    expect(runRule('DefaultDenyNetworkPolicy', namespace(), ingress, egress)).toEqual({ status: 'compliant' });
  });
  test('fails no policy, a policy in another namespace, an ingress-only policy, and one with rules', () => {
    expect(findingPaths('DefaultDenyNetworkPolicy', namespace())).toHaveLength(2);
    expect(findingPaths('DefaultDenyNetworkPolicy', namespace(), defaultDeny('other'))).toHaveLength(2);
    const ingressOnly = defaultDeny();
    delete ingressOnly.spec.policyTypes; // the API defaults to Ingress only
    expect(runRule('DefaultDenyNetworkPolicy', namespace(), ingressOnly)).toMatchObject({ findings: [{ message: expect.stringContaining('Egress') }] });
    const allowAll = defaultDeny();
    allowAll.spec.egress = [{}];
    expect(runRule('DefaultDenyNetworkPolicy', namespace(), allowAll)).toMatchObject({ findings: [{ message: expect.stringContaining('Egress') }] });
  });
  test('fails a policy selecting only some pods', () => {
    const partial = defaultDeny();
    partial.spec.podSelector = { matchLabels: { app: 'web' } };
    expect(findingPaths('DefaultDenyNetworkPolicy', namespace(), partial)).toHaveLength(2);
  });
});

describe('NetworkPolicySelectsWorkload', () => {
  test('Compliance: selected by the default deny of its namespace', () => {
    expect(runRule('NetworkPolicySelectsWorkload', deployment(), defaultDeny())).toEqual({ status: 'compliant' });
  });
  test('Compliance: workload and policy both without namespace (the apply\'s namespace)', () => {
    expect(runRule('NetworkPolicySelectsWorkload', deployment(undefined, null), defaultDeny(null))).toEqual({ status: 'compliant' });
  });
  test('Compliance: selected by matchExpressions, one policy per direction', () => {
    const a = defaultDeny();
    a.spec = { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] };
    const b = defaultDeny();
    b.spec = { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] };
    expect(runRule('NetworkPolicySelectsWorkload', deployment(), a, b)).toEqual({ status: 'compliant' });
  });
  test('fails a workload with no namespace when the policy names one, and the reverse', () => {
    expect(findingPaths('NetworkPolicySelectsWorkload', deployment(undefined, null), defaultDeny('shop'))).toEqual(['spec.template.metadata.labels']);
    expect(findingPaths('NetworkPolicySelectsWorkload', deployment(), defaultDeny(null))).toEqual(['spec.template.metadata.labels']);
  });
  test('fails a policy selecting other pods, and one covering only Ingress', () => {
    const other = defaultDeny();
    other.spec.podSelector = { matchLabels: { app: 'db' } };
    expect(findingPaths('NetworkPolicySelectsWorkload', deployment(), other)).toHaveLength(1);
    const notIn = defaultDeny();
    notIn.spec.podSelector = { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] };
    expect(findingPaths('NetworkPolicySelectsWorkload', deployment(), notIn)).toHaveLength(1);
    const ingress = defaultDeny();
    ingress.spec.policyTypes = ['Ingress'];
    expect(runRule('NetworkPolicySelectsWorkload', deployment(), ingress)).toMatchObject({ findings: [{ message: expect.stringContaining('governing Egress') }] });
  });
});

describe('RbacWildcards', () => {
  test('Compliance: an empty Role and an explicit one', () => {
    expect(outcomeOf('RbacWildcards', F.RbacWildcards.emptyRole)).toEqual({ status: 'compliant' });
    expect(outcomeOf('RbacWildcards', F.RbacWildcards.explicitRole)).toEqual({ status: 'compliant' });
  });
  test('fails wildcards in verbs, resources, apiGroups and nonResourceURLs', () => {
    expect(pathsOf('RbacWildcards', F.RbacWildcards.wildcardsEverywhere))
      .toEqual(['rules[0].apiGroups[0]', 'rules[0].resources[0]', 'rules[0].verbs[0]', 'rules[1].nonResourceURLs[0]']);
  });
});

describe('ClusterAdminBinding', () => {
  test('Compliance: a RoleBinding to the workload Role', () => {
    expect(outcomeOf('ClusterAdminBinding', F.ClusterAdminBinding.toWorkloadRole)).toEqual({ status: 'compliant' });
  });
  test('fails a ClusterRoleBinding to cluster-admin', () => {
    expect(pathsOf('ClusterAdminBinding', F.ClusterAdminBinding.clusterRoleBindingToClusterAdmin)).toEqual(['roleRef.name']);
  });
});

describe('AnonymousSubjects', () => {
  test('fails system:anonymous and system:unauthenticated', () => {
    expect(pathsOf('AnonymousSubjects', F.AnonymousSubjects.anonymousAndUnauthenticated)).toEqual(['subjects[0].name', 'subjects[2].name']);
  });
  test('Compliance: a ServiceAccount subject, and a binding without subjects', () => {
    expect(outcomeOf('AnonymousSubjects', F.AnonymousSubjects.serviceAccount)).toEqual({ status: 'compliant' });
    expect(outcomeOf('AnonymousSubjects', F.AnonymousSubjects.noSubjects)).toEqual({ status: 'compliant' });
  });
});

describe('SecretsAccess', () => {
  test('Compliance: get on named Secrets', () => {
    expect(outcomeOf('SecretsAccess', F.SecretsAccess.getNamed)).toEqual({ status: 'compliant' });
  });
  test('Compliance: writing Secrets is not reading them', () => {
    expect(outcomeOf('SecretsAccess', F.SecretsAccess.create)).toEqual({ status: 'compliant' });
  });
  test('fails reading every Secret, list by name, and a resources wildcard', () => {
    expect(pathsOf('SecretsAccess', F.SecretsAccess.readingEveryOne)).toEqual(['rules[0].resourceNames', 'rules[1].verbs', 'rules[2].resourceNames']);
  });
  test('fails "*" on named Secrets, which lists them', () => {
    expect(pathsOf('SecretsAccess', F.SecretsAccess.starOnNamed)).toEqual(['rules[0].verbs']);
  });
});

describe('PodExec', () => {
  test('fails create on pods/exec and pods/*', () => {
    expect(pathsOf('PodExec', F.PodExec.execAndPodsStar)).toEqual(['rules[0].resources', 'rules[1].resources', 'rules[1].resources', 'rules[1].resources']);
  });
  test('Compliance: reading pods and logs', () => {
    expect(outcomeOf('PodExec', F.PodExec.readingPodsAndLogs)).toEqual({ status: 'compliant' });
  });
});
