// The RBAC rules against the semantics of the Kubescape controls whose ids they carry
// (docs/compliance.md, "RBAC rules and Kubescape"). Cases named after a Kubescape rule test use
// the shape of that test's input, written here in our own words; every deliberate difference
// from Kubescape has its own case. The objects are in the shared fixture table (rule-fixtures.ts).
import { messagesOf, outcomeOf, pathsOf, ruleFixtures } from './rule-fixtures';
import { CompliancePack } from '../../src/compliance';
import { buildContext, runCheck } from '../../src/compliance/engine';
import { toKubeObject } from '../../src/compliance/objects';
import { RULES } from '../../src/compliance/rules';

const F = ruleFixtures();
const COMPLIANT = { status: 'compliant' };

describe('UnresolvedRoleRef', () => {
  const U = F.UnresolvedRoleRef;
  const rule = 'UnresolvedRoleRef';
  test('Compliance: roles among the objects, and roles Kubernetes creates itself (bootstrap, controllers, kube-system Roles)', () => {
    for (const name of ['toRoleAmongObjects', 'toClusterRoleAmongObjects', 'toView', 'toAuthDelegator', 'toControllerRole', 'toAuthenticationReader'] as const) {
      expect(outcomeOf(rule, U[name])).toEqual(COMPLIANT);
    }
  });

  test('fails a binding to a role nobody defines, saying what was not judged', () => {
    expect(messagesOf(rule, U.unknownClusterRoleCluster)).toEqual([
      'ClusterRoleBinding "ops" refers to ClusterRole "platform-operator", which is neither among the objects checked nor built into Kubernetes: what it grants cluster-wide was not judged',
    ]);
    expect(messagesOf(rule, U.roleOfAnotherNamespace)).toEqual([
      'RoleBinding "read" refers to Role "reader" in namespace shop, which is neither among the objects checked nor built into Kubernetes: what it grants was not judged',
    ]);
    expect(pathsOf(rule, U.authenticationReaderOutsideKubeSystem)).toEqual(['roleRef.name']);
  });

  test('fails as info for a RoleBinding (one namespace) and as a warning for a ClusterRoleBinding (the whole cluster)', () => {
    const severities = (f: { object: object; others: readonly object[] }) => runCheck(
      [f.object, ...f.others].map(o => toKubeObject(o as never)), { packs: [CompliancePack.NSA_CISA] })
      .findings.filter(x => x.ruleId === rule).map(x => `${x.resourceKind} ${x.severity}`);
    expect(severities(U.unknownClusterRoleInNamespace)).toEqual(['RoleBinding info']);
    expect(severities(U.unknownClusterRoleCluster)).toEqual(['ClusterRoleBinding warning']);
  });
});

