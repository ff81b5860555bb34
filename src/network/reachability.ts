import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AllowRule, PathPeer, PathPort, readPolicy } from './paths';
import { HtmlSection, htmlTable, PictureGraph, renderHtmlPage, renderSvg } from './picture';
import { asArray, asObject, asString, asStringMap, JsonObject } from '../compliance/json';
import { parseManifestText } from '../compliance/loader';
import { KubeObject, podSpecOf, toKubeObject } from '../compliance/objects';
import { selectorMatches } from '../compliance/rules/selectors';
import { apiGroupOf } from '../standards/kinds';
import { NAMESPACE_NAME_LABEL } from '../standards/names';
import { Direction } from '../standards/network-policy';

/**
 * One allowed connection between two ends: workloads (`namespace/name`), or peers outside the
 * set (`anywhere`, an address block, the pods a selector names).
 */
export interface NetworkPath {
  /** Where the connection starts. */
  readonly source: string;
  /** Where it is received. */
  readonly destination: string;
  /** The ports and protocols allowed, on the receiving end (e.g. "TCP 8080 (http)", "every port"). */
  readonly ports: string[];
  /**
   * The NetworkPolicies that allow it, egress side then ingress side; "not isolated" for a side
   * that no policy governs.
   */
  readonly policies: string[];
}

/** A pod-carrying workload, as reachability reads it. */
interface Workload {
  readonly id: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly ports: ReadonlyArray<{ readonly number: number; readonly protocol: string; readonly name?: string }>;
}

const NOT_ISOLATED = 'not isolated';
const ANYWHERE = 'anywhere';

