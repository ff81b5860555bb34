/**
 * Kubernetes CEL compatibility of two JavaScript CEL implementations, @bufbuild/cel and
 * @marcbachmann/cel-js: the language features the admission policies rely on, then every
 * expression the policies are made of, evaluated on a compliant object of its kind.
 *
 *   npm run bench:cel
 *
 * Results are written down in docs/admission.md ("Which CEL implementation the tests use").
 */
import { Testing } from 'cdk8s';
import { deployment, namespace, role, roleBinding } from '../test/compliance/fixtures';
import { AdmissionGuardrails } from '../src';
import { apiServerView } from '../test/admission/cel-harness';

type Run = (expression: string, bindings: Record<string, unknown>) => unknown;

function bufbuild(): Run {
  const cel = require('@bufbuild/cel');
  const { strings } = require('@bufbuild/cel/ext');
  const env = cel.celEnv({ funcs: strings });
  return (expression, bindings) => {
    try {
      const r = cel.plan(env, cel.parse(expression))(bindings);
      return cel.isCelError(r) ? new Error(r.message) : r;
    } catch (e) {
      return e;
    }
  };
}

function marcbachmann(): Run {
  // ECMAScript module only: Node 20.19 and later load it with require()
  const { Environment } = require('@marcbachmann/cel-js');
  return (expression, bindings) => {
    try {
      return new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false }).evaluate(expression, bindings);
    } catch (e) {
      return e;
    }
  };
}

const object = apiServerView({
  metadata: { name: 'x', annotations: { 'a/b': 'a reason long enough' } },
  spec: { n: 0, list: [1, 2, 3], s: 'Hello World', containers: [{ name: 'a', securityContext: { runAsGroup: 0 } }, { name: 'b' }] },
});

/** [feature, expression, expected ('error' when it must fail)] */
const FEATURES: Array<[string, string, unknown]> = [
  ['all', 'object.spec.list.all(x, x > 0)', true],
  ['exists', 'object.spec.list.exists(x, x == 2)', true],
  ['exists_one', 'object.spec.list.exists_one(x, x == 2)', true],
  ['map', 'object.spec.list.map(x, x * 2) == [2, 4, 6]', true],
  ['map with filter', 'object.spec.list.map(x, x > 1, x * 2) == [4, 6]', true],
  ['filter', 'object.spec.list.filter(x, x > 1) == [2, 3]', true],
  ['has', 'has(object.spec.n) && !has(object.spec.missing)', true],
  ['has of a missing parent fails', 'has(object.spec.missing.x)', 'error'],
  ['has in a comprehension', 'object.spec.containers.all(c, !has(c.securityContext) || has(c.securityContext.runAsGroup))', true],
  ['int from JSON', 'object.spec.n == 0', true],
  ['int == double (cross-type numeric comparison, Kubernetes 1.28+)', '1 == 1.0', true],
  ['in list', "'b' in ['a', 'b']", true],
  ['in map', "'a/b' in object.metadata.annotations", true],
  ['map index', "object.metadata.annotations['a/b'] == 'a reason long enough'", true],
  ['ternary', "object.spec.n == 0 ? 'zero' : 'other'", 'zero'],
  ['startsWith', "object.spec.s.startsWith('Hell')", true],
  ['endsWith', "object.spec.s.endsWith('rld')", true],
  ['contains', "object.spec.s.contains('o W')", true],
  ['size', 'size(object.spec.s) == 11 && object.spec.list.size() == 3', true],
  ['matches is a partial match', "object.spec.s.matches('o W')", true],
  ['matches (?i)', "object.spec.s.matches('(?i)^hello')", true],
  ['matches (?s:.)', "'a\\nb'.matches('^a(?s:.)b$')", true],
  ['matches: RE2 \\s is ASCII only', "'a\\u00a0b'.matches('a\\\\sb')", false],
  ['matches \\b', "'x ghp_y'.matches('\\\\bghp_')", true],
  ['lowerAscii / upperAscii', "'ABC'.lowerAscii() == 'abc' && 'abc'.upperAscii() == 'ABC'", true],
  ['trim', "'  a  '.trim() == 'a'", true],
  ['split / join', "'a b'.split(' ') == ['a', 'b'] && ['a', 'b'].join('-') == 'a-b'", true],
  ['replace', "'a\\tb'.replace('\\t', ' ') == 'a b'", true],
  ['substring / indexOf', "'CAP_SYS'.substring(4) == 'SYS' && 'a=b'.indexOf('=') == 1", true],
  ['list concatenation', '[1] + [2] == [1, 2]', true],
  ['|| absorbs an error', 'object.spec.missing.x == 1 || true', true],
  ['&& absorbs an error', 'object.spec.missing.x == 1 && false', false],
  ['string()', "string(object.spec.n) == '0'", true],
  ['\\u escapes', "'\\u00a0' == '\\xa0'", true],
  ['map comprehension over keys', "object.metadata.annotations.all(k, k.startsWith('a'))", true],
  ['size of an empty map literal', 'size({}) == 0', true],
];

