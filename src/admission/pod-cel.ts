// Where a pod spec is in each kind that carries one, in CEL: the policies' variables, built from
// the same table the engine reads (POD_TEMPLATE_PATHS).
import { has } from './cel';
import { CONTAINER_LISTS } from '../compliance/objects';
import { EPHEMERAL_CONTAINERS_SUBRESOURCE, KIND_RESOURCES, POD_TEMPLATE_PATHS } from '../standards/kinds';

/** A policy variable: its name and CEL expression. @internal */
export interface CelVariable {
  readonly name: string;
  readonly expression: string;
}

/** The pod-bearing kinds the policies match: every built-in kind the engine reads a pod from. @internal */
export const POD_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATHS);

/** The resources of the pod-bearing kinds, with the subresource `kubectl debug` adds containers through. @internal */
export function podResources(): string[] {
  return [...POD_KINDS.map(k => KIND_RESOURCES[k].resource), EPHEMERAL_CONTAINERS_SUBRESOURCE];
}

/** The CEL path of a template (the object holding `metadata` and `spec`), from `object`. */
function templatePath(keys: readonly string[]): string {
  return ['object', ...keys].join('.');
}

/**
 * `variables.podSpec`: the pod spec of the object, whatever its kind (a Pod's `spec`, a
 * template's, a CronJob's job template's), or `{}` when the object has none, so that no
 * expression fails on a missing field.
 * @internal
 */
export const POD_SPEC: CelVariable = (() => {
  const byPath = new Map<string, string[]>();
  for (const kind of POD_KINDS) {
    const keys = POD_TEMPLATE_PATHS[kind];
    const key = keys.join('.');
    byPath.set(key, [...(byPath.get(key) ?? []), kind]);
  }
  let expression = '{}';
  for (const [key, kinds] of [...byPath.entries()].reverse()) {
    const keys = key === '' ? [] : key.split('.');
    const spec = `${templatePath(keys)}.spec`;
    const present = has('object', ...keys, 'spec');
    const test = kinds.length === 1 ? `object.kind == '${kinds[0]}'` : `object.kind in [${kinds.map(k => `'${k}'`).join(', ')}]`;
    expression = `${test} ? (${present} ? ${spec} : {}) : (${expression})`;
  }
  return { name: 'podSpec', expression };
})();

/** A container list of the pod spec, or [] when absent. */
function containerList(list: string): string {
  return `(has(variables.podSpec.${list}) ? variables.podSpec.${list} : [])`;
}

/** `variables.containers`: containers, init containers and ephemeral containers, in that order. @internal */
export const CONTAINERS: CelVariable = { name: 'containers', expression: CONTAINER_LISTS.map(containerList).join(' + ') };

/** `variables.resourcedContainers`: containers and init containers (ephemeral containers have no resources). @internal */
export const RESOURCED_CONTAINERS: CelVariable = {
  name: 'resourcedContainers',
  expression: CONTAINER_LISTS.filter(l => l !== 'ephemeralContainers').map(containerList).join(' + '),
};

/** The variables every pod policy declares. @internal */
export const POD_VARIABLES: readonly CelVariable[] = [POD_SPEC, CONTAINERS, RESOURCED_CONTAINERS];

/** A container's name, for messages. @internal */
export function containerName(c: string): string {
  return `(has(${c}.name) ? ${c}.name : '?')`;
}
