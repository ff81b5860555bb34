import { asArray, asObject, asString, asStringMap, isObject } from '../json';

/**
 * Whether a Kubernetes label selector (`matchLabels` and `matchExpressions`) selects the labels.
 * An empty selector selects everything; a missing selector (undefined) selects nothing.
 * @internal
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObject(selector)) return false;
  for (const [k, v] of Object.entries(asStringMap(selector.matchLabels))) {
    if (labels[k] !== v) return false;
  }
  for (const e of asArray(selector.matchExpressions)) {
    const expr = asObject(e);
    const key = asString(expr?.key) ?? '';
    const values = asArray(expr?.values).filter((x): x is string => typeof x === 'string');
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (asString(expr?.operator)) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Whether a selector is empty (`{}`): it selects every pod of its namespace. @internal */
export function selectorIsEmpty(selector: unknown): boolean {
  return isObject(selector)
    && Object.keys(asStringMap(selector.matchLabels)).length === 0
    && asArray(selector.matchExpressions).length === 0;
}

/**
 * The directions a NetworkPolicy governs, with the API server's defaults for a missing
 * `policyTypes` (SetDefaults_NetworkPolicy, kubernetes pkg/apis/networking/v1/defaults.go):
 * Ingress, and Egress too when there is at least one egress rule (`egress: []` adds nothing).
 * @internal
 */
export function policyTypes(spec: Record<string, unknown> | undefined): Set<string> {
  const declared = asArray(spec?.policyTypes).filter((x): x is string => typeof x === 'string');
  if (declared.length > 0) return new Set(declared);
  const types = new Set(['Ingress']);
  if (asArray(spec?.egress).length > 0) types.add('Egress');
  return types;
}
