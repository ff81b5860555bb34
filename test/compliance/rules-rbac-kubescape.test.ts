// The RBAC rules against the semantics of the Kubescape controls whose ids they carry
// (docs/compliance.md, "RBAC rules and Kubescape"). Cases named after a Kubescape rule test use
// the shape of that test's input, written here in our own words; every deliberate difference
// from Kubescape has its own case.
import { findingPaths, Json, runRule } from './fixtures';
import { CompliancePack } from '../../src/compliance';

const API = 'rbac.authorization.k8s.io/v1';
const GROUP = 'rbac.authorization.k8s.io';

/** A Role or ClusterRole, optionally labelled; `namespace: null` leaves metadata.namespace unset. */
function roleOf(kind: 'Role' | 'ClusterRole', name: string, namespace: string | null, rules: Json[], labels?: Record<string, string>): Json {
  return { apiVersion: API, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) }, rules };
}

/** A RoleBinding or ClusterRoleBinding; `namespace: null` leaves metadata.namespace unset. */
function bindingOf(kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, namespace: string | null, roleRef: [string, string], subjects: Json[]): Json {
  return {
    apiVersion: API,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: GROUP, kind: roleRef[0], name: roleRef[1] },
    subjects,
  };
}

const user = (name: string): Json => ({ apiGroup: GROUP, kind: 'User', name });
const group = (name: string): Json => ({ apiGroup: GROUP, kind: 'Group', name });
const serviceAccount = (name: string, namespace: string): Json => ({ kind: 'ServiceAccount', name, namespace });

/** A ClusterRole whose rules come from the ClusterRoles its selectors match. */
function aggregator(name: string, selectors: Json[]): Json {
  return { apiVersion: API, kind: 'ClusterRole', metadata: { name }, aggregationRule: { clusterRoleSelectors: selectors }, rules: [] };
}

function messages(ruleId: string, target: Json, ...others: Json[]): string[] {
  const outcome = runRule(ruleId, target, ...others);
  return outcome.status === 'non-compliant' ? outcome.findings.map(f => f.message) : [];
}

const toEditingUsers = (roleName: string, namespace = 'shop') => bindingOf('RoleBinding', 'editors', namespace, ['ClusterRole', roleName], [group('shop-devs')]);

