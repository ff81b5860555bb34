// Reads the live objects of the kinds a check needs: discovery finds each kind's resource at its
// group's preferred version, and each is listed in pages (limit/continue), cluster-wide or in the
// namespaces asked for. A kind the user may not list is skipped with a notice.
import { ClusterError, Connection } from './client';
import { asArray, asObject, asString, isObject, JsonObject } from '../compliance/json';
import { KubeObject, toKubeObject } from '../compliance/objects';
import { POD_TEMPLATE_PATHS } from '../standards/kinds';

/** Objects listed per request. @internal */
export const PAGE_SIZE = 500;

/** One kind as the API server serves it. @internal */
export interface ServedKind {
  readonly groupVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

/** A kind (in a namespace, or cluster-wide) that was not read, and why. @internal */
export interface KindNotRead {
  readonly groupVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly reason: string;
}

/** What was read. @internal */
export interface ClusterObjects {
  readonly objects: KubeObject[];
  /** Kinds not read: forbidden to the user, or not listed with a namespace scope. */
  readonly notRead: KindNotRead[];
  /** `group/kind` of every kind listed completely, in the scope asked for. */
  readonly listed: ReadonlySet<string>;
  /** Objects left out because a controller owns them: their owner is judged. */
  readonly owned: number;
  /** Requests made. */
  readonly requests: number;
}

/** @internal */
export interface ReadOptions {
  /** Kind names to list. */
  readonly kinds: readonly string[];
  /** Namespaces to read (empty: the whole cluster). */
  readonly namespaces: readonly string[];
  /** Called with a line about the progress (for a terminal). */
  readonly progress?: (line: string) => void;
  readonly pageSize?: number;
}

/** `group/kind` of a group version and kind. @internal */
export function groupKind(groupVersion: string, kind: string): string {
  const slash = groupVersion.indexOf('/');
  return `${slash >= 0 ? groupVersion.slice(0, slash) : ''}/${kind}`;
}

function failure(what: string, status: number, body: unknown): ClusterError {
  const message = asString(asObject(body)?.message) ?? (typeof body === 'string' ? body.slice(0, 300) : '');
  return new ClusterError(`${what}: ${status}${message ? ` ${message}` : ''}`);
}

/** The kinds among `wanted` the server serves and lets be listed, at their group's preferred version. */
async function discover(connection: Connection, wanted: ReadonlySet<string>): Promise<ServedKind[]> {
  const groupVersions = ['v1'];
  const groups = await connection.get('/apis');
  if (groups.status !== 200) throw failure('discovery of the API groups (/apis)', groups.status, groups.body);
  for (const g of asArray(asObject(groups.body)?.groups)) {
    const preferred = asString(asObject(asObject(g)?.preferredVersion)?.groupVersion);
    if (preferred) groupVersions.push(preferred);
  }
  const served: ServedKind[] = [];
  await Promise.all(groupVersions.map(async gv => {
    const answer = await connection.get(gv === 'v1' ? '/api/v1' : `/apis/${gv}`);
    // a group whose aggregated server is down answers 503: its kinds are not read
    if (answer.status !== 200) return;
    for (const r of asArray(asObject(answer.body)?.resources)) {
      const resource = asObject(r);
      const name = asString(resource?.name);
      const kind = asString(resource?.kind);
      if (!name || !kind || name.includes('/') || !wanted.has(kind)) continue;
      if (!asArray(resource?.verbs).includes('list')) continue;
      served.push({ groupVersion: gv, kind, plural: name, namespaced: resource?.namespaced === true });
    }
  }));
  // the core group first, then by group: a report in a stable order
  return served.sort((a, b) => groupKind(a.groupVersion, a.kind).localeCompare(groupKind(b.groupVersion, b.kind)));
}

/** Whether a controller of a pod-carrying kind owns the object (a Deployment's ReplicaSet, a ReplicaSet's Pod). */
function ownedByController(json: JsonObject): boolean {
  return asArray(asObject(json.metadata)?.ownerReferences).some(ref => {
    const r = asObject(ref);
    const kind = asString(r?.kind);
    return r?.controller === true && kind !== undefined && Object.prototype.hasOwnProperty.call(POD_TEMPLATE_PATHS, kind);
  });
}

/** One object of a list, with the apiVersion and kind a list's items leave out, and no managedFields. */
function liveObject(item: JsonObject, served: ServedKind): KubeObject {
  const metadata = asObject(item.metadata);
  const { managedFields: _, ...rest } = metadata ?? {};
  const json: JsonObject = { apiVersion: served.groupVersion, kind: served.kind, ...item, metadata: rest };
  return toKubeObject(json);
}

/**
 * Lists the objects of the kinds asked for.
 * @internal
 */
export async function readCluster(connection: Connection, options: ReadOptions): Promise<ClusterObjects> {
  const kinds = await discover(connection, new Set(options.kinds));
  const objects: KubeObject[] = [];
  const notRead: KindNotRead[] = [];
  const listed = new Set<string>();
  let owned = 0;
  let requests = 0;
  const limit = options.pageSize ?? PAGE_SIZE;
  const base = (gv: string) => (gv === 'v1' ? '/api/v1' : `/apis/${gv}`);

  const list = async (served: ServedKind, namespace: string | undefined): Promise<boolean> => {
    const where = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
    let token: string | undefined;
    const items: KubeObject[] = [];
    do {
      options.progress?.(`reading ${served.kind}${namespace ? ` in ${namespace}` : ''}: ${objects.length + items.length} objects so far`);
      const query = `?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const answer = await connection.get(`${base(served.groupVersion)}${where}/${served.plural}${query}`);
      requests++;
      if (answer.status === 403 || answer.status === 401) {
        notRead.push({ groupVersion: served.groupVersion, kind: served.kind, namespace, reason: asString(asObject(answer.body)?.message) ?? `${answer.status}` });
        return false;
      }
      if (answer.status !== 200) throw failure(`listing ${served.kind}${namespace ? ` in ${namespace}` : ''}`, answer.status, answer.body);
      const body = asObject(answer.body);
      for (const item of asArray(body?.items)) {
        if (!isObject(item)) continue;
        if (ownedByController(item)) {
          owned++;
          continue;
        }
        items.push(liveObject(item, served));
      }
      token = asString(asObject(body?.metadata)?.continue) || undefined;
    } while (token);
    objects.push(...items);
    return true;
  };

  for (const served of kinds) {
    if (options.namespaces.length === 0) {
      if (await list(served, undefined)) listed.add(groupKind(served.groupVersion, served.kind));
    } else if (served.namespaced) {
      let all = true;
      for (const ns of options.namespaces) all = (await list(served, ns)) && all;
      if (all) listed.add(groupKind(served.groupVersion, served.kind));
    } else if (served.groupVersion === 'v1' && served.kind === 'Namespace') {
      // the namespaces of the scope themselves (their Pod Security labels)
      let all = true;
      for (const ns of options.namespaces) {
        options.progress?.(`reading Namespace ${ns}`);
        const answer = await connection.get(`/api/v1/namespaces/${encodeURIComponent(ns)}`);
        requests++;
        if (answer.status === 403 || answer.status === 401) {
          notRead.push({ groupVersion: 'v1', kind: 'Namespace', reason: asString(asObject(answer.body)?.message) ?? `${answer.status}` });
          all = false;
        } else if (answer.status === 404) {
          throw new ClusterError(`--namespace ${ns}: the cluster has no such namespace`);
        } else if (answer.status !== 200 || !isObject(answer.body)) {
          throw failure(`reading Namespace ${ns}`, answer.status, answer.body);
        } else {
          objects.push(liveObject(answer.body, served));
        }
      }
      if (all) listed.add(groupKind('v1', 'Namespace'));
    } else {
      notRead.push({ groupVersion: served.groupVersion, kind: served.kind, reason: 'cluster-wide objects are not read with --namespace' });
    }
  }
  return { objects, notRead, listed, owned, requests };
}
