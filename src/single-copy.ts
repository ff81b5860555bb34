import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

// This library builds on the app's cdk8s, cdk8s-plus-27 and constructs (peer dependencies): one
// copy of each in the process. A second copy (a linked install of the library, which resolves
// the copies of its own checkout) passes cdk8s's and constructs' duck-typed checks but not their
// instanceof checks: cdk8s then fails at synthesis with "can't render non-simple object of type
// 'Lazy'", naming nothing. The copies are compared where a construct of this library is made.

/** The peer dependencies there must be one copy of. */
const PEERS = ['constructs', 'cdk8s', 'cdk8s-plus-27'] as const;

/** The directory of a package as this library resolves it. */
function ownCopy(name: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

/** The directories of each peer package loaded in this process (from Node.js's module cache). */
function loadedCopies(): Map<string, Set<string>> {
  const copies = new Map<string, Set<string>>();
  const cache = typeof require === 'undefined' ? undefined : (require.cache as { [file: string]: unknown } | undefined);
  for (const file of Object.keys(cache ?? {})) {
    // the package of a file is after the last node_modules of its path
    const m = /^(.*[\\/]node_modules[\\/])(constructs|cdk8s|cdk8s-plus-27)[\\/](?!.*[\\/]node_modules[\\/])/.exec(file);
    if (!m) continue;
    const dir = `${m[1]}${m[2]}`;
    if (!copies.has(m[2])) copies.set(m[2], new Set());
    copies.get(m[2])!.add(dir);
  }
  return copies;
}

/** Which peer the construct tree of `scope` comes from another copy of, and where that copy is if known. */
function secondCopy(scope: IConstruct): { name: string; other?: string } | undefined {
  const scopes = scope.node.scopes;
  if (scopes.some(c => !Construct.prototype.isPrototypeOf(c))) return { name: 'constructs' };
  if (scopes.some(c => Chart.isChart(c) && !Chart.prototype.isPrototypeOf(c))) return { name: 'cdk8s' };
  const root = scope.node.root as unknown as { synthYaml?: unknown };
  if (typeof root.synthYaml === 'function' && !App.prototype.isPrototypeOf(root)) return { name: 'cdk8s' };
  for (const [name, dirs] of loadedCopies()) {
    if (dirs.size < 2) continue;
    const own = ownCopy(name);
    return { name, other: [...dirs].find(d => own === undefined || path.resolve(d) !== path.resolve(own)) };
  }
  return undefined;
}

/** The roots already found to have one copy of each peer. */
const CHECKED = new WeakSet<object>();

/**
 * Throws when the construct tree of `scope` (or the process) holds a second copy of cdk8s,
 * constructs or cdk8s-plus-27, saying how to fix it; `constructPath` names the construct about to
 * be made in `scope`. Checked once per app root.
 * @internal
 */
export function requireOneCopy(scope: IConstruct, constructPath?: string): void {
  const root = scope.node.root;
  if (CHECKED.has(root)) return;
  const found = secondCopy(scope);
  if (!found) {
    CHECKED.add(root);
    return;
  }
  const own = ownCopy(found.name);
  const other = found.other ?? [...loadedCopies().get(found.name) ?? []].find(d => own === undefined || path.resolve(d) !== path.resolve(own));
  const where = [own && `this library's at ${own}`, other && `another at ${other}`].filter(Boolean).join(', ');
  throw new Error(`[${constructPath ?? (scope.node.path || '<root>')}] two copies of ${found.name} are loaded${where ? ` (${where})` : ''}: objects of one copy are not recognized by the other, `
    + 'and cdk8s would fail at synthesis ("can\'t render non-simple object of type \'Lazy\'"). '
    + `Fix: give the app and cdk8s-hardening one copy of ${PEERS.join(', ')} (peer dependencies of cdk8s-hardening): `
    + 'install the library as a package, not a link (npm install --install-links ../cdk8s-hardening, or the tarball of npm pack), '
    + 'then run npm dedupe; npm ls cdk8s constructs cdk8s-plus-27 should list one version of each');
}
