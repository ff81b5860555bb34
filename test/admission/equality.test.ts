// The admission policies and the engine agree: every generated CEL expression, evaluated as the
// API server evaluates it (cel-harness.ts), gives each fixture of the rule tests (rule-fixtures.ts),
// in every kind its policy matches, the engine's verdict on that object: admitted exactly when
// the rule finds nothing on it.
import { Testing } from 'cdk8s';
import { admit, PERSON, resourceMatches } from './cel-harness';
import { variants } from './variants';
import { AdmissionGuardrails } from '../../src';
import { buildContext, runCheck } from '../../src/compliance/engine';
import { toKubeObject } from '../../src/compliance/objects';
import { CompliancePack } from '../../src/compliance/packs';
import { RULES } from '../../src/compliance/rules';
import { ruleFixtures } from '../compliance/rule-fixtures';

type Json = Record<string, any>;

const chart = Testing.chart();
new AdmissionGuardrails(chart, 'guardrails');
const synthesized = Testing.synth(chart) as Json[];
const policies = new Map<string, Json>(synthesized.filter(o => o.kind === 'ValidatingAdmissionPolicy')
  .map(p => [p.metadata.annotations['cdk8s-hardening.io/rule'], p]));
const table = ruleFixtures() as Record<string, Record<string, { object: Json; others: readonly Json[] }>>;

/** The engine's verdict on an object checked alone: does the rule find anything? */
function engineFlags(ruleId: string, object: Json): boolean {
  const o = toKubeObject(object);
  return RULES.get(ruleId)!.check(o, buildContext([o])).status === 'non-compliant';
}

interface Case {
  readonly ruleId: string;
  readonly name: string;
  readonly object: Json;
  readonly others: readonly Json[];
}

const cases: Case[] = Object.entries(table).flatMap(([ruleId, fixtures]) => Object.entries(fixtures)
  .flatMap(([name, f]) => variants(f.object).map((object, i) => ({ ruleId, name: i === 0 ? name : `${name} as ${object.kind}`, object, others: f.others }))));

const expressible = AdmissionGuardrails.expressibleRuleIds();

describe('the fixture table covers every expressible rule', () => {
  test.each(expressible)('%s has fixtures, compliant and not, that its policy matches', (ruleId) => {
    const mine = cases.filter(c => c.ruleId === ruleId && resourceMatches(policies.get(ruleId)!, c.object));
    expect(mine.filter(c => engineFlags(ruleId, c.object)).length).toBeGreaterThan(0);
    expect(mine.filter(c => !engineFlags(ruleId, c.object)).length).toBeGreaterThan(0);
  });
});

/**
 * Kinds a rule judges that its policy does not match, because the rule cannot be written in CEL
 * for them: a ConfigMap's base64 values must be decoded to text, which the Kubernetes 1.30 CEL
 * environment cannot do (it has no base64 decoding, and bytes that are not UTF-8 are no string).
 */
const QUANTITY_RULES = ['CpuLimits', 'MemoryLimits'];

const JUDGED_BY_THE_ENGINE_ONLY: Record<string, string[]> = { CredentialsInConfig: ['ConfigMap'] };

describe.each(expressible)('%s: CEL and engine agree', (ruleId) => {
  const policy = policies.get(ruleId)!;
  const mine = cases.filter(c => c.ruleId === ruleId);
  test.each(mine.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const flagged = engineFlags(ruleId, c.object);
    const admission = admit(policy, c.object);
    if (!resourceMatches(policy, c.object)) {
      // outside the policy: the engine finds nothing either, unless the kind is one only it judges
      expect(admission.matched).toBe(false);
      expect(flagged).toBe(flagged && (JUDGED_BY_THE_ENGINE_ONLY[ruleId] ?? []).includes(c.object.kind));
      return;
    }
    // a denial comes from a validation that is false, not from one that fails to evaluate, except
    // for quantities the API server's own validation refuses before admission ("lots", "1e400")
    const errorsExpected = flagged && QUANTITY_RULES.includes(ruleId) ? admission.errors.filter(e => e.includes('quantities must match') || e.startsWith('messageExpression')) : [];
    expect({ admitted: admission.allowed, errors: admission.errors }).toEqual({ admitted: !flagged, errors: errorsExpected });
    if (flagged) expect(admission.messages.every(m => m.startsWith(`${ruleId}: `))).toBe(true);
  });
});