describe('ClusterAdminBinding', () => {
  test('Compliance: a binding to an enumerated Role, and one to a role neither among the objects nor built in', () => {
    const reader = roleOf('Role', 'reader', 'shop', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]);
    expect(runRule('ClusterAdminBinding', bindingOf('RoleBinding', 'read', 'shop', ['Role', 'reader'], [user('jane')]), reader)).toEqual({ status: 'compliant' });
    expect(runRule('ClusterAdminBinding', bindingOf('ClusterRoleBinding', 'ops', null, ['ClusterRole', 'platform-operator'], [user('jane')]))).toEqual({ status: 'compliant' });
  });

  test('Compliance: every verb on every resource of a named group is not "administrative" (Kubescape counts "*" and the core group only)', () => {
    const apps = roleOf('ClusterRole', 'apps-admin', null, [{ apiGroups: ['apps'], resources: ['*'], verbs: ['*'] }]);
    expect(runRule('ClusterAdminBinding', toEditingUsers('apps-admin'), apps)).toEqual({ status: 'compliant' });
  });

  test('Compliance: the built-in admin and edit are not administrative in this sense (Kubescape C-0035 does not flag them either)', () => {
    expect(runRule('ClusterAdminBinding', toEditingUsers('admin'))).toEqual({ status: 'compliant' });
    expect(runRule('ClusterAdminBinding', toEditingUsers('edit'))).toEqual({ status: 'compliant' });
  });

  test('Compliance: a ClusterRoleBinding cannot refer to a Role, so it grants nothing', () => {
    const all = roleOf('Role', 'all', 'default', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]);
    expect(runRule('ClusterAdminBinding', bindingOf('ClusterRoleBinding', 'all', null, ['Role', 'all'], [user('jane')]), all)).toEqual({ status: 'compliant' });
  });

  test('fails a Role with "*" among other resources and verbs, bound in its namespace (Kubescape role-rolebinding)', () => {
    const role = roleOf('Role', 'test', 'kube-system', [{ apiGroups: ['*'], resources: ['pods/portforward', 'secrets', '*', 'services', '*'], verbs: ['*', 'delete'] }]);
    const binding = bindingOf('RoleBinding', 'pod', 'kube-system', ['Role', 'test'], [user('jane')]);
    expect(findingPaths('ClusterAdminBinding', binding, role)).toEqual(['roleRef.name']);
    expect(messages('ClusterAdminBinding', binding, role)[0]).toMatch(/grants every verb on every resource in namespace kube-system through Role "test"/);
  });

  test('fails a ClusterRole with every verb on every core resource, bound by a RoleBinding (Kubescape clusterrole-rolebinding)', () => {
    const role = roleOf('ClusterRole', 'test', null, [{ apiGroups: [''], resources: ['*'], verbs: ['*'] }]);
    expect(findingPaths('ClusterAdminBinding', bindingOf('RoleBinding', 'pod', 'kube-system', ['ClusterRole', 'test'], [user('jane')]), role)).toEqual(['roleRef.name']);
  });

  test('fails a ClusterRole with "*" next to named resources and verbs, bound to two groups (Kubescape clusterrole-clusterrolebinding)', () => {
    const role = roleOf('ClusterRole', 'test', null, [{ apiGroups: ['*'], resources: ['*', 'secrets', 'users'], verbs: ['get', '*'] }]);
    const binding = bindingOf('ClusterRoleBinding', 'read-secrets-global', null, ['ClusterRole', 'test'], [group('manager'), group('dev')]);
    expect(findingPaths('ClusterAdminBinding', binding, role)).toEqual(['roleRef.name']);
  });

  test('fails a binding to the built-in cluster-admin, which need not be among the objects, and one to a cluster-admin given with them (Kubescape C-0185)', () => {
    const binding = bindingOf('ClusterRoleBinding', 'ops', null, ['ClusterRole', 'cluster-admin'], [group('ops')]);
    expect(findingPaths('ClusterAdminBinding', binding)).toEqual(['roleRef.name']);
    const given = roleOf('ClusterRole', 'cluster-admin', null, [{ apiGroups: ['*'], resources: ['*', 'secrets', 'users'], verbs: ['get', '*'] }]);
    expect(messages('ClusterAdminBinding', binding, given)).toEqual(['ClusterRoleBinding "ops" grants cluster-admin']);
  });

  test('fails a binding to a ClusterRole whose aggregationRule selects every built-in role, cluster-admin included', () => {
    const everything = aggregator('everything', [{ matchLabels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } }]);
    const binding = bindingOf('ClusterRoleBinding', 'everything', null, ['ClusterRole', 'everything'], [group('ops')]);
    expect(findingPaths('ClusterAdminBinding', binding, everything)).toEqual(['roleRef.name']);
    expect(messages('ClusterAdminBinding', binding, everything)[0]).toMatch(/ClusterRole "everything", which aggregates the built-in ClusterRole "cluster-admin"/);
  });

  describe('a missing metadata.namespace is "default" for the lookup', () => {
    const all = (namespace: string | null) => roleOf('Role', 'all', namespace, [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]);
    const bind = (namespace: string | null) => bindingOf('RoleBinding', 'all', namespace, ['Role', 'all'], [user('jane')]);

    test('fails when neither names a namespace, or one names default and the other none', () => {
      expect(findingPaths('ClusterAdminBinding', bind(null), all(null))).toEqual(['roleRef.name']);
      expect(findingPaths('ClusterAdminBinding', bind(null), all('default'))).toEqual(['roleRef.name']);
      expect(findingPaths('ClusterAdminBinding', bind('default'), all(null))).toEqual(['roleRef.name']);
    });

    test('Compliance: a Role of another namespace is not the one the RoleBinding refers to', () => {
      expect(runRule('ClusterAdminBinding', bind('shop'), all(null))).toEqual({ status: 'compliant' });
      expect(runRule('ClusterAdminBinding', bind(null), all('shop'))).toEqual({ status: 'compliant' });
      expect(runRule('ClusterAdminBinding', bind('shop'), all('payments'))).toEqual({ status: 'compliant' });
    });
  });
});

