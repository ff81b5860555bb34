import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
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
