// Reachability computed from the manifests, with Kubernetes' semantics: both sides must allow,
// unselected pods are open, selectors, ipBlock, endPort, named ports and policyTypes defaults.
import { Testing } from 'cdk8s';
import { HardenedDeployment, HardenedNamespace, NetworkReachability, Peer, PolicyPort } from '../../src';
import { Json, small } from '../helpers';

function workload(name: string, ns: string, labels: Json, ports: Json[] = [{ containerPort: 8080, name: 'http' }]): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: `${name}:1.0.0`, ports }] } } },
  };
}
function netpol(name: string, ns: string, spec: Json): Json {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}
function namespace(name: string, labels: Json = {}): Json {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}
const denyAll = (ns: string) => netpol('deny', ns, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

function reach(...objects: Json[]): NetworkReachability {
  return NetworkReachability.fromManifests(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
}
/** The workload-to-workload paths as `from -> to: ports`. */
function between(r: NetworkReachability): string[] {
  return r.paths.filter(p => r.workloads.includes(p.source) && r.workloads.includes(p.destination) && p.source !== p.destination).map(p => `${p.source} -> ${p.destination}: ${p.ports.join(', ')}`);
}

const web = workload('web', 'shop', { app: 'web' });
const api = workload('api', 'shop', { app: 'api', tier: 'backend' }, [{ containerPort: 8443, name: 'https' }, { containerPort: 9090, name: 'metrics' }]);

describe('NetworkReachability', () => {
  test('pods no policy selects are open both ways', () => {
    expect(between(reach(web, api))).toEqual(['shop/api -> shop/web: TCP 8080 (http)', 'shop/web -> shop/api: TCP 8443 (https), TCP 9090 (metrics)']);
    expect(reach(web, api).paths.filter(p => p.source === 'anywhere').map(p => p.destination)).toEqual(['shop/api', 'shop/web']);
    // a workload's pods reach each other too
    expect(reach(web, api).paths.filter(p => p.source === p.destination).map(p => `${p.source}: ${p.ports.join(', ')}`)).toEqual(['shop/api: TCP 8443 (https), TCP 9090 (metrics)', 'shop/web: TCP 8080 (http)']);
    expect(reach(web, api, denyAll('shop')).paths).toEqual([]);
  });

  test('both sides must allow: an ingress rule without the caller\'s egress is no path', () => {
    const ingress = netpol('api-in', 'shop', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8443 }] }] });
    expect(between(reach(web, api, denyAll('shop'), ingress))).toEqual([]);
    const egress = netpol('web-out', 'shop', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] } }], ports: [{ port: 'https' }] }] });
    const r = reach(web, api, denyAll('shop'), ingress, egress);
    expect(between(r)).toEqual(['shop/web -> shop/api: TCP 8443 (https)']);
    expect(r.paths.find(p => p.source === 'shop/web' && p.destination === 'shop/api')!.policies).toEqual(['egress: NetworkPolicy shop/web-out', 'ingress: NetworkPolicy shop/api-in']);
  });

  test('policyTypes defaults: Ingress, and Egress when there is an egress rule (not for egress: [])', () => {
    // only ingress: egress of api stays open
    const ingressOnly = netpol('api-in', 'shop', { podSelector: { matchLabels: { app: 'api' } }, ingress: [] });
    expect(between(reach(web, api, ingressOnly))).toEqual(['shop/api -> shop/web: TCP 8080 (http)']);
    // an empty egress list adds nothing, as the API server defaults it
    const emptyEgress = netpol('api-empty', 'shop', { podSelector: { matchLabels: { app: 'api' } }, ingress: [], egress: [] });
    expect(between(reach(web, api, emptyEgress))).toEqual(['shop/api -> shop/web: TCP 8080 (http)']);
    // an egress rule: both governed
    const both = netpol('api-both', 'shop', { podSelector: { matchLabels: { app: 'api' } }, ingress: [], egress: [{ to: [{ podSelector: { matchLabels: { app: 'none' } } }] }] });
    expect(between(reach(web, api, both))).toEqual([]);
  });

  test('namespaceSelector and podSelector: together both must match, apart either namespace or pods', () => {
    const other = workload('scraper', 'ops', { app: 'scraper' });
    const together = netpol('api-in', 'shop', {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } }, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 9090 }] }],
    });
    expect(between(reach(web, api, other, namespace('ops', { team: 'ops' }), together))).toEqual(expect.not.arrayContaining([expect.stringContaining('-> shop/api')]));
    const apart = netpol('api-in', 'shop', {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }, { podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 9090 }] }],
    });
    expect(between(reach(web, api, other, namespace('ops', { team: 'ops' }), apart)).filter(p => p.includes('-> shop/api')))
      .toEqual(['ops/scraper -> shop/api: TCP 9090 (metrics)', 'shop/web -> shop/api: TCP 9090 (metrics)']);
  });

  test('endPort ranges and named ports resolved on the receiving pod', () => {
    const range = netpol('api-in', 'shop', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8000, endPort: 8500 }] }] });
    expect(between(reach(web, api, range)).filter(p => p.includes('-> shop/api'))).toEqual(['shop/web -> shop/api: TCP 8443 (https)']);
    const named = netpol('api-in', 'shop', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'metrics' }] }] });
    expect(between(reach(web, api, named)).filter(p => p.includes('-> shop/api'))).toEqual(['shop/web -> shop/api: TCP 9090 (metrics)']);
    const udp = netpol('api-in', 'shop', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8443, protocol: 'UDP' }] }] });
    expect(between(reach(web, api, udp)).filter(p => p.includes('-> shop/api'))).toEqual([]);
  });

  test('address blocks and everyone are outside peers, with their ports', () => {
    const out = netpol('web-out', 'shop', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.7/32'] } }], ports: [{ port: 443 }] }, { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] }],
    });
    const r = reach(web, denyAll('shop'), out);
    expect(r.paths.map(p => `${p.source} -> ${p.destination}: ${p.ports.join(', ')}`)).toEqual([
      'shop/web -> 203.0.113.0/24 except 203.0.113.7/32: TCP 443',
      'shop/web -> pods of namespace kube-system, k8s-app=kube-dns: UDP 53',
    ]);
  });

  test('from the construct tree: the example of docs/network.md, both sides written by the constructs', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'ns', { name: 'shop' });
    const w = new HardenedDeployment(chart, 'web', { metadata: { name: 'web', namespace: 'shop' }, containers: [{ image: 'web:1.0.0', ports: [{ number: 8080, name: 'http' }], resources: small }] });
    const a = new HardenedDeployment(chart, 'api', { metadata: { name: 'api', namespace: 'shop' }, containers: [{ image: 'api:1.0.0', ports: [{ number: 8443 }], resources: small }] });
    w.exposeToPeers({ port: 80, targetPort: 8080, peers: [Peer.inNamespace('ingress-nginx', { definedOutsideApp: true })] });
    a.allowIngressFrom(Peer.workload(w), { ports: [PolicyPort.tcp(8443)] });
    const r = NetworkReachability.of(chart);
    expect(r.workloads).toEqual(['shop/api', 'shop/web']);
    expect(r.paths.map(p => `${p.source} -> ${p.destination}: ${p.ports.join(', ')}`)).toEqual([
      'pods of namespace ingress-nginx -> shop/web: TCP 8080',
      'shop/api -> pods of namespace kube-system, k8s-app=kube-dns: UDP 53, TCP 53',
      'shop/web -> pods of namespace kube-system, k8s-app=kube-dns: UDP 53, TCP 53',
      'shop/web -> shop/api: TCP 8443',
    ]);
    expect(r.toMermaid()).toContain('n1 -->|"TCP 8443"| n0');
    expect(r.toTable()).toContain('| shop/web | shop/api | TCP 8443 |');
  });
});