describe('RbacWildcards', () => {
  test('fails "*/exec" and "pods/*" in resources', () => {
    expect(findingPaths('RbacWildcards', roleOf('Role', 'debug', 'shop', [{ apiGroups: [''], resources: ['pods', '*/exec', 'pods/*'], verbs: ['get'] }])))
      .toEqual(['rules[0].resources[1]', 'rules[0].resources[2]']);
  });

  test('fails a ClusterRole whose aggregationRule pulls in cluster-admin (an empty selector selects every ClusterRole)', () => {
    const all = aggregator('all', [{}]);
    expect(findingPaths('RbacWildcards', all)).toEqual(['aggregationRule.clusterRoleSelectors[0]', 'aggregationRule.clusterRoleSelectors[0]']);
    expect(messages('RbacWildcards', all)[0]).toMatch(/grants "\*" in apiGroups, resources, verbs through the built-in ClusterRole "cluster-admin"/);
  });

  test('Compliance: a ClusterRole aggregating what view aggregates, which names everything', () => {
    expect(runRule('RbacWildcards', aggregator('viewer', [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }])))
      .toEqual({ status: 'compliant' });
  });
});

describe('SecretsAccess', () => {
  test('fails list on secrets among other resources, next to "*" (Kubescape role-rolebinding)', () => {
    expect(findingPaths('SecretsAccess', roleOf('Role', 'test', 'kube-system', [{ apiGroups: [''], resources: ['rolebindings', 'secrets', 'serviceaccounts', 'services', '*'], verbs: ['list'] }])))
      .toEqual(['rules[0].resourceNames']);
  });

  test('fails watch on secrets in every API group (Kubescape clusterrole-clusterrolebinding)', () => {
    expect(findingPaths('SecretsAccess', roleOf('ClusterRole', 'test', null, [{ apiGroups: ['*'], resources: ['pods/log', 'secrets', 'users'], verbs: ['watch'] }])))
      .toEqual(['rules[0].resourceNames']);
  });

  test('fails bindings to the built-in edit and admin, which read every Secret of the namespace', () => {
    expect(findingPaths('SecretsAccess', toEditingUsers('edit'))).toEqual(['roleRef.name']);
    expect(messages('SecretsAccess', toEditingUsers('admin'))[0])
      .toMatch(/^RoleBinding "editors" reads every Secret \(get, list, watch\) without naming them through the built-in ClusterRole "admin", which aggregates the built-in ClusterRole "edit"/);
  });

  test('fails a ClusterRole that aggregates what edit aggregates', () => {
    const editLike = aggregator('edit-like', [{ matchExpressions: [{ key: 'rbac.authorization.k8s.io/aggregate-to-edit', operator: 'In', values: ['true'] }] }]);
    expect(findingPaths('SecretsAccess', editLike)).toEqual(['aggregationRule.clusterRoleSelectors[0]']);
    expect(messages('SecretsAccess', editLike)[0]).toMatch(/through the built-in ClusterRole "system:aggregate-to-edit"/);
  });

  test('fails a binding to the built-in view once a ClusterRole among the objects adds Secrets to it through aggregate-to-view', () => {
    const addsSecrets = roleOf('ClusterRole', 'secrets-for-viewers', null, [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
      { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' });
    const viewers = toEditingUsers('view');
    expect(runRule('SecretsAccess', viewers)).toEqual({ status: 'compliant' });
    expect(findingPaths('SecretsAccess', viewers, addsSecrets)).toEqual(['roleRef.name']);
    expect(messages('SecretsAccess', viewers, addsSecrets)[0]).toMatch(/which aggregates ClusterRole "secrets-for-viewers"/);
    expect(findingPaths('SecretsAccess', addsSecrets)).toEqual(['rules[0].resourceNames']);
  });

  test('Compliance: get and watch on Secrets named in resourceNames (looser than Kubescape, which fails any read: docs/compliance.md)', () => {
    expect(runRule('SecretsAccess', roleOf('Role', 'db', 'shop', [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['db'], verbs: ['get', 'watch'] }])))
      .toEqual({ status: 'compliant' });
  });

  test('Compliance: a binding to view; a binding to cluster-admin is ClusterAdminBinding\'s to report, and one to a role among the objects is reported on the role', () => {
    expect(runRule('SecretsAccess', toEditingUsers('view'))).toEqual({ status: 'compliant' });
    expect(runRule('SecretsAccess', toEditingUsers('cluster-admin'))).toEqual({ status: 'not-applicable' });
    const reader = roleOf('Role', 'reader', 'shop', [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]);
    expect(runRule('SecretsAccess', bindingOf('RoleBinding', 'r', 'shop', ['Role', 'reader'], [user('jane')]), reader)).toEqual({ status: 'not-applicable' });
  });
});

describe('PodExec', () => {
  test('fails "pods/*" with create (Kubescape clusterrole): exec and attach', () => {
    const role = roleOf('ClusterRole', 'secret-reader', null, [{ apiGroups: [''], resources: ['pods/*'], verbs: ['create', 'list'] }]);
    expect(messages('PodExec', role)).toEqual([
      'ClusterRole "secret-reader" lets its subjects use pods/exec ("pods/*") (create)',
      'ClusterRole "secret-reader" lets its subjects use pods/attach ("pods/*") (create)',
    ]);
  });

  test('fails "*" resources and verbs next to named ones (Kubescape role): exec, attach and ephemeral containers', () => {
    const role = roleOf('Role', 'pod-reader', 'default', [{ apiGroups: ['extensions', '*'], resources: ['nodes', 'pods', '*'], verbs: ['impersonate', 'create', 'list', '*'] }]);
    expect(findingPaths('PodExec', role)).toEqual(['rules[0].resources', 'rules[0].resources', 'rules[0].resources']);
  });

  test('fails "*/exec", get on pods/exec and pods/attach (WebSocket), and patch on pods/ephemeralcontainers', () => {
    expect(messages('PodExec', roleOf('Role', 'debug', 'shop', [
      { apiGroups: [''], resources: ['*/exec'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods/exec', 'pods/attach'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['patch'] },
    ]))).toEqual([
      'Role "debug" lets its subjects use pods/exec ("*/exec") (create)',
      'Role "debug" lets its subjects use pods/exec (get)',
      'Role "debug" lets its subjects use pods/attach (get)',
      'Role "debug" lets its subjects use pods/ephemeralcontainers (patch)',
    ]);
  });

  test('fails a binding to the built-in edit', () => {
    expect(messages('PodExec', toEditingUsers('edit'))).toEqual([
      'RoleBinding "editors" lets its subjects use pods/exec (get, create) through the built-in ClusterRole "edit", which aggregates the built-in ClusterRole "system:aggregate-to-edit"',
      'RoleBinding "editors" lets its subjects use pods/attach (get, create) through the built-in ClusterRole "edit", which aggregates the built-in ClusterRole "system:aggregate-to-edit"',
    ]);
  });

  test('Compliance: logs, reading ephemeral containers, and pods/exec of another API group', () => {
    expect(runRule('PodExec', roleOf('Role', 'dev', 'shop', [
      { apiGroups: [''], resources: ['pods', 'pods/log', 'pods/ephemeralcontainers'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['pods/exec'], verbs: ['create'] },
    ]))).toEqual({ status: 'compliant' });
    expect(runRule('PodExec', toEditingUsers('view'))).toEqual({ status: 'compliant' });
  });
});

describe('PodCreate', () => {
  test('Compliance: create on pods of the RBAC API group, which has none (Kubescape clusterrole-clusterrolebinding)', () => {
    expect(runRule('PodCreate', roleOf('ClusterRole', 'test', null, [{ apiGroups: [GROUP], resources: ['pods', 'rolebindings'], verbs: ['create', 'watch', 'list'] }])))
      .toEqual({ status: 'compliant' });
  });

  test('Compliance: evictions and controllers', () => {
    expect(runRule('PodCreate', roleOf('Role', 'ci', 'shop', [
      { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] },
    ]))).toEqual({ status: 'compliant' });
  });

  test('fails create on pods, "*" on every core resource (Kubescape clusterrole-rolebinding) and a binding to the built-in admin', () => {
    expect(findingPaths('PodCreate', roleOf('Role', 'runner', 'shop', [
      { apiGroups: [''], resources: ['pods'], verbs: ['create'] },
      { apiGroups: [''], resources: ['*'], verbs: ['*'] },
    ]))).toEqual(['rules[0].verbs', 'rules[1].verbs']);
    expect(findingPaths('PodCreate', toEditingUsers('admin'))).toEqual(['roleRef.name']);
  });
});

describe('NodeProxy', () => {
  test('fails nodes/proxy among pods and services (Kubescape clusterrole-rolebinding) and in every group (Kubescape role-rolebinding)', () => {
    expect(findingPaths('NodeProxy', roleOf('ClusterRole', 'test', null, [{ apiGroups: [''], resources: ['pods', 'services', 'nodes/proxy'], verbs: ['*', 'watch', 'list', 'get', 'create', 'connect'] }])))
      .toEqual(['rules[0].resources']);
    expect(findingPaths('NodeProxy', roleOf('Role', 'test', 'kube-system', [{ apiGroups: ['*'], resources: ['rolebindings', 'deployments', 'pods', 'nodes/proxy'], verbs: ['*', 'watch', 'create', 'update'] }])))
      .toEqual(['rules[0].resources']);
  });

  test('fails any verb (every HTTP method reaches the kubelet), "*/proxy" and "*"', () => {
    expect(messages('NodeProxy', roleOf('ClusterRole', 'agent', null, [
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['patch'] },
      { apiGroups: [''], resources: ['*/proxy'], verbs: ['get'] },
      { apiGroups: ['*'], resources: ['*'], verbs: ['list'] },
    ]))).toEqual([
      'ClusterRole "agent" lets its subjects reach the kubelet through nodes/proxy (patch)',
      'ClusterRole "agent" lets its subjects reach the kubelet through nodes/proxy ("*/proxy") (get)',
      'ClusterRole "agent" lets its subjects reach the kubelet through nodes/proxy ("*") (list)',
    ]);
  });

  test('Compliance: nodes, their metrics and stats; create on pods in the RBAC group (Kubescape clusterrole-clusterrolebinding)', () => {
    expect(runRule('NodeProxy', roleOf('ClusterRole', 'monitoring', null, [
      { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'nodes/stats'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [GROUP], resources: ['pods', 'rolebindings'], verbs: ['create', 'watch', 'list'] },
    ]))).toEqual({ status: 'compliant' });
  });
});

describe('RbacEscalation', () => {
  test('fails bind on roles, in a ClusterRole that names a namespace (Kubescape clusterrole-clusterrolebinding)', () => {
    expect(messages('RbacEscalation', roleOf('ClusterRole', 'test', 'default', [{ apiGroups: [GROUP], resources: ['pods', 'roles'], verbs: ['bind', 'watch', 'list'] }])))
      .toEqual(['ClusterRole "test" lets its subjects bind roles']);
  });

  test('fails "*" and escalate on clusterroles in every group (Kubescape role-rolebinding)', () => {
    expect(messages('RbacEscalation', roleOf('Role', 'test', 'default', [{ apiGroups: ['*'], resources: ['clusterroles'], verbs: ['*', 'escalate', 'create', 'update'] }])))
      .toEqual(['Role "test" lets its subjects *, escalate clusterroles']);
  });

  test('fails a ClusterRole that pulls in cluster-admin through its aggregationRule', () => {
    expect(findingPaths('RbacEscalation', aggregator('all', [{}]))).toEqual(['aggregationRule.clusterRoleSelectors[0]']);
  });

  test('Compliance: writing roles and bindings (the API server still refuses escalation), bind on rolebindings or in the core group', () => {
    expect(runRule('RbacEscalation', roleOf('Role', 'rbac-writer', 'shop', [
      { apiGroups: [GROUP], resources: ['roles', 'rolebindings'], verbs: ['create', 'update', 'patch', 'delete'] },
      { apiGroups: [GROUP], resources: ['rolebindings'], verbs: ['bind'] },
      { apiGroups: [''], resources: ['roles'], verbs: ['escalate'] },
    ]))).toEqual({ status: 'compliant' });
    expect(runRule('RbacEscalation', toEditingUsers('admin'))).toEqual({ status: 'compliant' });
  });
});

describe('RbacImpersonation', () => {
  test('fails "*" on users in every group (Kubescape clusterrole-clusterrolebinding)', () => {
    expect(messages('RbacImpersonation', roleOf('ClusterRole', 'test', null, [{ apiGroups: ['*'], resources: ['pods/log', 'events', 'users'], verbs: ['watch', '*'] }])))
      .toEqual(['ClusterRole "test" lets its subjects impersonate users ("*")']);
  });

  test('fails "*" on every core resource (Kubescape clusterrole-rolebinding) and impersonate next to "*" (Kubescape role-rolebinding)', () => {
    expect(findingPaths('RbacImpersonation', roleOf('ClusterRole', 'test', null, [{ apiGroups: [''], resources: ['*'], verbs: ['*'] }]))).toEqual(['rules[0].verbs']);
    expect(findingPaths('RbacImpersonation', roleOf('Role', 'test', 'kube-system', [
      { apiGroups: ['*'], resources: ['rolebindings', 'deployments', 'serviceaccounts', 'services', '*'], verbs: ['*', 'watch', 'impersonate', 'update'] },
    ]))).toEqual(['rules[0].verbs']);
  });

  test('fails uids and user extras in authentication.k8s.io, and a binding to the built-in edit (every ServiceAccount of the namespace)', () => {
    expect(messages('RbacImpersonation', roleOf('ClusterRole', 'proxy', null, [{ apiGroups: ['authentication.k8s.io'], resources: ['uids', 'userextras/scopes'], verbs: ['impersonate'] }])))
      .toEqual(['ClusterRole "proxy" lets its subjects impersonate uids, userextras']);
    expect(messages('RbacImpersonation', toEditingUsers('edit'))[0]).toMatch(/impersonate serviceaccounts through the built-in ClusterRole "edit"/);
  });

  test('Compliance: other verbs on users and groups, and impersonate on what is not an identity', () => {
    expect(runRule('RbacImpersonation', roleOf('ClusterRole', 'directory', null, [
      { apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['impersonate'] },
    ]))).toEqual({ status: 'compliant' });
  });
});

describe('BroadSubjectPrivileges', () => {
  const viewer = (rules: Json[]) => roleOf('ClusterRole', 'system:viewer', null, rules);
  const toAuthenticated = bindingOf('ClusterRoleBinding', 'system:viewer', null, ['ClusterRole', 'system:viewer'], [group('system:authenticated')]);

  test('fails system:authenticated bound to a role that reads nodes and pods (Kubescape fail)', () => {
    const role = viewer([{ apiGroups: [''], resources: ['nodes', 'nodes/*', 'namespaces', 'namespaces/*', 'pods', 'pods/*'], verbs: ['get', 'list', 'watch'] }]);
    expect(messages('BroadSubjectPrivileges', toAuthenticated, role))
      .toEqual(['ClusterRoleBinding "system:viewer" gives system:authenticated ClusterRole "system:viewer", which reaches pods through ClusterRole "system:viewer"']);
  });

  test('Compliance: system:authenticated bound to a role that reads ConfigMaps (Kubescape success), and to a role not among the objects', () => {
    expect(runRule('BroadSubjectPrivileges', toAuthenticated, viewer([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }])))
      .toEqual({ status: 'compliant' });
    expect(runRule('BroadSubjectPrivileges', toAuthenticated)).toEqual({ status: 'compliant' });
  });

  test('fails every ServiceAccount (of the cluster, of a namespace) bound to the built-in view, edit or cluster-admin', () => {
    const binding = bindingOf('ClusterRoleBinding', 'all-sa', null, ['ClusterRole', 'view'],
      [group('system:serviceaccounts'), serviceAccount('ci', 'shop'), group('system:serviceaccounts:shop')]);
    expect(findingPaths('BroadSubjectPrivileges', binding)).toEqual(['subjects[0].name', 'subjects[2].name']);
    expect(findingPaths('BroadSubjectPrivileges', bindingOf('RoleBinding', 'e', 'shop', ['ClusterRole', 'edit'], [group('system:serviceaccounts:shop')])))
      .toEqual(['subjects[0].name']);
    expect(findingPaths('BroadSubjectPrivileges', bindingOf('ClusterRoleBinding', 'ca', null, ['ClusterRole', 'cluster-admin'], [group('system:unauthenticated')])))
      .toEqual(['subjects[0].name']);
  });

  test('Compliance: named subjects bound to edit; bindings that are not bindings are out of scope', () => {
    expect(runRule('BroadSubjectPrivileges', toEditingUsers('edit'))).toEqual({ status: 'compliant' });
    expect(runRule('BroadSubjectPrivileges', viewer([]))).toEqual({ status: 'not-applicable' });
  });
});

describe('AnonymousSubjects', () => {
  const publicInfo = bindingOf('ClusterRoleBinding', 'system:public-info-viewer', null, ['ClusterRole', 'system:public-info-viewer'],
    [group('system:authenticated'), group('system:unauthenticated')]);

  test('fails system:unauthenticated (Kubescape fail) and system:authenticated, which Kubescape C-0262 lets pass', () => {
    expect(findingPaths('AnonymousSubjects', publicInfo)).toEqual(['subjects[0].name', 'subjects[1].name']);
  });

  test('Compliance: a named user (Kubescape success); every ServiceAccount is BroadSubjectPrivileges\'s to judge', () => {
    expect(runRule('AnonymousSubjects', bindingOf('RoleBinding', 'pod', 'default', ['Role', 'pod-reader'], [user('jane')]))).toEqual({ status: 'compliant' });
    expect(runRule('AnonymousSubjects', bindingOf('RoleBinding', 'sa', 'shop', ['ClusterRole', 'view'], [group('system:serviceaccounts')]))).toEqual({ status: 'compliant' });
  });
});

test('the NSA/CISA pack binds each RBAC rule to the Kubescape controls whose semantics it implements', () => {
  const ks = (ruleId: string) => CompliancePack.NSA_CISA.rules.find(r => r.ruleId === ruleId)?.controls.filter(c => c.framework === 'Kubescape').map(c => c.id);
  expect(ks('RbacWildcards')).toEqual(['C-0187']);
  expect(ks('ClusterAdminBinding')).toEqual(['C-0035', 'C-0187', 'C-0185']);
  expect(ks('SecretsAccess')).toEqual(['C-0015', 'C-0186']);
  expect(ks('PodExec')).toEqual(['C-0002']);
  expect(ks('PodCreate')).toEqual(['C-0188']);
  expect(ks('NodeProxy')).toEqual(['C-0279']);
  expect(ks('RbacEscalation')).toEqual(['C-0191']);
  expect(ks('RbacImpersonation')).toEqual(['C-0191', 'C-0065']);
  expect(ks('AnonymousSubjects')).toEqual(['C-0262']);
  expect(ks('BroadSubjectPrivileges')).toEqual(['C-0265']);
});
