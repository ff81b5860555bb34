// The admission policies and the engine agree: every generated CEL expression, evaluated as the
// API server evaluates it (cel-harness.ts), gives each fixture of the rule tests (rule-fixtures.ts),
// in every kind its policy matches, the engine's verdict on that object: admitted exactly when
// the rule finds nothing on it.
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { admit, PERSON, resourceMatches } from './cel-harness';
import { variants } from './variants';
import { AdmissionGuardrails } from '../../src';
import { buildContext, runCheck } from '../../src/compliance/engine';
import { toKubeObject } from '../../src/compliance/objects';
import { CompliancePack } from '../../src/compliance/packs';
import { RULES } from '../../src/compliance/rules';
import { ADMISSION_MIN_MINOR } from '../../src/standards/admission';
import { ruleFixtures } from '../compliance/rule-fixtures';

type Json = Record<string, any>;

const chart = Testing.chart();
new AdmissionGuardrails(chart, 'guardrails');
const synthesized = Testing.synth(chart) as Json[];
const allPolicies = synthesized.filter(o => o.kind === 'ValidatingAdmissionPolicy');
/** A rule's policies: one, or one per kind group (`<rule>-roles`, `<rule>-cluster-roles`, `<rule>-bindings`). */
const policiesOf = (ruleId: string): Json[] => allPolicies.filter(p => p.metadata.annotations['cdk8s-hardening.io/rule'] === ruleId);
/** The policy of a rule that matches an object's kind (its kind groups do not overlap), or undefined. */
function policyFor(ruleId: string, object: Json): Json | undefined {
  const matching = policiesOf(ruleId).filter(p => resourceMatches(p, object));
  if (matching.length > 1) throw new Error(`${ruleId}: ${matching.length} policies match ${object.kind}`);
  return matching[0];
}
/** Admission of an object by the rule's policies (the one that matches its kind). */
const admitByRule = (ruleId: string, object: Json, user = PERSON, operation = 'CREATE') => {
  const policy = policyFor(ruleId, object) ?? policiesOf(ruleId)[0];
  return admit(policy, object, user, operation);
};
const table = ruleFixtures() as Record<string, Record<string, { object: Json; others: readonly Json[] }>>;

/**
 * The engine's verdict on an object checked alone, for the oldest cluster the policies run on
 * (a policy cannot know the cluster's version): does the rule find anything?
 */
function engineFlags(ruleId: string, object: Json): boolean {
  const o = toKubeObject(object);
  return RULES.get(ruleId)!.check(o, buildContext([o], undefined, ADMISSION_MIN_MINOR)).status === 'non-compliant';
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
    const mine = cases.filter(c => c.ruleId === ruleId && policyFor(ruleId, c.object) !== undefined);
    expect(mine.filter(c => engineFlags(ruleId, c.object)).length).toBeGreaterThan(0);
    expect(mine.filter(c => !engineFlags(ruleId, c.object)).length).toBeGreaterThan(0);
  });
});

const QUANTITY_RULES = ['CpuLimits', 'MemoryLimits'];

/**
 * Kinds a rule judges that its policy does not match, because the rule cannot be written in CEL
 * for them: a ConfigMap's base64 values must be decoded to text, which the Kubernetes 1.30 CEL
 * environment cannot do (it has no base64 decoding, and bytes that are not UTF-8 are no string).
 */
const JUDGED_BY_THE_ENGINE_ONLY: Record<string, string[]> = { CredentialsInConfig: ['ConfigMap'] };

/**
 * Where the policy and the engine differ, and the real API server decides as the policy does
 * (test/kubernetes/admission-policies.test.ts, docs/admission.md): a cpu limit of `1e400` is a
 * valid quantity to Kubernetes, far above zero, so the server admits the pod and the policy finds
 * the limit set; the engine's parser finds no finite number in it and flags it. The fixture, in
 * every kind its policy matches.
 */
const SERVER_ADMITS_ENGINE_FLAGS: Record<string, string[]> = { CpuLimits: ['tooLarge'] };
const knownDifference = (c: Case) => (SERVER_ADMITS_ENGINE_FLAGS[c.ruleId] ?? []).includes(c.name.split(' ')[0]);

describe.each(expressible)('%s: CEL and engine agree', (ruleId) => {
  const mine = cases.filter(c => c.ruleId === ruleId);
  test.each(mine.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const flagged = engineFlags(ruleId, c.object);
    const admission = admitByRule(ruleId, c.object);
    if (policyFor(ruleId, c.object) === undefined) {
      // outside the policy: the engine finds nothing either, unless the kind is one only it judges
      expect(admission.matched).toBe(false);
      expect(flagged).toBe(flagged && (JUDGED_BY_THE_ENGINE_ONLY[ruleId] ?? []).includes(c.object.kind));
      return;
    }
    if (knownDifference(c)) {
      // the difference, pinned: the policy admits (as the server does), the engine flags
      expect({ admitted: admission.allowed, errors: admission.errors, flagged }).toEqual({ admitted: true, errors: [], flagged: true });
      return;
    }
    // a denial comes from a validation that is false, not from one that fails to evaluate, except
    // for text that is no quantity, which the API server's own validation refuses before admission ("lots")
    const errorsExpected = flagged && QUANTITY_RULES.includes(ruleId) ? admission.errors.filter(e => e.includes('quantities must match') || e.startsWith('messageExpression')) : [];
    expect({ admitted: admission.allowed, errors: admission.errors }).toEqual({ admitted: !flagged, errors: errorsExpected });
    if (flagged) expect(admission.messages.every(m => m.startsWith(`${ruleId}: `))).toBe(true);
  });
});

