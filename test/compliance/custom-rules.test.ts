import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Compliance, CompliancePack, HardenedDeployment, IComplianceRule, RuleObjects, RuleVerdict, Severity } from '../../src';
import { runCheck } from '../../src/compliance/engine';
import { parseManifestText } from '../../src/compliance/loader';
import { formatMarkdown } from '../../src/report/markdown';
import { formatSarif } from '../../src/report/sarif';
import { small } from '../helpers';

/** The example of docs/compliance.md: every object has a team label. */
class TeamLabel implements IComplianceRule {
  public readonly id = 'TeamLabel';
  public readonly title = 'every object has a team label';
  public readonly fix = 'add metadata.labels.team';
  public check(manifest: { [key: string]: any }, _objects: RuleObjects): RuleVerdict {
    const labels = manifest.metadata.labels;
    if (labels && labels.team) {
      return RuleVerdict.compliant();
    }
    return RuleVerdict.nonCompliant([{ path: 'metadata.labels', message: 'no team label' }]);
  }
}

/** A rule relating objects, written as a plain object (as another jsii language would hand one in). */
const deploymentsHaveNamespace: IComplianceRule = {
  id: 'NamespaceDeclared',
  title: 'the Namespace of every Deployment is among the objects',
  fix: 'add the Namespace to the manifests',
  check: (manifest, objects) => {
    if (manifest.kind !== 'Deployment') return RuleVerdict.notApplicable();
    const ns = manifest.metadata?.namespace ?? 'default';
    return objects.find('Namespace', ns) ? RuleVerdict.compliant()
      : RuleVerdict.nonCompliant([{ path: 'metadata.namespace', message: `Namespace ${ns} is not declared`, fix: `declare a HardenedNamespace named ${ns}` }]);
  },
};

const acme = CompliancePack.custom({
  name: 'acme-platform',
  title: 'ACME platform rules',
  rules: [
    { rule: new TeamLabel(), severity: Severity.ERROR },
    { rule: deploymentsHaveNamespace, severity: Severity.WARNING, controls: [{ id: 'ACME-7', framework: 'ACME', title: 'namespaces are declared' }] },
  ],
  include: [CompliancePack.PSS_BASELINE],
});