describe('acknowledgements written on the object are honoured as the engine honours them', () => {
  const flaggedCases = cases.filter(c => expressible.includes(c.ruleId) && resourceMatches(policies.get(c.ruleId)!, c.object)
    && engineFlags(c.ruleId, c.object));
  const acknowledged = (c: Case, reason: string): Json => {
    const o = JSON.parse(JSON.stringify(c.object));
    o.metadata = { ...o.metadata, annotations: { ...o.metadata?.annotations, [`acknowledged.cdk8s-hardening.io/${c.ruleId}`]: reason } };
    return o;
  };
  test.each(flaggedCases.map(c => [`${c.ruleId} ${c.name}`, c] as const))('%s', (_name, c) => {
    const accepted = acknowledged(c, '  legacy image, migration tracked in OPS-42  ');
    expect(admit(policies.get(c.ruleId)!, accepted).allowed).toBe(true);
    const result = runCheck([toKubeObject(accepted)], { packs: [CompliancePack.NSA_CISA] });
    expect(result.findings.filter(f => f.ruleId === c.ruleId)).toEqual([]);
    expect(result.acknowledged.filter(f => f.ruleId === c.ruleId).length).toBeGreaterThan(0);
    // a reason the engine does not accept (under 10 characters once trimmed) lifts nothing
    const short = acknowledged(c, '  too short ');
    expect(admit(policies.get(c.ruleId)!, short).allowed).toBe(false);
    const open = runCheck([toKubeObject(short)], { packs: [CompliancePack.NSA_CISA] }).findings.filter(f => f.ruleId === c.ruleId);
    expect(open.length).toBeGreaterThan(0);
  });
});

test('messages name the rule, what a compliant object looks like, the containers that fail and the fix', () => {
  const c = cases.find(x => x.ruleId === 'ReadOnlyRootFilesystem' && x.name === 'initContainerFalse')!;
  expect(admit(policies.get('ReadOnlyRootFilesystem')!, c.object).messages).toEqual([
    'ReadOnlyRootFilesystem: every container sets securityContext.readOnlyRootFilesystem: true (not: setup). Fix: set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write',
  ]);
});

describe('writes of the built-in controllers are not judged again', () => {
  const failing = cases.find(c => c.ruleId === 'ReadOnlyRootFilesystem' && c.object.kind === 'Pod' && engineFlags(c.ruleId, c.object))!;
  const policy = policies.get('ReadOnlyRootFilesystem')!;
  test('a person is refused, the ReplicaSet controller and a kubelet are not', () => {
    expect(admit(policy, failing.object, PERSON).allowed).toBe(false);
    expect(admit(policy, failing.object, { username: 'system:serviceaccount:kube-system:replicaset-controller' }).matched).toBe(false);
    expect(admit(policy, failing.object, { username: 'system:node:worker-1', groups: ['system:nodes', 'system:authenticated'] }).matched).toBe(false);
  });
  test('a ServiceAccount of kube-system that is not a controller is judged', () => {
    expect(admit(policy, failing.object, { username: 'system:serviceaccount:kube-system:helm' }).allowed).toBe(false);
  });
  test('updates are judged, deletes are not', () => {
    expect(admit(policy, failing.object, PERSON, 'UPDATE').allowed).toBe(false);
    expect(admit(policy, failing.object, PERSON, 'DELETE').matched).toBe(false);
  });
});

// The numbers docs/admission.md reports.
test('agreement counts', () => {
  let matched = 0;
  let outside = 0;
  let crossObject = 0;
  for (const c of cases.filter(x => expressible.includes(x.ruleId))) {
    if (resourceMatches(policies.get(c.ruleId)!, c.object)) {
      matched++;
      expect(admit(policies.get(c.ruleId)!, c.object).allowed).toBe(!engineFlags(c.ruleId, c.object));
    } else {
      outside++;
    }
  }
  for (const [ruleId, fixtures] of Object.entries(table)) {
    for (const f of Object.values(fixtures)) {
      if (f.others.length === 0) continue;
      const objects = [f.object, ...f.others].map(j => toKubeObject(j));
      const withOthers = RULES.get(ruleId)!.check(objects[0], buildContext(objects)).status === 'non-compliant';
      if (withOthers !== engineFlags(ruleId, f.object)) crossObject++;
    }
  }
  const fixtures = Object.values(table).reduce((n, f) => n + Object.keys(f).length, 0);
  expect({ rules: expressible.length, fixtures, matched, outside, crossObject }).toEqual({
    rules: 22, fixtures: expect.any(Number), matched: expect.any(Number), outside: expect.any(Number), crossObject: expect.any(Number),
  });
  process.stdout.write(`admission equality: ${expressible.length} rules, ${fixtures} fixtures, ${matched} cases matched and agreeing, ${outside} outside the policies' kinds, ${crossObject} fixtures whose verdict needs other objects\n`);
});