describe('ClusterAdminBinding', () => {
  const A = F.ClusterAdminBinding;
  const rule = 'ClusterAdminBinding';
  test('Compliance: a binding to an enumerated Role, and one to a role neither among the objects nor built in', () => {
    expect(outcomeOf(rule, A.toEnumeratedRole)).toEqual(COMPLIANT);
    expect(outcomeOf(rule, A.toUnknownRole)).toEqual(COMPLIANT);
  });

  test('Compliance: every verb on every resource of a named group is not "administrative" (Kubescape counts "*" and the core group only)', () => {
    expect(outcomeOf(rule, A.toAppsAdmin)).toEqual(COMPLIANT);
  });

  test('Compliance: the built-in admin and edit are not administrative in this sense (Kubescape C-0035 does not flag them either)', () => {
    expect(outcomeOf(rule, A.toAdmin)).toEqual(COMPLIANT);
    expect(outcomeOf(rule, A.toEdit)).toEqual(COMPLIANT);
  });

  test('Compliance: a ClusterRoleBinding cannot refer to a Role, so it grants nothing', () => {
    expect(outcomeOf(rule, A.clusterRoleBindingToRole)).toEqual(COMPLIANT);
  });

  test('fails a Role with "*" among other resources and verbs, bound in its namespace (Kubescape role-rolebinding)', () => {
    expect(pathsOf(rule, A.toStarRole)).toEqual(['roleRef.name']);
    expect(messagesOf(rule, A.toStarRole)[0]).toMatch(/^RoleBinding "pod" grants Role "test" in namespace kube-system, which amounts to cluster-admin: every verb on every resource of every API group$/);
  });

  test('fails a ClusterRole with every verb on every core resource, bound by a RoleBinding (Kubescape clusterrole-rolebinding)', () => {
    expect(pathsOf(rule, A.toCoreStarClusterRole)).toEqual(['roleRef.name']);
  });

  test('fails a ClusterRole with "*" next to named resources and verbs, bound to two groups (Kubescape clusterrole-clusterrolebinding)', () => {
    expect(pathsOf(rule, A.toStarClusterRole)).toEqual(['roleRef.name']);
  });

  test('fails a binding to the built-in cluster-admin, which need not be among the objects, and one to a cluster-admin given with them (Kubescape C-0185)', () => {
    expect(pathsOf(rule, A.toBuiltInClusterAdmin)).toEqual(['roleRef.name']);
    expect(messagesOf(rule, A.toClusterAdminGiven)).toEqual(['ClusterRoleBinding "ops" grants cluster-admin']);
  });

  test('fails a binding to a ClusterRole whose aggregationRule selects every built-in role, cluster-admin included', () => {
    expect(pathsOf(rule, A.toEverythingAggregator)).toEqual(['roleRef.name']);
    expect(messagesOf(rule, A.toEverythingAggregator)[0]).toMatch(/ClusterRole "everything", which aggregates the built-in ClusterRole "cluster-admin"/);
  });

  describe('a role that is cluster-admin in all but name', () => {
    test.each(['writtenOut', 'writtenOutReversed', 'writtenOutShuffledWithExtras', 'writtenOutCore', 'writtenOutAcrossRules', 'aggregatesWrittenOut'] as const)(
      'fails %s: every read and write verb written out, in any order, on every resource', (name) => {
        expect(pathsOf(rule, A[name])).toEqual(['roleRef.name']);
      });

    test('fails with a message that names the role, the scope and why', () => {
      expect(messagesOf(rule, A.writtenOutReversed)).toEqual([
        'ClusterRoleBinding "platform" grants ClusterRole "platform", which amounts to cluster-admin: get, list, watch, create, update, patch, delete on every resource of every API group',
      ]);
      expect(messagesOf(rule, A.writtenOutCore)).toEqual([
        'RoleBinding "platform" grants ClusterRole "platform" in namespace shop, which amounts to cluster-admin: get, list, watch, create, update, patch, delete on every resource of the core API group',
      ]);
    });

    test.each(['bindsAnyClusterRole', 'bindsClusterAdminByName', 'escalatesAndUpdates', 'impersonatesGroupsClusterWide'] as const)(
      'fails %s: bind, escalate or impersonate used so that they lead to cluster-admin', (name) => {
        expect(messagesOf(rule, A[name])[0]).toMatch(/, which amounts to cluster-admin: (bind on clusterroles with create on bindings|escalate with update on clusterroles|impersonate on groups, which acts as system:masters)/);
      });

    test.each(['writtenOutWithoutDelete', 'writtenOutReadsCoreWritesElsewhere', 'writtenOutInNamedGroup', 'writtenOutOnNamedObjects', 'bindsViewOnly',
      'escalatesWithoutWriting', 'impersonatesUsersInANamespace', 'impersonatesOneGroup'] as const)('Compliance: %s falls short of cluster-admin', (name) => {
      expect(outcomeOf(rule, A[name])).toEqual(COMPLIANT);
    });
  });

  describe('a missing metadata.namespace is "default" for the lookup', () => {
    test('fails when neither names a namespace, or one names default and the other none', () => {
      expect(pathsOf(rule, A.neitherNamespaced)).toEqual(['roleRef.name']);
      expect(pathsOf(rule, A.roleInDefault)).toEqual(['roleRef.name']);
      expect(pathsOf(rule, A.bindingInDefault)).toEqual(['roleRef.name']);
    });

    test('Compliance: a Role of another namespace is not the one the RoleBinding refers to', () => {
      expect(outcomeOf(rule, A.roleOfNoNamespace)).toEqual(COMPLIANT);
      expect(outcomeOf(rule, A.bindingOfNoNamespace)).toEqual(COMPLIANT);
      expect(outcomeOf(rule, A.otherNamespace)).toEqual(COMPLIANT);
    });
  });
});

