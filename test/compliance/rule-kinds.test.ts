// A rule that names its kinds is not asked about objects of other kinds (engine.ts): its check
// must then be not applicable to them too, whatever they hold. Every object of the rule tests'
// fixtures is given every kind the engine knows and checked against every rule that names kinds.
import { ruleFixtures } from './rule-fixtures';
import { buildContext, runCheck } from '../../src/compliance/engine';
import { POD_BEARING_KINDS, toKubeObject } from '../../src/compliance/objects';
import { CompliancePack } from '../../src/compliance/packs';
import { RULES } from '../../src/compliance/rules';
import { CONFIGURATION_FILE_KINDS } from '../../src/standards/control-plane';
import { BUILT_IN_KINDS } from '../../src/standards/kinds';


describe('rules that name their kinds', () => {
  const named = [...RULES.values()].filter(r => r.kinds !== undefined);
  // each distinct fixture once
  const seen = new Set<string>();
  const fixtures = Object.values(ruleFixtures()).flatMap(cases => Object.values(cases)).filter(f => {
    const key = JSON.stringify(f);
    return !seen.has(key) && seen.add(key) !== undefined;
  });
  // the kinds a rule could take an object for: the fixtures' own, every kind a rule names, every
  // kind that carries a pod, and a few others of each group the engine knows
  const kinds = [...new Set([
    ...fixtures.map(f => String(f.object.kind)), ...named.flatMap(r => r.kinds!), ...POD_BEARING_KINDS,
    ...Object.values(BUILT_IN_KINDS).map(k => k[0]), ...Object.values(CONFIGURATION_FILE_KINDS).flat(), 'Widget',
  ])];

  test('are the cluster, RBAC, namespace and storage rules', () => {
    expect(named.length).toBeGreaterThanOrEqual(30);
    for (const rule of named) expect([rule.id, rule.kinds!.length > 0]).toEqual([rule.id, true]);
  });

  test.each(named.map(r => [r.id] as const))('%s is not applicable to any object of another kind', (id) => {
    const rule = RULES.get(id)!;
    let checked = 0;
    const applicable: string[] = [];
    for (const f of fixtures) {
      for (const kind of kinds) {
        if (rule.kinds!.includes(kind)) continue;
        const objects = [{ ...f.object, kind }, ...f.others].map(j => toKubeObject(j));
        const outcome = rule.check(objects[0], buildContext(objects));
        if (outcome.status !== 'not-applicable') applicable.push(`${f.object.kind} as ${kind}: ${outcome.status}`);
        checked++;
      }
    }
    expect(applicable).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  test('are still asked about objects of their kinds', () => {
    const binding = toKubeObject({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'anyone' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'Group', name: 'system:unauthenticated', apiGroup: 'rbac.authorization.k8s.io' }],
    });
    const result = runCheck([binding], { packs: CompliancePack.all() });
    expect(result.findings.map(f => f.ruleId)).toEqual(expect.arrayContaining(['AnonymousSubjects', 'ClusterAdminBinding']));
  });
});
