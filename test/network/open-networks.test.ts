// "Open" is what the policies allow, not how they are written: the engine adds up address
// blocks, selectors and ports, the constructs refuse the same sums, and every reasoned exception
// is an acknowledgement the check reads.
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Compliance, CompliancePack, HardenedDeployment, HardenedNamespace, HardenedStatefulSet, Peer, PolicyPort } from '../../src';
import { runRule } from '../compliance/fixtures';
import { Json, small } from '../helpers';

function web(scope: Construct, namespace = 'shop'): HardenedDeployment {
  return new HardenedDeployment(scope, 'web', {
    metadata: { namespace },
    containers: [{ image: 'nginxinc/nginx-unprivileged:1.27.3-alpine', ports: [{ number: 8080, name: 'http' }], resources: small }],
  });
}

function netpol(name: string, spec: Json): Json {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec };
}

const deployment: Json = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1.0.0' }] } } },
};

const selectWeb = { matchLabels: { app: 'web' } };

/** The open findings of the NSA/CISA pack of a chart, as `rule: message`. */
function networkFindings(chart: Chart): string[] {
  return Compliance.check(chart, { packs: [CompliancePack.NSA_CISA] }).findings
    .filter(f => ['WideNetworkPolicy', 'NetworkPolicySelectsWorkload', 'ServiceExposure'].includes(f.ruleId))
    .map(f => `${f.ruleId}: ${f.message}`);
}

function messages(ruleId: string, target: Json, ...others: Json[]): string[] {
  const o = runRule(ruleId, target, ...others);
  return o.status === 'non-compliant' ? o.findings.map(f => f.message) : [];
}