describe('RbacWildcards', () => {
  const W = F.RbacWildcards;
  test('fails "*/exec" and "pods/*" in resources', () => {
    expect(pathsOf('RbacWildcards', W.execAndPodsStar)).toEqual(['rules[0].resources[1]', 'rules[0].resources[2]']);
  });

  test('fails a ClusterRole whose aggregationRule pulls in cluster-admin (an empty selector selects every ClusterRole)', () => {
    expect(pathsOf('RbacWildcards', W.aggregatesClusterAdmin)).toEqual(['aggregationRule.clusterRoleSelectors[0]', 'aggregationRule.clusterRoleSelectors[0]']);
    expect(messagesOf('RbacWildcards', W.aggregatesClusterAdmin)[0]).toMatch(/grants "\*" in apiGroups, resources, verbs through the built-in ClusterRole "cluster-admin"/);
  });

  test('Compliance: a ClusterRole aggregating what view aggregates, which names everything', () => {
    expect(outcomeOf('RbacWildcards', W.aggregatesWhatViewAggregates)).toEqual(COMPLIANT);
  });

  test('fails selectors that reach cluster-admin by label, Exists or NotIn; passes those that reach no built-in role', () => {
    for (const f of [W.aggregatesBootstrapRoles, W.aggregatesByExists, W.aggregatesByNotIn]) {
      expect(pathsOf('RbacWildcards', f)).toContain('aggregationRule.clusterRoleSelectors[0]');
    }
    for (const f of [W.aggregatesNothingBuiltIn, W.aggregatesByDoesNotExist, W.unknownOperator]) {
      expect(outcomeOf('RbacWildcards', f)).toEqual(COMPLIANT);
    }
  });
});

