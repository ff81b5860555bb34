import { KubeObject } from './objects';
import { Severity } from './severity';
import { PssCheck } from '../standards/pss';

/**
 * One thing a rule found wrong with an object: where (a JSON path in the object), what, and
 * optionally a fix more specific than the rule's general one.
 * @internal
 */
export interface RuleFinding {
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
  /**
   * A finding less serious than the rule's findings usually are: it is reported at the lower of
   * this and the severity the pack gives the rule.
   */
  readonly severity?: Severity;
}

/** @internal */
export type RuleOutcome =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'non-compliant'; readonly findings: readonly RuleFinding[] };

/** @internal */
export const COMPLIANT: RuleOutcome = { status: 'compliant' };
/** @internal */
export const NOT_APPLICABLE: RuleOutcome = { status: 'not-applicable' };

/** Compliant when nothing was found, non-compliant otherwise. @internal */
export function outcome(findings: readonly RuleFinding[]): RuleOutcome {
  return findings.length === 0 ? COMPLIANT : { status: 'non-compliant', findings };
}

/**
 * What a rule may know beyond the object it checks: the whole set of objects checked together.
 *
 * Namespaces: an object without `metadata.namespace` is in `default` (where `kubectl apply`
 * without `-n` puts it, and where Kubescape relates it), so it is related to objects of the
 * `default` namespace and to other objects without a namespace, never to objects of another
 * namespace.
 * @internal
 */
export interface RuleContext {
  readonly objects: readonly KubeObject[];
  /**
   * The Kubernetes minor version (1.N) of the cluster the objects are checked for: what the API
   * server authorizes depends on it (from 1.35, `get` alone no longer opens `pods/exec`).
   */
  readonly kubernetesMinor: number;
  /** Objects of a kind in a namespace (undefined = no namespace set, i.e. `default`). */
  objectsOf(kind: string, namespace: string | undefined): readonly KubeObject[];
  /** Every object of a kind, in any namespace or none (cluster-scoped kinds). */
  ofKind(kind: string): readonly KubeObject[];
  /** An object by kind, namespace (undefined = `default`) and name. */
  find(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /**
   * The Kubernetes minor version (1.N) at which the Pod Security Standards are evaluated for an
   * object: its Namespace's (`default` for an object without namespace)
   * `pod-security.kubernetes.io/enforce-version` when the Namespace is among the objects checked
   * and pins one, otherwise the version the check was asked for.
   */
  pssMinor(object: KubeObject): number;
  /**
   * The apply set of an object: the objects applied together with it (`kubectl apply -f FOLDER`
   * applies the files of one folder), which duplicates are looked for in. Objects not read from
   * a file are one set.
   */
  applySet(object: KubeObject): string;
}

/**
 * A rule: a pure function over an object's synthesized JSON (and the set it is checked with).
 * Rules know nothing of standards; packs map them to controls, severities and explanations.
 * @internal
 */
export interface Rule {
  /** Stable id, also the rule's file name. */
  readonly id: string;
  /** One line: what a compliant object looks like. */
  readonly title: string;
  /** How to fix a finding, when the finding gives no more specific fix. */
  readonly fix: string;
  /** Documentation link. */
  readonly helpUri: string;
  /**
   * The Pod Security Standards check the rule implements, when it implements one: the rule is
   * then evaluated at a version, and belongs to the PSS pack of the check's profile.
   */
  readonly pss?: PssCheck;
  /**
   * The kinds of object the rule can apply to, when it applies to a few: the engine does not ask
   * it about objects of other kinds (not applicable). Its `check` is not applicable to them either
   * (test/compliance/rule-kinds.test.ts holds every rule to that).
   */
  readonly kinds?: readonly string[];
  check(object: KubeObject, context: RuleContext): RuleOutcome;
}