describe('acknowledgements written on the object are honoured as the engine honours them', () => {
  const flaggedCases = cases.filter(c => expressible.includes(c.ruleId) && policyFor(c.ruleId, c.object) !== undefined
    && engineFlags(c.ruleId, c.object) && !knownDifference(c));
  const acknowledged = (c: Case, reason: string): Json => {
    const o = JSON.parse(JSON.stringify(c.object));
    o.metadata = { ...o.metadata, annotations: { ...o.metadata?.annotations, [`acknowledged.cdk8s-hardening.io/${c.ruleId}`]: reason } };
    return o;
  };
  test.each(flaggedCases.map(c => [`${c.ruleId} ${c.name}`, c] as const))('%s', (_name, c) => {
    const accepted = acknowledged(c, '  legacy image, migration tracked in OPS-42  ');
    expect(admitByRule(c.ruleId, accepted).allowed).toBe(true);
    const result = runCheck([toKubeObject(accepted)], { packs: [CompliancePack.NSA_CISA], kubernetesMinor: ADMISSION_MIN_MINOR });
    expect(result.findings.filter(f => f.ruleId === c.ruleId)).toEqual([]);
    expect(result.acknowledged.filter(f => f.ruleId === c.ruleId).length).toBeGreaterThan(0);
    // a reason the engine does not accept (under 10 characters once trimmed) lifts nothing
    const short = acknowledged(c, '  too short ');
    expect(admitByRule(c.ruleId, short).allowed).toBe(false);
    const open = runCheck([toKubeObject(short)], { packs: [CompliancePack.NSA_CISA], kubernetesMinor: ADMISSION_MIN_MINOR })
      .findings.filter(f => f.ruleId === c.ruleId);
    expect(open.length).toBeGreaterThan(0);
  });
});

test('messages name the rule, what a compliant object looks like, the containers that fail and the fix', () => {
  const c = cases.find(x => x.ruleId === 'ReadOnlyRootFilesystem' && x.name === 'initContainerFalse')!;
  expect(admitByRule('ReadOnlyRootFilesystem', c.object).messages).toEqual([
    'ReadOnlyRootFilesystem: every container sets securityContext.readOnlyRootFilesystem: true (not: setup). Fix: set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write',
  ]);
});

describe('writes of the built-in controllers are not judged again', () => {
  const failing = cases.find(c => c.ruleId === 'ReadOnlyRootFilesystem' && c.object.kind === 'Pod' && engineFlags(c.ruleId, c.object))!;
  const [policy] = policiesOf('ReadOnlyRootFilesystem');
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

// The numbers docs/admission.md reports, read from its text: a change of the fixtures or the
// policies that changes a figure fails here until the page says the new one.
test('agreement counts are the figures docs/admission.md reports', () => {
  let matched = 0;
  let nonCompliant = 0;
  let outside = 0;
  let crossObject = 0;
  const differences: string[] = [];
  for (const c of cases.filter(x => expressible.includes(x.ruleId))) {
    if (policyFor(c.ruleId, c.object) !== undefined) {
      matched++;
      const flagged = engineFlags(c.ruleId, c.object);
      if (flagged) nonCompliant++;
      if (admitByRule(c.ruleId, c.object).allowed === flagged) differences.push(`${c.ruleId} ${c.name}`);
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
  const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'admission.md'), 'utf8').replace(/\s+/g, ' ');
  const figure = (re: RegExp) => {
    const m = re.exec(page);
    if (!m) throw new Error(`docs/admission.md no longer says ${re}`);
    return Number(m[1].replace(/,/g, ''));
  };
  const reported = {
    rules: figure(/\*\*Numbers\.\*\* (\d+) of the engine's/),
    fixtures: figure(/The fixture table has ([\d,]+) fixtures/),
    compliant: figure(/\(([\d,]+) compliant and [\d,]+ non-compliant cases/),
    nonCompliant: figure(/compliant and ([\d,]+) non-compliant cases/),
    agree: figure(/CEL and engine agree on ([\d,]+) of [\d,]+\./),
    matched: figure(/CEL and engine agree on [\d,]+ of ([\d,]+)\./),
    differ: figure(/differ on ([\d,]+) cases, the nine kinds of one fixture/),
    outside: figure(/([\d,]+) cases are of kinds no policy matches/),
    acknowledged: figure(/Each of the other ([\d,]+) non-compliant cases is also admitted/),
    crossObject: figure(/([\d,]+) fixtures have a verdict that needs other objects/),
  };
  const measured = {
    rules: expressible.length,
    fixtures,
    compliant: matched - nonCompliant,
    nonCompliant,
    agree: matched - differences.length,
    matched,
    differ: differences.length,
    outside,
    acknowledged: nonCompliant - differences.length,
    crossObject,
  };
  expect(measured).toEqual(reported);
  // the only differences are the known one (a cpu limit of 1e400), in every kind its policy matches
  expect(differences).toEqual(cases.filter(c => expressible.includes(c.ruleId) && knownDifference(c)).map(c => `${c.ruleId} ${c.name}`));
  expect(differences).toHaveLength(9);
  expect(figure(/: ([\d,]+) cases\); CEL and engine agree/)).toBe(matched);
  process.stdout.write(`admission equality: ${expressible.length} rules, ${fixtures} fixtures, ${matched} cases matched, ${differences.length} differing as the server does, ${outside} outside the policies' kinds, ${crossObject} fixtures whose verdict needs other objects\n`);
});