describe('SecretsAccess', () => {
  const S = F.SecretsAccess;
  test('fails list on secrets among other resources, next to "*" (Kubescape role-rolebinding)', () => {
    expect(pathsOf('SecretsAccess', S.listAmongOthers)).toEqual(['rules[0].resourceNames']);
  });

  test('fails watch on secrets in every API group (Kubescape clusterrole-clusterrolebinding)', () => {
    expect(pathsOf('SecretsAccess', S.watchInEveryGroup)).toEqual(['rules[0].resourceNames']);
  });

  test('fails bindings to the built-in edit and admin, which read every Secret of the namespace (and patch them, which reads too)', () => {
    expect(messagesOf('SecretsAccess', S.toEdit)).toEqual([
      'RoleBinding "editors" reads every Secret (get, list, watch) without naming them through the built-in ClusterRole "edit", which aggregates the built-in ClusterRole "system:aggregate-to-edit"',
      'RoleBinding "editors" reads every Secret (patch) without naming them through the built-in ClusterRole "edit", which aggregates the built-in ClusterRole "system:aggregate-to-edit"',
    ]);
    expect(messagesOf('SecretsAccess', S.toAdmin)[0])
      .toMatch(/^RoleBinding "editors" reads every Secret \(get, list, watch\) without naming them through the built-in ClusterRole "admin", which aggregates the built-in ClusterRole "edit"/);
  });

  test('fails patch on every Secret: a patch returns the whole merged Secret; a named patch, and create or update, pass', () => {
    expect(messagesOf('SecretsAccess', S.patchEveryOne)).toEqual(['Role "web" reads every Secret (patch) without naming them']);
    expect(outcomeOf('SecretsAccess', S.patchNamed)).toEqual(COMPLIANT);
    expect(outcomeOf('SecretsAccess', S.updateAndCreate)).toEqual(COMPLIANT);
  });

  test('fails a ClusterRole that aggregates what edit aggregates', () => {
    expect(pathsOf('SecretsAccess', S.editLike)).toEqual(['aggregationRule.clusterRoleSelectors[0]', 'aggregationRule.clusterRoleSelectors[0]']);
    expect(messagesOf('SecretsAccess', S.editLike)[0]).toMatch(/through the built-in ClusterRole "system:aggregate-to-edit"/);
  });

  test('fails a binding to the built-in view once a ClusterRole among the objects adds Secrets to it through aggregate-to-view', () => {
    expect(outcomeOf('SecretsAccess', S.viewAlone)).toEqual(COMPLIANT);
    expect(pathsOf('SecretsAccess', S.viewWithSecrets)).toEqual(['roleRef.name']);
    expect(messagesOf('SecretsAccess', S.viewWithSecrets)[0]).toMatch(/which aggregates ClusterRole "secrets-for-viewers"/);
    expect(pathsOf('SecretsAccess', S.addsSecretsToView)).toEqual(['rules[0].resourceNames']);
  });

  test('Compliance: get and watch on Secrets named in resourceNames (looser than Kubescape, which fails any read: docs/compliance.md)', () => {
    expect(outcomeOf('SecretsAccess', S.getAndWatchNamed)).toEqual(COMPLIANT);
  });

  test('Compliance: a binding to view; a binding to cluster-admin is ClusterAdminBinding\'s to report, and one to a role among the objects is reported on the role', () => {
    expect(outcomeOf('SecretsAccess', S.viewAlone)).toEqual(COMPLIANT);
    expect(outcomeOf('SecretsAccess', S.toClusterAdmin)).toEqual({ status: 'not-applicable' });
    expect(outcomeOf('SecretsAccess', S.toRoleAmongObjects)).toEqual({ status: 'not-applicable' });
  });
});