function workloadsOf(objects: readonly KubeObject[]): Workload[] {
  const found: Workload[] = [];
  for (const o of objects) {
    if (o.kind === 'PodTemplate') continue;
    const pod = podSpecOf(o);
    if (!pod) continue;
    const namespace = o.namespace ?? 'default';
    const ports = pod.containers.filter(c => c.list === 'containers').flatMap(c => asArray(c.json.ports).map(p => {
      const port = asObject(p) ?? {};
      return { number: typeof port.containerPort === 'number' ? port.containerPort : 0, protocol: asString(port.protocol) ?? 'TCP', name: asString(port.name) };
    })).filter(p => p.number > 0);
    found.push({ id: `${namespace}/${o.name}`, namespace, labels: asStringMap(pod.metadata?.labels), ports });
  }
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

function portText(p: PathPort): string {
  if (p.name !== undefined) return `${p.protocol} port "${p.name}"`;
  return `${p.protocol} ${p.first === p.last ? p.first : `${p.first}-${p.last}`}`;
}

/**
 * The reachability of a set of manifests, computed from their NetworkPolicies
 * (`networking.k8s.io/v1`) with Kubernetes' semantics: a connection passes when the caller's
 * egress and the receiver's ingress both allow it; a pod that no policy selects for a direction
 * is open in that direction; selectors with `matchLabels` and `matchExpressions`, a
 * `namespaceSelector` and a `podSelector` in one peer (both must match) or apart; `ipBlock` with
 * `except` (address blocks are outside peers: they are not matched against pod addresses, which
 * manifests do not have); `endPort`; named ports resolved against the receiving pod's container
 * ports; `policyTypes` with the API's defaults. Connections between workloads (a workload to
 * itself included: its pods with each other) are computed on the receiving workload's declared
 * container ports. Namespace labels are read from the Namespace
 * objects of the set, plus `kubernetes.io/metadata.name`, which every namespace carries. Cilium
 * policies are left out.
 *
 * ```ts
 * import { NetworkReachability } from 'cdk8s-hardening';
 *
 * const reach = NetworkReachability.of(app);
 * const table = reach.toTable();     // Markdown: source, destination, ports, policies
 * const picture = reach.toMermaid(); // a Mermaid flowchart
 * const page = reach.toHtml();       // a standalone page: the picture as SVG, and the table
 * ```
 */
export class NetworkReachability {
  /**
   * The reachability of the objects synthesized under a construct (an app or a chart), as they
   * are written: JSON patches included.
   */
  public static of(scope: IConstruct): NetworkReachability {
    const objects = scope.node.findAll().filter(ApiObject.isApiObject).map(o => toKubeObject(o.toJson()));
    return new NetworkReachability(objects);
  }

  /**
   * The reachability of manifests given as YAML (multi-document, `List` objects) or JSON text.
   *
   * @param manifests the text of one or more manifests
   */
  public static fromManifests(manifests: string): NetworkReachability {
    return new NetworkReachability(parseManifestText(manifests, '<manifests>'));
  }

  /**
   * The reachability of objects already read.
   * @internal
   */
  public static _fromObjects(objects: readonly KubeObject[]): NetworkReachability {
    return new NetworkReachability(objects);
  }

  /** Every end of a connection: the workloads (`namespace/name`), then the outside peers. */
  public readonly nodes: string[];
  /** The workloads of the set (`namespace/name`), sorted. */
  public readonly workloads: string[];
  /** Every allowed connection, sorted by `source` then `destination`. */
  public readonly paths: NetworkPath[];

  private constructor(objects: readonly KubeObject[]) {
    const workloads = workloadsOf(objects);
    const policies = objects
      .filter(o => o.kind === 'NetworkPolicy' && apiGroupOf(o.apiVersion) === 'networking.k8s.io')
      .map(o => readPolicy(o.json as JsonObject));
    const namespaceLabels = new Map<string, Record<string, string>>();
    for (const o of objects) {
      if (o.kind === 'Namespace' && o.apiVersion === 'v1') namespaceLabels.set(o.name, asStringMap(asObject(o.json.metadata)?.labels));
    }
    const nsLabels = (ns: string) => ({ ...(namespaceLabels.get(ns) ?? {}), [NAMESPACE_NAME_LABEL]: ns });

    const selecting = (w: Workload, d: Direction) => policies.filter(p => p.namespace === w.namespace && p.governs.has(d)
      && selectorMatches(p.podSelector ?? {}, w.labels));
    const peerMatches = (peer: PathPeer, rule: AllowRule, w: Workload) => {
      if (peer.everyone) return true;
      if (!peer.pods) return false;
      const nsOk = peer.namespaceSelector === undefined
        ? w.namespace === rule.namespace
        : selectorMatches(peer.namespaceSelector, nsLabels(w.namespace));
      return nsOk && (peer.podSelector === undefined || selectorMatches(peer.podSelector, w.labels));
    };
    const portMatches = (rule: AllowRule, port: Workload['ports'][number] | undefined) => {
      if (rule.ports === undefined) return true;
      if (port === undefined) return false;
      return rule.ports.some(p => p.protocol === port.protocol
        && (p.name !== undefined ? p.name === port.name : p.first! <= port.number && port.number <= p.last!));
    };
    /** The policies of `w`'s side in `d` that let `other` through on `port`: NOT_ISOLATED, names, or none. */
    const side = (w: Workload, d: Direction, other: Workload, port: Workload['ports'][number] | undefined): string[] => {
      const governing = selecting(w, d);
      if (governing.length === 0) return [NOT_ISOLATED];
      return governing.filter(p => p.rules.some(r => r.direction === d && r.peers.some(peer => peerMatches(peer, r, other)) && portMatches(r, port)))
        .map(p => p.policy);
    };

    const paths: NetworkPath[] = [];
    const outside = new Set<string>();
    for (const from of workloads) {
      // a workload to itself too: its replicas (a StatefulSet's cluster routes) connect to each other
      for (const to of workloads) {
        const candidates = to.ports.length > 0 ? to.ports : [undefined];
        const ports: string[] = [];
        const allowedBy = new Set<string>();
        for (const port of candidates) {
          const egress = side(from, 'Egress', to, port);
          const ingress = side(to, 'Ingress', from, port);
          if (egress.length === 0 || ingress.length === 0) continue;
          ports.push(port === undefined ? 'every port' : `${port.protocol} ${port.number}${port.name ? ` (${port.name})` : ''}`);
          for (const p of [...egress.map(x => `egress: ${x}`), ...ingress.map(x => `ingress: ${x}`)]) allowedBy.add(p);
        }
        if (ports.length > 0) paths.push({ source: from.id, destination: to.id, ports, policies: [...allowedBy] });
      }
    }

    // outside peers: what one side alone lets in or out
    const outsideEdges = new Map<string, { ports: Set<string>; policies: Set<string> }>();
    const addOutside = (from: string, to: string, port: string, policy: string, peer: string) => {
      outside.add(peer);
      const key = `${from}\u0000${to}`;
      const edge = outsideEdges.get(key) ?? { ports: new Set(), policies: new Set() };
      edge.ports.add(port);
      edge.policies.add(policy);
      outsideEdges.set(key, edge);
    };
    for (const w of workloads) {
      for (const d of ['Egress', 'Ingress'] as const) {
        const governing = selecting(w, d);
        const edge = (peer: string, port: string, policy: string) => (d === 'Egress'
          ? addOutside(w.id, peer, port, `${d.toLowerCase()}: ${policy}`, peer)
          : addOutside(peer, w.id, port, `${d.toLowerCase()}: ${policy}`, peer));
        if (governing.length === 0) {
          edge(ANYWHERE, 'every port', NOT_ISOLATED);
          continue;
        }
        for (const p of governing) {
          for (const r of p.rules.filter(x => x.direction === d)) {
            for (const peer of r.peers) {
              let name: string | undefined;
              if (peer.everyone) name = ANYWHERE;
              else if (peer.ranges !== undefined) name = peer.text;
              else if (peer.pods && !workloads.some(o => peerMatches(peer, r, o))) name = describePods(peer, r);
              if (name === undefined) continue;
              const portsOf = r.ports === undefined ? ['every port'] : r.ports.map(x => portText(resolveNamed(x, d === 'Ingress' ? w : undefined)));
              for (const port of portsOf) edge(name, port, p.policy);
            }
          }
        }
      }
    }
    for (const [key, e] of outsideEdges) {
      const [from, to] = key.split('\u0000');
      paths.push({ source: from, destination: to, ports: [...e.ports], policies: [...e.policies] });
    }
    paths.sort((a, b) => a.source.localeCompare(b.source) || a.destination.localeCompare(b.destination));
    this.paths = paths;
    this.workloads = workloads.map(w => w.id);
    this.nodes = [...this.workloads, ...[...outside].sort()];
  }

  /** The paths as a Markdown table: from, to, ports, policies. */
  public toTable(): string {
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    const rows = this.paths.map(p => `| ${cell(p.source)} | ${cell(p.destination)} | ${cell(p.ports.join(', '))} | ${cell(p.policies.join('; '))} |`);
    return ['| From | To | Ports | Allowed by |', '| --- | --- | --- | --- |', ...rows].join('\n') + '\n';
  }

  /**
   * The paths as a Mermaid flowchart (renders in GitHub Markdown): workloads as boxes, outside
   * peers as rounded boxes, one arrow per path labelled with its ports.
   */
  public toMermaid(): string {
    const ids = new Map(this.nodes.map((n, i) => [n, `n${i}`]));
    const text = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
    const lines = ['flowchart LR'];
    for (const n of this.nodes) {
      lines.push(this.workloads.includes(n) ? `  ${ids.get(n)}[${text(n)}]` : `  ${ids.get(n)}([${text(n)}])`);
    }
    for (const p of this.paths) lines.push(`  ${ids.get(p.source)} -->|${text(p.ports.join(', '))}| ${ids.get(p.destination)}`);
    return lines.join('\n') + '\n';
  }

  /**
   * The paths as an SVG picture, laid out without a browser: workloads as boxes, outside peers as
   * rounded boxes, one arrow per path labelled with its ports (its policies show on hover).
   */
  public toSvg(): string {
    return renderSvg(this.picture());
  }

  /**
   * A standalone HTML page (no script, nothing loaded from elsewhere: it works offline): the
   * picture of `toSvg()`, then every path with its ports and the policies behind it.
   *
   * @param title the page's title (default: "Network paths")
   */
  public toHtml(title?: string): string {
    return renderHtmlPage(title ?? 'Network paths', this._htmlSections());
  }

  /**
   * The sections of the HTML page: the picture and the table of paths.
   * @internal
   */
  public _htmlSections(): HtmlSection[] {
    return [
      { heading: 'Picture', html: `<div class="picture">\n${this.toSvg()}</div>` },
      { heading: 'Paths', html: htmlTable(['From', 'To', 'Ports', 'Allowed by'], this.paths.map(p => [p.source, p.destination, p.ports.join(', '), p.policies.join('; ')]), 'paths') },
    ];
  }

  private picture(): PictureGraph {
    return {
      nodes: this.nodes,
      workloads: this.workloads,
      edges: this.paths.map(p => ({ source: p.source, destination: p.destination, label: p.ports.join(', '), title: p.policies.join('\n') })),
    };
  }
}

/** A named ingress port, with the number it has on the receiving workload. */
function resolveNamed(p: PathPort, receiver: Workload | undefined): PathPort {
  if (p.name === undefined || receiver === undefined) return p;
  const port = receiver.ports.find(x => x.name === p.name && x.protocol === p.protocol);
  return port ? { protocol: p.protocol, first: port.number, last: port.number } : p;
}

/** The pods a peer names, for a node outside the set: `pods of namespace kube-system, k8s-app=kube-dns`. */
function describePods(peer: PathPeer, rule: AllowRule): string {
  const labels = (s: JsonObject | undefined) => {
    if (!s) return '';
    const parts = Object.entries(asStringMap(s.matchLabels)).map(([k, v]) => `${k}=${v}`);
    for (const e of asArray(s.matchExpressions)) {
      const x = asObject(e);
      parts.push(`${asString(x?.key)} ${asString(x?.operator)}${asArray(x?.values).length > 0 ? ` (${asArray(x?.values).join(', ')})` : ''}`);
    }
    return parts.join(', ');
  };
  const nsLabels = asStringMap(peer.namespaceSelector?.matchLabels);
  const byName = nsLabels[NAMESPACE_NAME_LABEL] !== undefined && Object.keys(nsLabels).length === 1
    && asArray(peer.namespaceSelector?.matchExpressions).length === 0;
  const ns = peer.namespaceSelector === undefined ? `namespace ${rule.namespace}`
    : byName ? `namespace ${nsLabels[NAMESPACE_NAME_LABEL]}` : `namespaces ${labels(peer.namespaceSelector) || '(every one)'}`;
  const pods = labels(peer.podSelector);
  return `pods of ${ns}${pods ? `, ${pods}` : ''}`;
}