function same(result: unknown, expected: unknown): boolean {
  if (expected === 'error') return result instanceof Error;
  return typeof result === 'bigint' ? Number(result) === expected : result === expected;
}

function main(): void {
  const runners: Record<string, Run> = { '@bufbuild/cel': bufbuild(), '@marcbachmann/cel-js': marcbachmann() };
  console.log('| feature | ' + Object.keys(runners).join(' | ') + ' |');
  console.log('|---|' + Object.keys(runners).map(() => '---').join('|') + '|');
  const featureScore: Record<string, number> = {};
  for (const [feature, expression, expected] of FEATURES) {
    const cells = Object.entries(runners).map(([name, run]) => {
      const ok = same(run(expression, { object }), expected);
      featureScore[name] = (featureScore[name] ?? 0) + (ok ? 1 : 0);
      return ok ? 'yes' : 'no';
    });
    console.log(`| ${feature} | ${cells.join(' | ')} |`);
  }
  console.log(`\nfeatures: ${Object.entries(featureScore).map(([n, s]) => `${n} ${s}/${FEATURES.length}`).join(', ')}`);

  // every expression of the generated policies, on a compliant object of its kind (quantity()
  // is registered by neither library: expressions that call it are counted apart)
  const chart = Testing.chart();
  new AdmissionGuardrails(chart, 'g');
  const policies = (Testing.synth(chart) as any[]).filter(o => o.kind === 'ValidatingAdmissionPolicy');
  const compliant: Record<string, unknown> = {
    pod: deployment(), rbac: role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]), ns: namespace(),
    binding: roleBinding(), pv: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'v' }, spec: { csi: { driver: 'd', volumeHandle: 'h' } } },
  };
  const objectFor = (p: any): unknown => {
    const resources = p.spec.matchConstraints.resourceRules.flatMap((r: any) => r.resources);
    if (resources.includes('pods')) return compliant.pod;
    if (resources.includes('namespaces')) return compliant.ns;
    if (resources.includes('persistentvolumes')) return compliant.pv;
    if (resources.includes('roles')) return compliant.rbac;
    return compliant.binding;
  };
  const request = { operation: 'CREATE', userInfo: { username: 'jane', groups: ['system:authenticated'] } };
  for (const [name, run] of Object.entries(runners)) {
    let total = 0;
    let good = 0;
    let quantityCalls = 0;
    const failures = new Map<string, number>();
    for (const p of policies) {
      const view = apiServerView(objectFor(p));
      const variables: Record<string, unknown> = {};
      for (const v of p.spec.variables ?? []) variables[v.name] = run(v.expression, { object: view, request, variables });
      for (const e of [...p.spec.matchConditions.map((c: any) => c.expression), ...p.spec.validations.map((v: any) => v.expression)]) {
        if (e.includes('quantity(')) {
          quantityCalls++;
          continue;
        }
        total++;
        const r = run(e, { object: view, request, variables });
        if (r === true) good++;
        else {
          const why = r instanceof Error ? r.message.split('\n')[0].slice(0, 90) : `returned ${String(r)}`;
          failures.set(why, (failures.get(why) ?? 0) + 1);
        }
      }
    }
    console.log(`\n${name}: ${good}/${total} generated expressions evaluate to true on compliant objects (${quantityCalls} call quantity(), left out)`);
    for (const [why, n] of failures) console.log(`  ${n} x ${why}`);
  }
}

main();
