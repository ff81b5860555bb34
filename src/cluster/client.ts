// The way to a live cluster: @kubernetes/client-node finds the cluster and the credentials by the
// usual kubeconfig rules (KUBECONFIG's files merged, else ~/.kube/config, else the pod's in-cluster
// service account), a context chosen by name or the current one, and every authentication it
// knows (certificates, tokens, exec and OIDC plugins). The requests themselves are plain GETs of
// the API's JSON: the client's typed models would turn objects into its own classes (dates,
// fields it does not know dropped), and a check must see what the server stores.
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import { pathToFileURL } from 'url';

/** The package that reads kubeconfig files, and the versions this command works with. @internal */
export const CLIENT_PACKAGE = '@kubernetes/client-node';
/** @internal */
export const CLIENT_RANGE = '^1.4.0';

/** What the command uses of the client's KubeConfig. */
interface KubeConfigLike {
  loadFromDefault(): void;
  getContexts(): readonly { readonly name: string }[];
  setCurrentContext(name: string): void;
  getCurrentContext(): string;
  getCurrentCluster(): { readonly server: string } | null;
  applyToHTTPSOptions(options: https.RequestOptions): Promise<void>;
}

interface ClientModule {
  readonly KubeConfig: new () => KubeConfigLike;
}

/** An error the command reports as such, with no stack. @internal */
export class ClusterError extends Error {}

/** The answer to a GET: status and parsed body (text when not JSON). @internal */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A connection to one cluster, as one context of the kubeconfig names it. @internal */
export interface Connection {
  /** The context's name. */
  readonly context: string;
  readonly server: string;
  get(apiPath: string): Promise<ApiAnswer>;
}

// `import()` as written: TypeScript's CommonJS output would turn it into require(), which loads an
// ECMAScript module only from Node 20.19 on
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

/** Loads @kubernetes/client-node, from beside this package or from the current folder's project. */
async function loadClient(): Promise<ClientModule> {
  let file: string | undefined;
  for (const from of [__dirname, process.cwd()]) {
    try {
      file = require.resolve(CLIENT_PACKAGE, { paths: [from] });
      break;
    } catch {
      // not found from there
    }
  }
  if (!file) {
    throw new ClusterError(`check --cluster reads the cluster through ${CLIENT_PACKAGE}, which is not installed: `
      + `install it beside cdk8s-hardening (npm install --save-dev ${CLIENT_PACKAGE}@'${CLIENT_RANGE}')`);
  }
  return await importModule(pathToFileURL(path.resolve(file)).href) as ClientModule;
}

/**
 * Connects to the cluster of `context` (default: the kubeconfig's current context, or the pod's
 * in-cluster configuration when there is no kubeconfig).
 * @internal
 */
export async function connect(context?: string): Promise<Connection> {
  // with no kubeconfig and no in-cluster service account, the client would fall back to localhost:8080
  const home = process.env.HOME ?? process.env.USERPROFILE;
  if (!process.env.KUBECONFIG && !process.env.KUBERNETES_SERVICE_HOST && !(home && fs.existsSync(path.join(home, '.kube', 'config')))) {
    throw new ClusterError('no cluster to check: no kubeconfig (KUBECONFIG, ~/.kube/config) and not in a pod with a service account');
  }
  const client = await loadClient();
  const config = new client.KubeConfig();
  try {
    config.loadFromDefault();
  } catch (e) {
    throw new ClusterError(`cannot read the kubeconfig: ${e instanceof Error ? e.message : String(e)}`);
  }
  const contexts = config.getContexts().map(c => c.name);
  if (context !== undefined) {
    if (!contexts.includes(context)) {
      throw new ClusterError(`--context ${context}: the kubeconfig has no such context (${contexts.length ? `it has ${contexts.join(', ')}` : 'it has none'})`);
    }
    config.setCurrentContext(context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new ClusterError(`the context ${config.getCurrentContext()} of the kubeconfig names no cluster`);
  const server = cluster.server.replace(/\/+$/, '');
  const name = config.getCurrentContext();
  return {
    context: name,
    server,
    get: async (apiPath) => {
      const options: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
      try {
        await config.applyToHTTPSOptions(options);
      } catch (e) {
        throw new ClusterError(`the credentials of the context ${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
      return request(`${server}${apiPath}`, options);
    },
  };
}

function request(url: string, options: https.RequestOptions): Promise<ApiAnswer> {
  const send = url.startsWith('http://') ? http.request : https.request;
  return new Promise((resolve, reject) => {
    const req = send(url, options, res => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf-8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer from ${url} within 60 s`)));
    req.on('error', e => reject(new ClusterError(`cannot reach the cluster (${url}): ${e.message}`)));
    req.end();
  });
}
