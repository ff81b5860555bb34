import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { requireOneCopy } from './single-copy';
import { apiGroupOf, isClusterScoped, objectIdentity } from './standards/kinds';
import { addSynthesisValidation } from './synthesis';

// No two constructs of an app may emit the same Kubernetes object: applied together, the one
// applied last silently replaces the other (a namespace's Pod Security level, a ClusterRole's
// rules). The check runs once per app, at synthesis, over every ApiObject of the app, ours and
// other libraries' alike.

/** Marks an app whose duplicate-object check is registered (construct metadata on its root). */
const REGISTERED = 'cdk8s-hardening:unique-objects';

/**
 * Registers the duplicate-object check on the app `scope` belongs to, once per app whatever
 * the number of constructs that ask: the mark is kept on the root's construct metadata, so two
 * copies of this library loaded in one process share it.
 * @internal
 */
export function registerDuplicateObjectCheck(scope: IConstruct): void {
  requireOneCopy(scope);
  const root = scope.node.root;
  if (root.node.metadata.some(m => m.type === REGISTERED)) return;
  root.node.addMetadata(REGISTERED, true);
  addSynthesisValidation(root, () => duplicateObjectErrors(root));
}

/**
 * One message per object emitted by more than one construct under `root`, naming every
 * construct path, in one pass over the tree.
 * @internal
 */
export function duplicateObjectErrors(root: IConstruct): string[] {
  const byIdentity = new Map<string, { description: string; paths: string[] }>();
  for (const c of root.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const namespace = isClusterScoped(c.apiVersion, c.kind) ? undefined : c.metadata.namespace;
    const key = objectIdentity(c.apiVersion, c.kind, namespace, c.name);
    const found = byIdentity.get(key);
    if (found) {
      found.paths.push(c.node.path);
    } else {
      const group = apiGroupOf(c.apiVersion);
      const where = isClusterScoped(c.apiVersion, c.kind) ? '(cluster-scoped)' : namespace === undefined ? '(no namespace)' : `in namespace "${namespace}"`;
      byIdentity.set(key, { description: `${group ? `${group}/` : ''}${c.kind} "${c.name}" ${where}`, paths: [c.node.path] });
    }
  }
  const errors: string[] = [];
  for (const { description, paths } of byIdentity.values()) {
    if (paths.length < 2) continue;
    errors.push(`${description} is emitted by ${paths.length} constructs: ${paths.join(', ')}; applied together, the last one applied silently replaces the others. `
      + 'Fix: give each object its own metadata.name (or namespace), or create it once and share the construct');
  }
  return errors;
}
