// The kinds `check --cluster` lists come from the rules (src/cluster/kinds.ts): every rule that
// names no kinds is accounted for, and a rule assumed to judge pods judges nothing else.
import { KINDS_OF_KINDLESS_RULES, kindsToRead } from '../../src/cluster/kinds';
import { buildContext } from '../../src/compliance/engine';
import { POD_BEARING_KINDS, toKubeObject } from '../../src/compliance/objects';
import { CompliancePack } from '../../src/compliance/packs';
import { RULES } from '../../src/compliance/rules';
import { ruleFixtures } from '../compliance/rule-fixtures';

describe('kindsToRead', () => {
  test('reads the kinds the rules name, the pod kinds and the kinds rules look up, and never Secrets', () => {
    const kinds = kindsToRead(CompliancePack.all());
    for (const k of ['Deployment', 'Pod', 'CronJob', 'NetworkPolicy', 'Namespace', 'Role', 'ClusterRoleBinding', 'ServiceAccount', 'ConfigMap', 'ValidatingAdmissionPolicy', 'PersistentVolume']) {
      expect(kinds).toContain(k);
    }
    expect(kinds).not.toContain('Secret');
  });

  test('reads only what the packs asked for judge', () => {
    const rbac = kindsToRead([CompliancePack.fromName('pss-baseline')!]);
    expect(rbac).toContain('Deployment');
    expect(rbac).not.toContain('ClusterRoleBinding');
    expect(rbac).not.toContain('ConfigMap');
  });

  test('every rule without kinds is in the table or judges only the kinds that carry a pod', () => {
    const kindless = [...RULES.values()].filter(r => r.kinds === undefined);
    expect(kindless.length).toBeGreaterThan(20);
    const objects = Object.values(ruleFixtures()).flatMap(cases => Object.values(cases)).map(f => toKubeObject(f.object as any));
    // the fixtures of other kinds, and the pod fixtures given a kind of the core group that carries no pod
    const others = [
      ...objects.filter(o => !POD_BEARING_KINDS.has(o.kind)),
      ...objects.filter(o => POD_BEARING_KINDS.has(o.kind)).flatMap(o => ['Service', 'ConfigMap'].map(kind => toKubeObject({ ...o.json, apiVersion: 'v1', kind }))),
    ];
    expect(new Set(others.map(o => o.kind)).size).toBeGreaterThan(4);
    const context = buildContext(objects);
    for (const rule of kindless) {
      const listed = KINDS_OF_KINDLESS_RULES[rule.id];
      // the structure rules: what the API server refuses to store, never read for
      if (listed?.length === 0) continue;
      const judged = [...new Set(others.filter(o => rule.check(o, context).status !== 'not-applicable').map(o => o.kind))];
      expect({ rule: rule.id, notRead: judged.filter(k => !listed?.includes(k)) }).toEqual({ rule: rule.id, notRead: [] });
    }
    for (const id of Object.keys(KINDS_OF_KINDLESS_RULES)) expect(RULES.get(id)?.kinds).toBeUndefined();
  });
});
