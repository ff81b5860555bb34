import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { asString, dig } from './compliance/json';
import { invalidInput } from './errors';
import { requireOneCopy } from './single-copy';

// cdk8s validates the whole app once per `app.synth()` (or `synthYaml()`) and again for every
// chart it writes, so a validation registered on a construct runs (charts + 1) times per
// synthesis. The validations of this library run once per synthesis: the app is marked while it
// synthesizes, and within one synthesis each validation's result is kept and returned again.
// Outside `app.synth()` (a chart synthesized on its own, `Testing.synth(chart)`), cdk8s
// validates once, and so do they.

/** The property of an App that holds its synthesis tracking (shared by copies of this library). */
const TRACKING = Symbol.for('cdk8s-hardening.synthesis');

interface Tracking {
  /** The results of the synthesis under way, by validation; undefined outside a synthesis. */
  session?: Map<object, unknown>;
}

function trackingOf(app: App): Tracking {
  const holder = app as unknown as { [TRACKING]?: Tracking };
  const existing = holder[TRACKING];
  if (existing) return existing;
  const tracking: Tracking = {};
  Object.defineProperty(app, TRACKING, { value: tracking, enumerable: false });
  for (const method of ['synth', 'synthYaml'] as const) {
    const original = app[method].bind(app) as () => unknown;
    Object.defineProperty(app, method, {
      configurable: true,
      writable: true,
      value: () => {
        const outer = tracking.session;
        tracking.session = outer ?? new Map();
        try {
          return original();
        } finally {
          tracking.session = outer;
        }
      },
    });
  }
  return tracking;
}

/**
 * Computes `compute()` once per synthesis of the app `scope` is in, for `key` (an object only
 * the caller holds); outside a synthesis, at every call.
 * @internal
 */
export function oncePerSynthesis<T>(scope: IConstruct, key: object, compute: () => T): T {
  const app = scope.node.root;
  const session = app instanceof App ? trackingOf(app).session : undefined;
  if (!session) return compute();
  if (session.has(key)) return session.get(key) as T;
  const value = compute();
  session.set(key, value);
  return value;
}

/**
 * Adds a validation to `scope` that runs once per synthesis of its app.
 * @internal
 */
export function addSynthesisValidation(scope: IConstruct, validate: () => string[]): void {
  requireOneCopy(scope);
  const app = scope.node.root;
  if (app instanceof App) trackingOf(app); // tracked from now on, so the coming synthesis is marked
  const key = {};
  // cdk8s writes the construct path in front of each message: a message that already starts
  // with it (the error factory's `[path] field: ...`) would name the construct twice
  const prefix = `[${scope.node.path}] `;
  const once = (message: string) => message.startsWith(prefix) ? message.slice(prefix.length) : message;
  scope.node.addValidation({ validate: () => oncePerSynthesis(scope, key, validate).map(once) });
}

/** One check of what is written for an object (see `checkWhenWritten`). */
interface WrittenCheck {
  readonly object: ApiObject;
  /** What the object is to the construct that checks it, for messages ("the workload's Role"). */
  readonly what: string;
  readonly scope: IConstruct;
  readonly armed: () => boolean;
  readonly check: (json: unknown) => string[];
}

/** The property of a Chart that holds the checks of its written output. */
const WRITTEN = Symbol.for('cdk8s-hardening.written-checks');

function failOn(problems: string[]): void {
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/**
 * Checks `object` in what is actually written, once `armed()` (after the owner's check in synth
 * has run): cdk8s validates, then renders every object again to write it, so a validation that
 * runs later, a value that answers differently when read again, or a JSON patch added by either
 * would reach the output unchecked. The object's `toJson` (what `app.synth()` writes one object
 * per file, and what every chart renders) and its chart's `toJson` (what `app.synth()` writes,
 * `Testing.synth()` returns, and a subclass of Chart may override) both run `check` on their
 * result; an object missing from its chart's output is a problem too. A check that finds
 * problems throws, so nothing of the chart is written.
 * @internal
 */
export function checkWhenWritten(scope: IConstruct, object: ApiObject, what: string, armed: () => boolean, check: (json: unknown) => string[]): void {
  const render = object.toJson.bind(object);
  Object.defineProperty(object, 'toJson', {
    configurable: true,
    writable: true,
    value: () => {
      const json = render();
      if (armed()) failOn(check(json));
      return json;
    },
  });
  const chart = Chart.of(object);
  const holder = chart as unknown as { [WRITTEN]?: WrittenCheck[] };
  let checks = holder[WRITTEN];
  if (!checks) {
    const list: WrittenCheck[] = checks = [];
    Object.defineProperty(chart, WRITTEN, { value: list, enumerable: false });
    const renderChart = chart.toJson.bind(chart);
    Object.defineProperty(chart, 'toJson', {
      configurable: true,
      writable: true,
      value: () => {
        const output = renderChart();
        const problems: string[] = [];
        const ready = list.filter(x => x.armed());
        // the output's objects by kind, namespace and name, made once (a chart of thousands of
        // workloads checks thousands of objects)
        const written = new Map<string, unknown[]>();
        const keyOf = (kind: string | undefined, namespace: string | undefined, name: string | undefined) => `${kind}\u0000${namespace}\u0000${name}`;
        if (ready.length > 0) {
          for (const o of Array.isArray(output) ? output : []) {
            const key = keyOf(asString(dig(o, 'kind')), asString(dig(o, 'metadata', 'namespace')), asString(dig(o, 'metadata', 'name')));
            const same = written.get(key);
            if (same) same.push(o);
            else written.set(key, [o]);
          }
        }
        for (const c of ready) {
          const { kind, name } = c.object;
          const namespace = c.object.metadata.namespace;
          const found = written.get(keyOf(kind, namespace, name)) ?? [];
          if (found.length !== 1) {
            problems.push(invalidInput(c.scope, 'node', `${c.what} (${kind} "${name}") is ${found.length === 0 ? 'missing from' : 'written more than once in'} the chart's output`, found.length,
              'keep the objects of a hardened workload in the output; do not filter or rewrite them in a Chart.toJson override').message);
          } else {
            problems.push(...c.check(found[0]));
          }
        }
        failOn(problems);
        return output;
      },
    });
  }
  checks.push({ object, what, scope, armed, check });
}