describe('WideNetworkPolicy', () => {
  test('fails 0.0.0.0/0 and ::/0 on every port, in both directions (not only the literal `{}`)', () => {
    const open = netpol('open', {
      podSelector: selectWeb,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }] }],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }] }],
    });
    const found = messages('WideNetworkPolicy', open);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/opens ingress from every public IPv4 address on every port/),
      expect.stringMatching(/opens ingress from every public IPv6 address on every port/),
      expect.stringMatching(/opens egress to every public IPv4 address on every port/),
      expect.stringMatching(/opens ingress from every port of every protocol to 0\.0\.0\.0\/0/),
    ]));
    // the workload it selects is open too, whatever the spelling
    expect(messages('NetworkPolicySelectsWorkload', deployment, open, netpol('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })))
      .toEqual(expect.arrayContaining([expect.stringMatching(/accept incoming traffic from every public IPv4 address on every port, through NetworkPolicy shop\/open spec.ingress\[0\]/)]));
  });

  test('fails address blocks that together cover every IPv4 address but one, in one policy or across policies', () => {
    const halves = netpol('halves', {
      podSelector: selectWeb,
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/1', except: ['203.0.113.7/32'] } }], ports: [{ port: 443 }] }],
    });
    expect(messages('WideNetworkPolicy', halves)).toEqual([
      'NetworkPolicy halves opens egress to every public IPv4 address (all but 1 of them) on TCP 443 (spec.egress[0])',
    ]);
    const low = netpol('low', { podSelector: selectWeb, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/1' } }], ports: [{ port: 443 }] }] });
    const high = netpol('high', { podSelector: selectWeb, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '128.0.0.0/1', except: ['203.0.113.7/32'] } }], ports: [{ port: 443 }] }] });
    // each half alone is not every address; the workload sees both
    expect(runRule('WideNetworkPolicy', low)).toEqual({ status: 'compliant' });
    expect(messages('NetworkPolicySelectsWorkload', deployment, low, high, netpol('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })))
      .toEqual([expect.stringMatching(/accept outgoing traffic to every public IPv4 address \(all but 1 of them\) on TCP 443, through NetworkPolicy shop\/low spec.egress\[0\], NetworkPolicy shop\/high spec.egress\[0\]/)]);
  });

  test('Compliance: the private ranges and one public block are not every address', () => {
    const narrow = netpol('narrow', {
      podSelector: selectWeb,
      policyTypes: ['Egress'],
      egress: [{ to: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '203.0.113.0/24'].map(cidr => ({ ipBlock: { cidr } })), ports: [{ port: 443 }] }],
    });
    expect(runRule('WideNetworkPolicy', narrow)).toEqual({ status: 'compliant' });
  });

  test('fails port ranges 1-65534 and 1024-65535, and a missing port list', () => {
    const ranges = netpol('ranges', {
      podSelector: selectWeb,
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 1, endPort: 65534 }] },
        { from: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 1024, endPort: 65535, protocol: 'UDP' }] },
        { from: [{ podSelector: { matchLabels: { app: 'cache' } } }] },
      ],
    });
    expect(messages('WideNetworkPolicy', ranges)).toEqual([
      expect.stringMatching(/opens ingress from every TCP port \(all but 1\) to podSelector .*"api".* \(spec.ingress\[0\]\)/),
      expect.stringMatching(/opens ingress from every UDP port \(all but 1023\) to podSelector .*"db"/),
      expect.stringMatching(/opens ingress from every port of every protocol to podSelector .*"cache".* \(spec.ingress\[2\]\)/),
    ]);
    const fine = netpol('fine', { podSelector: selectWeb, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 8000, endPort: 8099 }] }] });
    expect(runRule('WideNetworkPolicy', fine)).toEqual({ status: 'compliant' });
  });

  test('fails namespace selectors that select every namespace, alone or together', () => {
    const everyNamespace = (namespaceSelectors: Json[]) => netpol('dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: namespaceSelectors.map(namespaceSelector => ({ namespaceSelector })), ports: [{ port: 53, protocol: 'UDP' }] }],
    });
    expect(messages('WideNetworkPolicy', everyNamespace([{}]))).toEqual([expect.stringMatching(/opens egress to every pod of every namespace/)]);
    expect(messages('WideNetworkPolicy', everyNamespace([{ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] }])))
      .toEqual([expect.stringMatching(/every pod of every namespace/)]);
    expect(messages('WideNetworkPolicy', everyNamespace([
      { matchLabels: { team: 'a' } },
      { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a'] }] },
    ]))).toEqual([expect.stringMatching(/every pod of every namespace/)]);
    expect(runRule('WideNetworkPolicy', everyNamespace([{ matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }]))).toEqual({ status: 'compliant' });
  });

  test('Compliance: a reason recorded on the policy is read as its acknowledgement', () => {
    const open = netpol('open', { podSelector: selectWeb, policyTypes: ['Ingress'], ingress: [{}] });
    open.metadata.annotations = { 'acknowledged.cdk8s-hardening.io/WideNetworkPolicy': 'public health endpoint for the load balancer' };
    const result = Compliance.checkManifests(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [open] }), { packs: [CompliancePack.NSA_CISA] });
    expect(result.findings.filter(f => f.ruleId === 'WideNetworkPolicy')).toEqual([]);
    expect(result.acknowledged.map(f => f.ruleId)).toContain('WideNetworkPolicy');
  });
});