describe('PodExec', () => {
  const E = F.PodExec;
  test('fails "pods/*" with create (Kubescape clusterrole): exec and attach', () => {
    expect(messagesOf('PodExec', E.podsStarCreate)).toEqual([
      'ClusterRole "secret-reader" lets its subjects use pods/exec ("pods/*") (create)',
      'ClusterRole "secret-reader" lets its subjects use pods/attach ("pods/*") (create)',
    ]);
  });

  test('fails "*" resources and verbs next to named ones (Kubescape role): exec, attach and ephemeral containers', () => {
    expect(pathsOf('PodExec', E.starNextToNamed)).toEqual(['rules[0].resources', 'rules[0].resources', 'rules[0].resources']);
  });

  test('fails "*/exec" and patch on pods/ephemeralcontainers; get on pods/exec and pods/attach opens nothing from Kubernetes 1.35', () => {
    expect(messagesOf('PodExec', E.starExecGetPatch)).toEqual([
      'Role "debug" lets its subjects use pods/exec ("*/exec") (create)',
      'Role "debug" lets its subjects use pods/ephemeralcontainers (patch)',
    ]);
  });

  test('fails update on pods/ephemeralcontainers', () => {
    expect(messagesOf('PodExec', E.ephemeralPatchOnly)).toEqual(['Role "debug" lets its subjects use pods/ephemeralcontainers (update)']);
  });

  describe('at a Kubernetes version (the check\'s --kubernetes-version)', () => {
    const at = (minor: number, f: { object: object; others: readonly object[] }) => {
      const objects = [f.object, ...f.others].map(o => toKubeObject(o as never));
      const o = RULES.get('PodExec')!.check(objects[0], buildContext(objects, undefined, minor));
      return o.status === 'non-compliant' ? o.findings.map(x => x.message) : o.status;
    };

    test('fails get on pods/exec and pods/attach before 1.35: WebSocket clients open them with a GET, authorized as get alone', () => {
      expect(at(34, E.attachGet)).toEqual(['ClusterRole "attach" lets its subjects use pods/attach ("*/attach") (get)']);
      expect(at(34, E.execGet)).toEqual(['Role "exec" lets its subjects use pods/exec (get)']);
      expect(at(34, E.starExecGetPatch)).toEqual([
        'Role "debug" lets its subjects use pods/exec ("*/exec") (create)',
        'Role "debug" lets its subjects use pods/exec (get)',
        'Role "debug" lets its subjects use pods/attach (get)',
        'Role "debug" lets its subjects use pods/ephemeralcontainers (patch)',
      ]);
    });

    test('Compliance: get alone from 1.35 on, when the API server checks create on the upgrade too (AuthorizePodWebsocketUpgradeCreatePermission)', () => {
      expect(at(35, E.attachGet)).toBe('compliant');
      expect(at(37, E.execGet)).toBe('compliant');
    });
  });

  test('fails a binding to the built-in edit (create on exec and attach)', () => {
    expect(messagesOf('PodExec', E.toEdit)).toEqual([
      'RoleBinding "editors" lets its subjects use pods/exec (create) through the built-in ClusterRole "edit", which aggregates the built-in ClusterRole "system:aggregate-to-edit"',
      'RoleBinding "editors" lets its subjects use pods/attach (create) through the built-in ClusterRole "edit", which aggregates the built-in ClusterRole "system:aggregate-to-edit"',
    ]);
  });

  test('Compliance: logs, reading ephemeral containers, and pods/exec of another API group', () => {
    expect(outcomeOf('PodExec', E.logsAndOtherGroup)).toEqual(COMPLIANT);
    expect(outcomeOf('PodExec', E.toView)).toEqual(COMPLIANT);
  });
});

describe('PodCreate', () => {
  const P = F.PodCreate;
  test('Compliance: create on pods of the RBAC API group, which has none (Kubescape clusterrole-clusterrolebinding)', () => {
    expect(outcomeOf('PodCreate', P.podsInRbacGroup)).toEqual(COMPLIANT);
  });

  test('Compliance: evictions, reading and deleting controllers, scaling them, and kinds that carry no pod template', () => {
    expect(outcomeOf('PodCreate', P.evictionsAndReads)).toEqual(COMPLIANT);
    expect(outcomeOf('PodCreate', P.customKindInAnotherGroup)).toEqual(COMPLIANT);
  });

  test('fails writing Deployments, DaemonSets, StatefulSets, ReplicaSets, Jobs, CronJobs and updating pods: each runs a pod of the writer\'s choosing (C-0188 extended)', () => {
    expect(messagesOf('PodCreate', P.writesControllers)).toEqual([
      'Role "ci" lets its subjects run pods of their choosing: create on apps/deployments',
      'Role "ci" lets its subjects run pods of their choosing: patch on apps/daemonsets, apps/replicasets, apps/statefulsets, batch/cronjobs and 1 more',
      'Role "ci" lets its subjects run pods of their choosing: update on pods',
    ]);
    expect(pathsOf('PodCreate', P.everyAppsResource)).toEqual(['rules[0].verbs']);
  });

  test('fails writing the kinds of operators that run pods (Argo Rollouts, Volcano jobs)', () => {
    expect(messagesOf('PodCreate', P.writesCustomWorkloads)).toEqual([
      'Role "rollouts" lets its subjects run pods of their choosing: create on argoproj.io/rollouts',
      'Role "rollouts" lets its subjects run pods of their choosing: patch on batch.volcano.sh/jobs',
    ]);
  });

  test('fails create on pods, "*" on every core resource (Kubescape clusterrole-rolebinding) and a binding to the built-in admin', () => {
    expect(pathsOf('PodCreate', P.createPodsAndStar)).toEqual(['rules[0].verbs', 'rules[1].verbs']);
    // admin (through edit) writes pods, ReplicationControllers, the apps workloads and the batch ones
    expect(pathsOf('PodCreate', P.toAdmin)).toEqual(['roleRef.name', 'roleRef.name', 'roleRef.name', 'roleRef.name']);
  });
});

