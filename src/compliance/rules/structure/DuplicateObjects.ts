import { apiGroupOf, isClusterScoped } from '../../../standards/kinds';
import { asObject, asString } from '../../json';
import { describeObject, KubeObject, namespaceOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleContext } from '../../rule';

/**
 * The identity the API server stores an object under (group, kind, namespace (none when
 * cluster-scoped), name), within the apply set the object is applied with.
 */
function identity(o: KubeObject, context: RuleContext): string | undefined {
  const name = asString(asObject(o.json.metadata)?.name);
  if (name === undefined || name === '') return undefined; // generateName: a new name on every create
  const ns = isClusterScoped(o.apiVersion, o.kind) ? '' : namespaceOf(o.namespace);
  return `${context.applySet(o)}\u0000${apiGroupOf(o.apiVersion)}\u0000${o.kind}\u0000${ns}\u0000${name}`;
}

const indexes = new WeakMap<readonly KubeObject[], Map<KubeObject, KubeObject[]>>();

/** Each object of the set with the objects sharing its identity (itself included), built once per set. */
function sameIdentity(context: RuleContext): Map<KubeObject, KubeObject[]> {
  let index = indexes.get(context.objects);
  if (index) return index;
  index = new Map();
  const byId = new Map<string, KubeObject[]>();
  for (const o of context.objects) {
    const id = identity(o, context);
    if (id === undefined) continue;
    let list = byId.get(id);
    if (list) list.push(o); else byId.set(id, list = [o]);
    index.set(o, list);
  }
  indexes.set(context.objects, index);
  return index;
}

function where(o: KubeObject): string {
  const { file, line, constructPath } = o.origin;
  if (file) return line !== undefined ? `${file}:${line}` : file;
  return constructPath ?? describeObject(o);
}

/**
 * No two objects of one apply set share API group, kind, namespace (an object without one is in
 * `default`; ignored for cluster-scoped kinds) and name: applied together, the last one silently
 * replaces the others, so the objects checked are not the objects that run. Versions of a group
 * do not tell objects apart (`apps/v1` and `apps/v1beta2` name the same object). An apply set is
 * the files of one folder, as `kubectl apply -f FOLDER` applies them (variant folders of one
 * repository, a deploy file per provider, are never applied together), or every input
 * (`check --apply-set all`); the objects of a synthesis are one.
 */
export const DuplicateObjects: Rule = {
  id: 'DuplicateObjects',
  title: 'no two objects have the same API group, kind, namespace and name',
  fix: 'keep one declaration of the object (merge what the copies set), or rename one of them',
  helpUri: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
  check: (object, context) => {
    const same = sameIdentity(context).get(object);
    if (same === undefined) return NOT_APPLICABLE;
    if (same.length < 2) return outcome([]);
    const others = same.filter(o => o !== object);
    const listed = others.slice(0, 3).map(where).join(', ');
    return outcome([{
      path: 'metadata.name',
      message: `${describeObject(object)} is declared ${same.length} times in one apply set (also at ${listed}${others.length > 3 ? `, and ${others.length - 3} more` : ''}); applied together, the last one silently replaces the others`,
    }]);
  },
};