describe('open networks built through the constructs', () => {
  test('fails a DNS policy patched to namespaceSelector {} on every port', () => {
    const chart = Testing.chart();
    const ns = new HardenedNamespace(chart, 'shop', { name: 'shop' });
    web(chart);
    ApiObject.of(ns.dnsEgressPolicy!).addJsonPatch(JsonPatch.replace('/spec/egress/0', { to: [{ namespaceSelector: {} }] }));
    expect(networkFindings(chart)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^WideNetworkPolicy: NetworkPolicy allow-dns-egress opens egress to every pod of every namespace/),
      expect.stringMatching(/^WideNetworkPolicy: .*every port of every protocol to namespaceSelector \{\}/),
      expect.stringMatching(/^NetworkPolicySelectsWorkload: the pods of Deployment shop\/.*web.* accept outgoing traffic to every pod of every namespace/),
    ]));
  });

  test('fails an allowIngressFrom whose ports were patched away', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'shop', { name: 'shop' });
    const w = web(chart);
    w.allowIngressFrom(Peer.inNamespace('monitoring', { definedOutsideApp: true }), { ports: [PolicyPort.tcp(8080)] });
    expect(networkFindings(chart)).toEqual([]);
    const allow = w.node.findAll().find(c => ApiObject.isApiObject(c) && c.kind === 'NetworkPolicy' && c.name.includes('allow-ingress-from')) as ApiObject;
    allow.addJsonPatch(JsonPatch.remove('/spec/ingress/0/ports'));
    expect(networkFindings(chart)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^WideNetworkPolicy: .*opens ingress from every port of every protocol to namespaceSelector/),
    ]));
  });

  test('fails connections.allow called through the cdk8s-plus prototype', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'shop', { name: 'shop' });
    const w = web(chart);
    const allow = Reflect.get(kplus.PodConnections.prototype, 'allow') as (...args: unknown[]) => void;
    allow.call(w.connections, 'Egress', kplus.NetworkPolicyIpBlock.anyIpv4(chart, 'any'), { isolation: kplus.PodConnectionsIsolation.POD });
    expect(networkFindings(chart)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^WideNetworkPolicy: .*opens egress to every public IPv4 address on every port/),
      expect.stringMatching(/^NetworkPolicySelectsWorkload: .*accept outgoing traffic to every public IPv4 address on every port/),
    ]));
  });

  test('fails blocks that add up to every public IPv4 address but one, and a port range 1-65534, at construct time', () => {
    const chart = Testing.chart();
    const w = web(chart);
    w.allowEgressTo(Peer.cidr('0.0.0.0/1'), { ports: [PolicyPort.tcp(443)] });
    expect(() => w.allowEgressTo(Peer.cidr('128.0.0.0/1', { exceptCidrs: ['203.0.113.7/32'] }), { ports: [PolicyPort.tcp(443)] }))
      .toThrow(/together open \(almost\) every public IPv4 address on TCP 443/);
    expect(() => w.allowIngressFrom(Peer.inNamespace('monitoring', { definedOutsideApp: true }), { ports: [PolicyPort.tcpRange(1, 65534)] }))
      .toThrow(/open every TCP port \(1-65535\), or all but fewer than 1024 of them/);
  });

  test('the reasons of Peer.anywhere and PolicyPort.anyPort are acknowledgements the check reads', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'shop', { name: 'shop' });
    const w = web(chart);
    w.allowIngressFrom(Peer.anywhere('public storefront behind the cloud load balancer'), { ports: [PolicyPort.anyPort('the storefront serves on ports chosen at run time')] });
    const manifests = Testing.synth(chart) as Json[];
    const allow = manifests.find(m => m.kind === 'NetworkPolicy' && m.metadata.name.includes('allow-ingress-from-anywhere'))!;
    expect(allow.metadata.annotations['acknowledged.cdk8s-hardening.io/WideNetworkPolicy']).toMatch(/storefront/);
    expect(networkFindings(chart)).toEqual([]);
    const result = Compliance.checkManifests(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }), { packs: [CompliancePack.NSA_CISA] });
    expect(result.findings.filter(f => f.ruleId === 'WideNetworkPolicy' || f.ruleId === 'NetworkPolicySelectsWorkload')).toEqual([]);
  });

  test('fails an allowEgressTo whose peer side cannot be written, leaving nothing behind', () => {
    const chart = Testing.chart();
    const a = web(chart);
    // a workload of the interface that is not one of this library's: its side cannot be written
    const plain = new kplus.Deployment(chart, 'plain', { metadata: { namespace: 'shop' }, containers: [{ image: 'b:1.0.0', portNumber: 9000 }] });
    const impostor = Object.assign(Object.create(plain) as kplus.Deployment, {
      serviceAccountName: 'plain',
      workloadNamespace: 'shop',
      workloadServiceAccount: undefined,
      workloadRole: undefined,
      podSelectorLabels: { app: 'plain' },
    });
    const before = chart.node.findAll().map(c => c.node.path);
    expect(() => a.allowEgressTo(Peer.workload(impostor as unknown as HardenedDeployment), { ports: [PolicyPort.tcp(9000)] }))
      .toThrow(/the peer is not a hardened workload of this library/);
    expect(chart.node.findAll().map(c => c.node.path)).toEqual(before);
  });

  test('fails an exposeToPeers whose second peer is refused, leaving no Service and no policy behind', () => {
    const chart = Testing.chart();
    const a = web(chart);
    const before = chart.node.findAll().map(c => c.node.path);
    expect(() => a.exposeToPeers({ port: 80, targetPort: 8080, peers: [Peer.cidr('0.0.0.0/1'), Peer.cidr('128.0.0.0/1')] }))
      .toThrow(/exposeToPeers.peers\[1\]: with this workload's other ingress rules, the address blocks 0.0.0.0\/1, 128.0.0.0\/1 together open/);
    expect(chart.node.findAll().map(c => c.node.path)).toEqual(before);
    // and the port can still be exposed
    a.exposeToPeers({ port: 80, targetPort: 8080, peers: [Peer.cidr('0.0.0.0/1')] });
  });
});