describe('NodeProxy', () => {
  const N = F.NodeProxy;
  test('fails nodes/proxy among pods and services (Kubescape clusterrole-rolebinding) and in every group (Kubescape role-rolebinding)', () => {
    expect(pathsOf('NodeProxy', N.amongPods)).toEqual(['rules[0].resources']);
    expect(pathsOf('NodeProxy', N.inEveryGroup)).toEqual(['rules[0].resources']);
  });

  test('fails any verb (every HTTP method reaches the kubelet), "*/proxy" and "*"', () => {
    expect(messagesOf('NodeProxy', N.anyVerb)).toEqual([
      'ClusterRole "agent" lets its subjects reach the kubelet through nodes/proxy (patch)',
      'ClusterRole "agent" lets its subjects reach the kubelet through nodes/proxy ("*/proxy") (get)',
      'ClusterRole "agent" lets its subjects reach the kubelet through nodes/proxy ("*") (list)',
    ]);
  });

  test('fails "nodes/*" and a ClusterRole aggregating cluster-admin', () => {
    expect(messagesOf('NodeProxy', N.nodesStar)).toEqual(['ClusterRole "nodes" lets its subjects reach the kubelet through nodes/proxy ("nodes/*") (get)']);
    expect(pathsOf('NodeProxy', N.aggregatesClusterAdmin)).toEqual(['aggregationRule.clusterRoleSelectors[0]']);
  });

  test('Compliance: nodes, their metrics and stats; create on pods in the RBAC group (Kubescape clusterrole-clusterrolebinding); no verbs', () => {
    expect(outcomeOf('NodeProxy', N.monitoring)).toEqual(COMPLIANT);
    expect(outcomeOf('NodeProxy', N.noVerbs)).toEqual(COMPLIANT);
  });
});

describe('RbacEscalation', () => {
  const X = F.RbacEscalation;
  test('fails bind on roles, in a ClusterRole that names a namespace (Kubescape clusterrole-clusterrolebinding)', () => {
    expect(messagesOf('RbacEscalation', X.bindRoles)).toEqual(['ClusterRole "test" lets its subjects bind roles']);
  });

  test('fails "*" and escalate on clusterroles in every group (Kubescape role-rolebinding)', () => {
    expect(messagesOf('RbacEscalation', X.starAndEscalate)).toEqual(['Role "test" lets its subjects bind and escalate clusterroles (verbs "*", "escalate")']);
  });

  test('fails a ClusterRole that pulls in cluster-admin through its aggregationRule', () => {
    expect(pathsOf('RbacEscalation', X.aggregatesClusterAdmin)).toEqual(['aggregationRule.clusterRoleSelectors[0]']);
  });

  test('Compliance: writing roles and bindings (the API server still refuses escalation), bind on rolebindings or in the core group', () => {
    expect(outcomeOf('RbacEscalation', X.writingRolesAndBindings)).toEqual(COMPLIANT);
    expect(outcomeOf('RbacEscalation', X.toAdmin)).toEqual(COMPLIANT);
  });
});