const yaml = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop${labels}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: other${labels}}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: app, image: "registry.example.com/app:1.0.0", securityContext: {privileged: true}}]\n`;

describe('a team\'s rules and pack', () => {
  test('a compliant object passes the team\'s rule', () => {
    const result = runCheck(parseManifestText(yaml(', labels: {team: payments}'), 'm.yaml'), { packs: [acme] });
    expect(result.findings.filter(f => f.ruleId === 'TeamLabel')).toEqual([]);
    expect(result.rules.find(r => r.ruleId === 'TeamLabel')!.compliantObjects).toEqual(['Namespace shop', 'Deployment other/web']);
  });

  test('fails an object without the label, with the rule\'s severity, controls, fix and field line', () => {
    const result = runCheck(parseManifestText(yaml(''), 'm.yaml'), { packs: [acme] });
    const team = result.findings.filter(f => f.ruleId === 'TeamLabel');
    expect(team.map(f => [f.resourceKind, f.severity, f.controls, f.fix, f.packs])).toEqual([
      ['Namespace', Severity.ERROR, ['TeamLabel'], 'add metadata.labels.team', ['acme-platform']],
      ['Deployment', Severity.ERROR, ['TeamLabel'], 'add metadata.labels.team', ['acme-platform']],
    ]);
    expect(team[1].line).toBe(7);
  });

  test('fails a Deployment whose Namespace is missing: a rule that reads the other objects, with its own fix', () => {
    const result = runCheck(parseManifestText(yaml(''), 'm.yaml'), { packs: [acme] });
    expect(result.findings.filter(f => f.ruleId === 'NamespaceDeclared').map(f => [f.severity, f.controls, f.message, f.fix])).toEqual([
      [Severity.WARNING, ['ACME-7'], 'Namespace other is not declared', 'declare a HardenedNamespace named other'],
    ]);
  });

  test('the included built-in pack\'s rules run with it', () => {
    const result = runCheck(parseManifestText(yaml(''), 'm.yaml'), { packs: [acme] });
    expect(result.findings.map(f => f.ruleId)).toContain('PrivilegedContainer');
    expect(acme.ruleIds).toEqual([...CompliancePack.PSS_BASELINE.ruleIds, 'TeamLabel', 'NamespaceDeclared']);
  });

  test('in synth: fails synthesis on the team\'s error, and honours an acknowledgement of the rule', () => {
    const build = (ack: boolean) => {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      const web = new HardenedDeployment(chart, 'web', { containers: [{ image: 'registry.example.com/web:1.0.0', resources: small }] });
      if (ack) Compliance.of(chart).acknowledge('TeamLabel', 'labels are added by the platform pipeline (PLAT-9)');
      Compliance.of(app).enable({ packs: [acme] });
      return { app, web };
    };
    expect(() => build(false).app.synthYaml()).toThrow(/TeamLabel/);
    const { app } = build(true);
    expect(() => app.synthYaml()).not.toThrow();
    expect(Compliance.check(app.charts[0], { packs: [acme] }).acknowledged.filter(f => f.ruleId === 'TeamLabel').length).toBeGreaterThan(0);
    void kplus;
  });

  test('fails on a pack name that is not lowercase, or a built-in pack\'s', () => {
    expect(() => CompliancePack.custom({ name: 'ACME', title: 't' })).toThrow(/\[CompliancePack.custom\("ACME"\)\] name: a pack name is 2 to 63 lowercase letters.*Fix: name it like "acme-platform"/);
    expect(() => CompliancePack.custom({ name: 'nsa-cisa', title: 't' })).toThrow(/name: is the name of a built-in pack/);
  });

  test('fails on a rule id that is malformed, a built-in rule\'s, or repeated', () => {
    const rule = (id: string): IComplianceRule => ({ ...deploymentsHaveNamespace, id });
    expect(() => CompliancePack.custom({ name: 'a-b', title: 't', rules: [{ rule: rule('team label'), severity: Severity.ERROR }] }))
      .toThrow(/rules\[0\].rule.id: a rule id is 3 to 64 letters and digits, starting with a capital letter; got "team label"/);
    expect(() => CompliancePack.custom({ name: 'a-b', title: 't', rules: [{ rule: rule('HostNetwork'), severity: Severity.ERROR }] }))
      .toThrow(/rules\[0\].rule.id: is the id of a built-in rule; got "HostNetwork"/);
    expect(() => CompliancePack.custom({ name: 'a-b', title: 't', rules: [{ rule: rule('Same'), severity: Severity.ERROR }, { rule: rule('Same'), severity: Severity.ERROR }] }))
      .toThrow(/rules\[1\].rule.id: two rules of the pack have this id/);
  });

  test('fails a non-compliant verdict without violations, and names a rule that throws', () => {
    expect(() => RuleVerdict.nonCompliant([])).toThrow(/violations: a non-compliant verdict says what was found/);
    const broken = CompliancePack.custom({ name: 'broken', title: 't', rules: [{ rule: { ...deploymentsHaveNamespace, id: 'Broken', check: () => { throw new Error('boom'); } }, severity: Severity.ERROR }] });
    expect(() => runCheck(parseManifestText(yaml(''), 'm.yaml'), { packs: [broken] })).toThrow(/CompliancePack.custom\("broken"\): the rule Broken failed on Namespace shop: boom/);
  });

  test('fails to acknowledge a rule of a pack that was refused', () => {
    expect(() => CompliancePack.custom({
      name: 'refused',
      title: 't',
      rules: [{ rule: { ...deploymentsHaveNamespace, id: 'Leaky' }, severity: Severity.ERROR }, { rule: { ...deploymentsHaveNamespace, id: 'Other', helpUri: 'no' }, severity: Severity.ERROR }],
    })).toThrow(/helpUri/);
    expect(() => Compliance.of(Testing.chart()).acknowledge('Leaky', 'accepted for the platform pipeline (PLAT-9)')).toThrow(/acknowledge.ruleId: not a rule of the compliance engine/);
    expect(() => Compliance.of(Testing.chart()).acknowledge('TeamLabel', 'accepted for the platform pipeline (PLAT-9)')).not.toThrow();
  });

  test('a pack that includes a team\'s pack keeps its rules', () => {
    const wider = CompliancePack.custom({ name: 'acme-wider', title: 'wider', include: [acme, CompliancePack.NSA_CISA] });
    const result = runCheck(parseManifestText(yaml(''), 'm.yaml'), { packs: [wider] });
    expect(result.findings.map(f => f.ruleId)).toEqual(expect.arrayContaining(['TeamLabel', 'NamespaceDeclared', 'PrivilegedContainer', 'RunAsNonRoot']));
  });
});