describe('ServiceExposure', () => {
  const service = (spec: Json): Json => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec } });

  test('fails externalIPs (CVE-2020-8554), NodePort and LoadBalancer without a reason', () => {
    expect(runRule('ServiceExposure', service({ externalIPs: ['203.0.113.7'] }))).toMatchObject({ findings: [{ path: 'spec.externalIPs' }] });
    expect(runRule('ServiceExposure', service({ type: 'LoadBalancer' }))).toMatchObject({ findings: [{ path: 'spec.type' }] });
    expect(runRule('ServiceExposure', service({ type: 'NodePort' }))).toMatchObject({ findings: [{ path: 'spec.type' }] });
  });

  test('Compliance: a ClusterIP Service, and a headless one', () => {
    expect(runRule('ServiceExposure', service({}))).toEqual({ status: 'compliant' });
    expect(runRule('ServiceExposure', service({ type: 'ClusterIP', clusterIP: 'None' }))).toEqual({ status: 'compliant' });
  });

  test('fails a Service of exposeToPeers patched with spec.externalIPs', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'shop', { name: 'shop' });
    const w = web(chart);
    const svc = w.exposeToPeers({ port: 80, targetPort: 8080, peers: [Peer.inNamespace('ingress-nginx', { definedOutsideApp: true })] });
    expect(networkFindings(chart)).toEqual([]);
    ApiObject.of(svc).addJsonPatch(JsonPatch.add('/spec/externalIPs', ['203.0.113.7']));
    expect(networkFindings(chart)).toEqual([expect.stringMatching(/^ServiceExposure: Service .* takes the traffic of external addresses 203.0.113.7/)]);
  });

  test('fails a LoadBalancer without a reason, inside a HardenedNamespace or not; the reason is its acknowledgement', () => {
    const chart = Testing.chart();
    const w = web(chart, 'edge');
    const peers = [Peer.anywhere('public storefront, traffic from the internet')];
    expect(() => w.exposeToPeers({ port: 80, targetPort: 8080, peers, serviceType: kplus.ServiceType.LOAD_BALANCER }))
      .toThrow(/exposeToPeers.serviceTypeReason: an exception to a security default needs a reason/);
    expect(chart.node.findAll().filter(c => c instanceof kplus.Service)).toEqual([]);
    expect(() => w.exposeToPeers({ port: 80, targetPort: 8080, peers, serviceTypeReason: 'cloud load balancer in front' }))
      .toThrow(/serviceTypeReason: is only for a NodePort or LoadBalancer Service/);
    const svc = w.exposeToPeers({ port: 80, targetPort: 8080, peers, serviceType: kplus.ServiceType.LOAD_BALANCER, serviceTypeReason: 'the storefront has no ingress controller (NET-12)' });
    expect(ApiObject.of(svc).toJson().metadata.annotations['acknowledged.cdk8s-hardening.io/ServiceExposure']).toMatch(/LoadBalancer: the storefront/);
    const result = Compliance.check(chart, { packs: [CompliancePack.NSA_CISA] });
    expect(result.findings.filter(f => f.ruleId === 'ServiceExposure')).toEqual([]);
    expect(result.acknowledged.filter(f => f.ruleId === 'ServiceExposure')).toHaveLength(1);
  });

  test('fails a LoadBalancer as a StatefulSet\'s governing Service', () => {
    const chart = Testing.chart();
    const lb = new kplus.Service(chart, 'lb', { type: kplus.ServiceType.LOAD_BALANCER, ports: [{ port: 5432 }] });
    expect(() => new HardenedStatefulSet(chart, 'db', {
      service: lb,
      containers: [{ image: 'postgres:16.4-alpine', ports: [{ number: 5432 }], resources: small }],
    })).toThrow(/\[test\/db\] service: the governing Service of a hardened StatefulSet stays inside the cluster/);
  });
});