describe('RbacImpersonation', () => {
  const I = F.RbacImpersonation;
  test('fails "*" on users in every group (Kubescape clusterrole-clusterrolebinding)', () => {
    expect(messagesOf('RbacImpersonation', I.starOnUsers)).toEqual(['ClusterRole "test" lets its subjects impersonate users ("*")']);
  });

  test('fails "*" on every core resource (Kubescape clusterrole-rolebinding) and impersonate next to "*" (Kubescape role-rolebinding)', () => {
    expect(pathsOf('RbacImpersonation', I.starOnCore)).toEqual(['rules[0].verbs']);
    expect(pathsOf('RbacImpersonation', I.impersonateNextToStar)).toEqual(['rules[0].verbs']);
  });

  test('fails uids and user extras in authentication.k8s.io, and a binding to the built-in edit (every ServiceAccount of the namespace)', () => {
    expect(messagesOf('RbacImpersonation', I.uidsAndUserExtras)).toEqual(['ClusterRole "proxy" lets its subjects impersonate uids, userextras']);
    expect(messagesOf('RbacImpersonation', I.toEdit)[0]).toMatch(/impersonate serviceaccounts through the built-in ClusterRole "edit"/);
  });

  test('Compliance: other verbs on users and groups, and impersonate on what is not an identity', () => {
    expect(outcomeOf('RbacImpersonation', I.otherVerbsAndNonIdentities)).toEqual(COMPLIANT);
    expect(outcomeOf('RbacImpersonation', I.uidsInCoreGroup)).toEqual(COMPLIANT);
  });
});

describe('BroadSubjectPrivileges', () => {
  const B = F.BroadSubjectPrivileges;
  test('fails system:authenticated bound to a role that reads nodes and pods (Kubescape fail)', () => {
    expect(messagesOf('BroadSubjectPrivileges', B.authenticatedReadsNodesAndPods))
      .toEqual(['ClusterRoleBinding "system:viewer" gives system:authenticated ClusterRole "system:viewer", which reaches pods through ClusterRole "system:viewer"']);
  });

  test('Compliance: system:authenticated bound to a role that reads ConfigMaps (Kubescape success), and to a role not among the objects', () => {
    expect(outcomeOf('BroadSubjectPrivileges', B.authenticatedReadsConfigMaps)).toEqual(COMPLIANT);
    expect(outcomeOf('BroadSubjectPrivileges', B.authenticatedToUnknownRole)).toEqual(COMPLIANT);
  });

  test('fails every ServiceAccount (of the cluster, of a namespace) bound to the built-in view, edit or cluster-admin', () => {
    expect(pathsOf('BroadSubjectPrivileges', B.everyServiceAccountToView)).toEqual(['subjects[0].name', 'subjects[2].name']);
    expect(pathsOf('BroadSubjectPrivileges', B.namespaceServiceAccountsToEdit)).toEqual(['subjects[0].name']);
    expect(pathsOf('BroadSubjectPrivileges', B.unauthenticatedToClusterAdmin)).toEqual(['subjects[0].name']);
  });

  test('Compliance: named subjects bound to edit; bindings that are not bindings are out of scope', () => {
    expect(outcomeOf('BroadSubjectPrivileges', B.namedSubjectsToEdit)).toEqual(COMPLIANT);
    expect(outcomeOf('BroadSubjectPrivileges', B.role)).toEqual({ status: 'not-applicable' });
  });
});

describe('AnonymousSubjects', () => {
  const N = F.AnonymousSubjects;
  test('fails system:unauthenticated (Kubescape fail) and system:authenticated, which Kubescape C-0262 lets pass', () => {
    expect(pathsOf('AnonymousSubjects', N.publicInfoViewer)).toEqual(['subjects[0].name', 'subjects[1].name']);
  });

  test('Compliance: a named user (Kubescape success); every ServiceAccount is BroadSubjectPrivileges\'s to judge', () => {
    expect(outcomeOf('AnonymousSubjects', N.namedUser)).toEqual(COMPLIANT);
    expect(outcomeOf('AnonymousSubjects', N.everyServiceAccount)).toEqual(COMPLIANT);
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
