// The tests' way to the running test cluster (cluster.ts): HTTPS requests with the users' client
// certificates, the API server's discovery to find each kind's resource, server-side apply and
// create, with dry run and strict field validation, and the warnings the server answers with.
import * as fs from 'fs';
import * as https from 'https';
import { ClusterState, STATE_ENV } from './cluster';

type Json = Record<string, any>;

let state: ClusterState | undefined;

/**
 * Sends this file's requests to `s`, a cluster the test file started itself, instead of the run's
 * shared one.
 */
export function useCluster(s: ClusterState): void {
  closeConnections();
  discovery.clear();
  state = s;
}

/** The user name that makes a request with no credentials at all (no certificate, no token). */
export const ANONYMOUS = 'anonymous';

/** The running cluster; fails when the run did not start one (global-setup.ts). */
export function cluster(): ClusterState {
  if (state) return state;
  const file = process.env[STATE_ENV];
  if (!file || !fs.existsSync(file)) {
    throw new Error(`no test cluster is running (${STATE_ENV} is ${file ? `${file}, which does not exist` : 'unset'}): run the tests with jest, whose globalSetup (test/kubernetes/global-setup.ts) builds and starts it`);
  }
  state = JSON.parse(fs.readFileSync(file, 'utf-8')) as ClusterState;
  return state;
}

/** The answer to a request: status, body (parsed when JSON) and each Warning header's text. */
export interface Answer {
  readonly status: number;
  readonly body: any;
  readonly warnings: string[];
}

const agents = new Map<string, https.Agent>();

function agent(user: string): https.Agent {
  let a = agents.get(user);
  if (!a) {
    const s = cluster();
    if (user === ANONYMOUS) {
      a = new https.Agent({ ca: fs.readFileSync(s.caFile), keepAlive: true, maxSockets: 8 });
    } else {
      const u = s.users[user];
      if (!u) throw new Error(`no test user ${user} (known: ${Object.keys(s.users).join(', ')}, ${ANONYMOUS})`);
      const [ca, cert, key] = [s.caFile, u.certFile, u.keyFile].map(f => fs.readFileSync(f));
      a = new https.Agent({ ca, cert, key, keepAlive: true, maxSockets: 8 });
    }
    agents.set(user, a);
  }
  return a;
}

/** Who makes a request: a test user, possibly the admin impersonating another user and groups. */
export interface As {
  readonly user: string;
  readonly impersonate?: { readonly user: string; readonly groups?: readonly string[] };
}

/** `299 - "text"` → text */
function warningText(header: string): string {
  const m = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(header);
  return m ? m[1].replace(/\\(.)/g, '$1') : header;
}

/** One request to the API server. */
export function request(who: As | string, method: string, urlPath: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const as: As = typeof who === 'string' ? { user: who } : who;
  const headers: Record<string, string | string[]> = { Accept: 'application/json' };
  if (as.impersonate) {
    headers['Impersonate-User'] = as.impersonate.user;
    if (as.impersonate.groups?.length) headers['Impersonate-Group'] = [...as.impersonate.groups];
  }
  const data = body === undefined ? undefined : JSON.stringify(body);
  if (data !== undefined) headers['Content-Type'] = contentType;
  return new Promise((resolve, reject) => {
    const req = https.request(cluster().server + urlPath, { method, headers, agent: agent(as.user) }, res => {
      let text = '';
      res.setEncoding('utf-8');
      res.on('data', d => { text += d; });
      res.on('end', () => {
        const warnings: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i].toLowerCase() === 'warning') warnings.push(warningText(res.rawHeaders[i + 1]));
        }
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
      });
    });
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

/** A kind's resource as discovery names it. */
export interface Resource {
  readonly plural: string;
  readonly namespaced: boolean;
}

const discovery = new Map<string, Promise<Map<string, Resource>>>();

/** The resource of `kind` in `apiVersion`, from the API server's discovery. */
export async function resourceOf(apiVersion: string, kind: string): Promise<Resource> {
  let kinds = discovery.get(apiVersion);
  if (!kinds) {
    const url = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    kinds = request('admin', 'GET', url).then(a => {
      if (a.status !== 200) throw new Error(`discovery of ${apiVersion}: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
      return new Map((a.body.resources as Json[]).filter(r => !r.name.includes('/')).map(r => [r.kind as string, { plural: r.name as string, namespaced: r.namespaced as boolean }]));
    });
    discovery.set(apiVersion, kinds);
  }
  const r = (await kinds).get(kind);
  if (!r) throw new Error(`the API server serves no kind ${kind} in ${apiVersion}`);
  return r;
}

/** Forgets what discovery answered (after a CRD is installed). */
export function forgetDiscovery(): void {
  discovery.clear();
}

/** The collection path of an object's resource, and the object's own path. */
export async function pathsOf(o: Json): Promise<{ collection: string; object: string }> {
  const r = await resourceOf(o.apiVersion, o.kind);
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const ns = r.namespaced ? `/namespaces/${o.metadata?.namespace ?? 'default'}` : '';
  const collection = `${base}${ns}/${r.plural}`;
  return { collection, object: `${collection}/${encodeURIComponent(o.metadata?.name ?? '')}` };
}

export interface WriteOptions {
  /** Ask without storing (`dryRun=All`). */
  readonly dryRun?: boolean;
}

/**
 * Server-side apply of an object, with strict field validation (an unknown or duplicate field is
 * an error), as `kubectl apply --server-side --validate=strict [--dry-run=server]` sends it.
 */
export async function apply(who: As | string, o: Json, options: WriteOptions = {}): Promise<Answer> {
  const { object } = await pathsOf(o);
  const query = `fieldManager=cdk8s-hardening-tests&force=true&fieldValidation=Strict${options.dryRun ? '&dryRun=All' : ''}`;
  return request(who, 'PATCH', `${object}?${query}`, o, 'application/apply-patch+yaml');
}

/** Creates an object (POST), with strict field validation. */
export async function create(who: As | string, o: Json, options: WriteOptions = {}): Promise<Answer> {
  const { collection } = await pathsOf(o);
  const query = `fieldValidation=Strict${options.dryRun ? '&dryRun=All' : ''}`;
  return request(who, 'POST', `${collection}?${query}`, o);
}

/** Applies objects for real as the admin, failing on the first the server refuses. */
export async function applyAll(objects: readonly Json[]): Promise<void> {
  for (const o of objects) {
    const a = await apply('admin', o);
    if (a.status >= 300) throw new Error(`applying ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}: ${a.status} ${a.body?.message ?? JSON.stringify(a.body)}`);
  }
}

/** The message of a refusal, or the status when the body has none. */
export function messageOf(a: Answer): string {
  return typeof a.body === 'object' && a.body?.message ? a.body.message : `${a.status} ${String(a.body).slice(0, 500)}`;
}

/** Polls `check` until it returns true, or fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`not within ${timeoutMs / 1000}s: ${what}`);
}

/** Ends the keep-alive connections, so the test worker can exit. */
export function closeConnections(): void {
  for (const a of agents.values()) a.destroy();
  agents.clear();
}
