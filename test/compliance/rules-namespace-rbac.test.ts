import { defaultDeny, deployment, findingPaths, namespace, role, roleBinding, runRule } from './fixtures';

describe('PsaLabels', () => {
  test('Compliance: enforce, audit and warn at restricted, with versions', () => {
    expect(runRule('PsaLabels', namespace())).toEqual({ status: 'compliant' });
  });
  test('Compliance: baseline is the weakest level it accepts', () => {
    expect(runRule('PsaLabels', namespace('shop', 'baseline'))).toEqual({ status: 'compliant' });
  });
  test('fails a privileged level, a missing label and a bad version', () => {
    const ns = namespace('shop', 'privileged');
    delete ns.metadata.labels['pod-security.kubernetes.io/warn'];
    ns.metadata.labels['pod-security.kubernetes.io/audit'] = 'restricted';
    ns.metadata.labels['pod-security.kubernetes.io/audit-version'] = '1.30';
    expect(findingPaths('PsaLabels', ns)).toEqual([
      'metadata.labels["pod-security.kubernetes.io/enforce"]',
      'metadata.labels["pod-security.kubernetes.io/audit-version"]',
      'metadata.labels["pod-security.kubernetes.io/warn"]',
    ]);
  });
  test('not applicable to other kinds', () => {
    expect(runRule('PsaLabels', deployment())).toEqual({ status: 'not-applicable' });
  });
});

describe('PsaRestricted', () => {
  test('Compliance: every mode restricted', () => {
    expect(runRule('PsaRestricted', namespace())).toEqual({ status: 'compliant' });
  });
  test('fails every mode below restricted, and leaves missing labels to PsaLabels', () => {
    const ns = namespace('shop', 'baseline');
    ns.metadata.labels['pod-security.kubernetes.io/warn'] = 'privileged';
    delete ns.metadata.labels['pod-security.kubernetes.io/audit'];
    expect(findingPaths('PsaRestricted', ns)).toEqual([
      'metadata.labels["pod-security.kubernetes.io/enforce"]',
      'metadata.labels["pod-security.kubernetes.io/warn"]',
    ]);
  });
  test('not applicable to other kinds', () => {
    expect(runRule('PsaRestricted', deployment())).toEqual({ status: 'not-applicable' });
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
    expect(runRule('RbacWildcards', role())).toEqual({ status: 'compliant' });
    expect(runRule('RbacWildcards', role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]))).toEqual({ status: 'compliant' });
  });
  test('fails wildcards in verbs, resources, apiGroups and nonResourceURLs', () => {
    expect(findingPaths('RbacWildcards', role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['/metrics*'], verbs: ['get'] }], 'ClusterRole')))
      .toEqual(['rules[0].apiGroups[0]', 'rules[0].resources[0]', 'rules[0].verbs[0]', 'rules[1].nonResourceURLs[0]']);
  });
});

describe('ClusterAdminBinding', () => {
  test('Compliance: a RoleBinding to the workload Role', () => {
    expect(runRule('ClusterAdminBinding', roleBinding())).toEqual({ status: 'compliant' });
  });
  test('fails a ClusterRoleBinding to cluster-admin', () => {
    expect(findingPaths('ClusterAdminBinding', roleBinding({ kind: 'ClusterRole', name: 'cluster-admin', apiGroup: 'rbac.authorization.k8s.io' }, undefined, 'ClusterRoleBinding')))
      .toEqual(['roleRef.name']);
  });
});

describe('AnonymousSubjects', () => {
  test('fails system:anonymous and system:unauthenticated', () => {
    expect(findingPaths('AnonymousSubjects', roleBinding(undefined, [
      { kind: 'User', name: 'system:anonymous' }, { kind: 'ServiceAccount', name: 'web' }, { kind: 'Group', name: 'system:unauthenticated' },
    ]))).toEqual(['subjects[0].name', 'subjects[2].name']);
  });
  test('Compliance: a ServiceAccount subject', () => {
    expect(runRule('AnonymousSubjects', roleBinding())).toEqual({ status: 'compliant' });
  });
});

describe('SecretsAccess', () => {
  test('Compliance: get on named Secrets', () => {
    expect(runRule('SecretsAccess', role([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['db-credentials'], verbs: ['get', 'watch'] }])))
      .toEqual({ status: 'compliant' });
  });
  test('Compliance: writing Secrets is not reading them', () => {
    expect(runRule('SecretsAccess', role([{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }]))).toEqual({ status: 'compliant' });
  });
  test('fails reading every Secret, list by name, and a resources wildcard', () => {
    expect(findingPaths('SecretsAccess', role([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['a'], verbs: ['list'] },
      { apiGroups: ['*'], resources: ['*'], verbs: ['watch'] },
      { apiGroups: ['apps'], resources: ['*'], verbs: ['get'] },
    ]))).toEqual(['rules[0].resourceNames', 'rules[1].verbs', 'rules[2].resourceNames']);
  });
});

describe('PodExec', () => {
  test('fails create on pods/exec and pods/*', () => {
    expect(findingPaths('PodExec', role([
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods/*'], verbs: ['*'] },
    ]))).toEqual(['rules[0].resources', 'rules[1].resources', 'rules[1].resources', 'rules[1].resources']);
  });
  test('Compliance: reading pods and logs', () => {
    expect(runRule('PodExec', role([{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'create'] }]))).toEqual({ status: 'compliant' });
  });
});
