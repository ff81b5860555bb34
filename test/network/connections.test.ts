import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HardenedDeployment, HardenedNamespace, HardenedStatefulSet, Peer, PolicyPort } from '../../src';
import { Json, ofKind, only, policy, small, synth } from '../helpers';

const ADDR = 'cdk8s.io/metadata.addr';

function web(scope: Construct, namespace = 'shop'): HardenedDeployment {
  return new HardenedDeployment(scope, 'web', {
    metadata: { namespace },
    containers: [{ image: 'nginxinc/nginx-unprivileged:1.27.3-alpine', ports: [{ number: 8080, name: 'http' }], resources: small }],
  });
}

function api(scope: Construct, namespace = 'shop'): HardenedDeployment {
  return new HardenedDeployment(scope, 'api', {
    metadata: { namespace },
    containers: [{ image: 'registry.acme.example/api:2.14.0', ports: [{ number: 8443, name: 'https' }, { number: 9090, name: 'metrics' }], resources: small }],
  });
}

function db(scope: Construct, namespace = 'shop'): HardenedStatefulSet {
  return new HardenedStatefulSet(scope, 'db', {
    metadata: { namespace },
    containers: [{ image: 'postgres:16.4-alpine', ports: [{ number: 5432, name: 'postgres' }], resources: small }],
  });
}

/** The allow policies (everything but the deny-all policies), by name. */
function allowPolicies(manifests: Json[]): string[] {
  return ofKind(manifests, 'NetworkPolicy').filter(p => p.spec.ingress || p.spec.egress).map(p => p.metadata.name).sort();
}

function labelsOf(manifests: Json[], kind: string, name: string): Json {
  const workload = manifests.find(m => m.kind === kind && m.metadata.name === name)!;
  return workload.spec.template.metadata.labels;
}

describe('workload to workload', () => {
  test('egress in one namespace writes the egress rule on the sender and the ingress rule on the receiver', () => {
    // GIVEN
    const chart = Testing.chart();
    const a = api(chart);
    const d = db(chart);

    // WHEN
    a.allowEgressTo(Peer.workload(d), { ports: [PolicyPort.tcp(5432)] });

    // THEN
    const manifests = Testing.synth(chart) as Json[];
    expect(allowPolicies(manifests)).toEqual([`${a.name}-allow-egress-to-${d.name}`, `${d.name}-allow-ingress-from-${a.name}`].sort());
    expect(policy(manifests, `${a.name}-allow-egress-to-${d.name}`)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${a.name}-allow-egress-to-${d.name}`, namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { [ADDR]: a.podSelectorLabels[ADDR] } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: { matchLabels: d.podSelectorLabels } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
      },
    });
    expect(policy(manifests, `${d.name}-allow-ingress-from-${a.name}`)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${d.name}-allow-ingress-from-${a.name}`, namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: d.podSelectorLabels },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: a.podSelectorLabels } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
      },
    });
    // The selectors are the workloads' own pod labels.
    expect(a.podSelectorLabels).toEqual(labelsOf(manifests, 'Deployment', a.name));
    expect(d.podSelectorLabels).toEqual(labelsOf(manifests, 'StatefulSet', d.name));
  });

  test('across namespaces both sides select the other namespace by name', () => {
    // GIVEN
    const chart = Testing.chart();
    const a = api(chart, 'shop');
    const d = db(chart, 'data');

    // WHEN
    d.allowIngressFrom(Peer.workload(a), { ports: [PolicyPort.named('postgres')] });

    // THEN
    const manifests = Testing.synth(chart) as Json[];
    const ingress = policy(manifests, `${d.name}-allow-ingress-from-${a.name}`);
    expect(ingress.metadata.namespace).toBe('data');
    expect(ingress.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: a.podSelectorLabels } }],
      ports: [{ protocol: 'TCP', port: 'postgres' }],
    }]);
    const egress = policy(manifests, `${a.name}-allow-egress-to-${d.name}`);
    expect(egress.metadata.namespace).toBe('shop');
    expect(egress.spec.podSelector).toEqual({ matchLabels: a.podSelectorLabels });
    expect(egress.spec.policyTypes).toEqual(['Egress']);
    expect(egress.spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } }, podSelector: { matchLabels: d.podSelectorLabels } }],
      ports: [{ protocol: 'TCP', port: 'postgres' }],
    }]);
  });

  test('asking again for the same peer adds ports to the same policies, from either side', () => {
    // GIVEN
    const chart = Testing.chart();
    const w = web(chart);
    const a = api(chart);

    // WHEN
    w.allowEgressTo(Peer.workload(a), { ports: [PolicyPort.named('https')] });
    a.allowIngressFrom(Peer.workload(w), { ports: [PolicyPort.named('https'), PolicyPort.tcp(9090)] });

    // THEN
    const manifests = Testing.synth(chart) as Json[];
    expect(allowPolicies(manifests)).toHaveLength(2);
    const expectedPorts = [{ protocol: 'TCP', port: 'https' }, { protocol: 'TCP', port: 9090 }];
    expect(policy(manifests, `${w.name}-allow-egress-to-${a.name}`).spec.egress[0].ports).toEqual(expectedPorts);
    expect(policy(manifests, `${a.name}-allow-ingress-from-${w.name}`).spec.ingress[0].ports).toEqual(expectedPorts);
  });
});

describe('namespaces and address blocks', () => {
  test('ingress from a namespace, only pods with given labels, on a named port', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => {
      const a = api(chart);
      a.allowIngressFrom(Peer.inNamespace('monitoring', { podLabels: { 'app.kubernetes.io/name': 'prometheus' } }), { ports: [PolicyPort.named('metrics')] });
    });

    // THEN
    const name = only(manifests, 'Deployment').metadata.name;
    expect(allowPolicies(manifests)).toEqual([`${name}-allow-ingress-from-ns-monitoring-prometheus`]);
    expect(policy(manifests, `${name}-allow-ingress-from-ns-monitoring-prometheus`).spec).toEqual({
      podSelector: { matchLabels: labelsOf(manifests, 'Deployment', name) },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        }],
        ports: [{ protocol: 'TCP', port: 'metrics' }],
      }],
    });
  });

  test('ingress from a CIDR and egress to a CIDR with exceptions, IPv4 and IPv6', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => {
      const w = web(chart);
      w.allowIngressFrom(Peer.cidr('192.168.0.0/16'), { ports: [PolicyPort.named('http')] });
      w.allowEgressTo(Peer.cidr('10.0.0.0/8', { exceptCidrs: ['10.96.0.0/12', '10.244.0.0/16'] }), { ports: [PolicyPort.tcpRange(8000, 8099), PolicyPort.udp(514)] });
      w.allowEgressTo(Peer.cidr('2001:db8::/32'), { ports: [PolicyPort.tcp(443)] });
    });

    // THEN
    const name = only(manifests, 'Deployment').metadata.name;
    expect(allowPolicies(manifests)).toEqual([
      `${name}-allow-egress-to-cidr-10-0-0-0-8-except-10-96-0-0-12-10-244-0-0-16`,
      `${name}-allow-egress-to-cidr-2001-db8-32`,
      `${name}-allow-ingress-from-cidr-192-168-0-0-16`,
    ]);
    expect(policy(manifests, `${name}-allow-ingress-from-cidr-192-168-0-0-16`).spec.ingress)
      .toEqual([{ from: [{ ipBlock: { cidr: '192.168.0.0/16' } }], ports: [{ protocol: 'TCP', port: 'http' }] }]);
    expect(policy(manifests, `${name}-allow-egress-to-cidr-10-0-0-0-8-except-10-96-0-0-12-10-244-0-0-16`).spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.96.0.0/12', '10.244.0.0/16'] } }],
      ports: [{ protocol: 'TCP', port: 8000, endPort: 8099 }, { protocol: 'UDP', port: 514 }],
    }]);
    expect(policy(manifests, `${name}-allow-egress-to-cidr-2001-db8-32`).spec.egress)
      .toEqual([{ to: [{ ipBlock: { cidr: '2001:db8::/32' } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
  });

  test('anywhere and any port need a reason, which is recorded on the policy', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => {
      const w = web(chart);
      w.allowIngressFrom(Peer.anywhere('public storefront behind the cloud load balancer'), { ports: [PolicyPort.named('http')] });
      w.allowEgressTo(Peer.cidr('203.0.113.0/24'), { ports: [PolicyPort.anyPort('partner VPN gateway uses dynamic ports (NET-42)')] });
    });

    // THEN
    const name = only(manifests, 'Deployment').metadata.name;
    const anywhere = policy(manifests, `${name}-allow-ingress-from-anywhere`);
    expect(anywhere.metadata.annotations).toEqual({
      'cdk8s-hardening.io/allow-reason': 'public storefront behind the cloud load balancer',
      'acknowledged.cdk8s-hardening.io/WideNetworkPolicy': 'public storefront behind the cloud load balancer',
    });
    expect(anywhere.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 'http' }] }]);
    const anyPort = policy(manifests, `${name}-allow-egress-to-cidr-203-0-113-0-24`);
    expect(anyPort.metadata.annotations).toEqual({
      'cdk8s-hardening.io/allow-reason': 'partner VPN gateway uses dynamic ports (NET-42)',
      'acknowledged.cdk8s-hardening.io/WideNetworkPolicy': 'partner VPN gateway uses dynamic ports (NET-42)',
    });
    expect(anyPort.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }]);
  });
});

describe('exposeToPeers', () => {
  test('a Service on the port, and ingress on the target port from exactly the declared peers', () => {
    // GIVEN
    const chart = Testing.chart();
    const w = web(chart);
    const a = api(chart);

    // WHEN
    const service = a.exposeToPeers({ port: 443, targetPort: 8443, serviceName: 'api', peers: [Peer.workload(w), Peer.inNamespace('ops', { podLabels: { app: 'probe' } })] });

    // THEN
    expect(service.name).toBe('api');
    const manifests = Testing.synth(chart) as Json[];
    const svc = only(manifests, 'Service');
    expect(svc.metadata).toEqual({ name: 'api', namespace: 'shop' });
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.selector).toEqual(a.podSelectorLabels);
    expect(svc.spec.ports).toEqual([{ port: 443, targetPort: 8443, protocol: 'TCP' }]);
    expect(allowPolicies(manifests)).toEqual([
      `${a.name}-allow-ingress-from-${w.name}`,
      `${a.name}-allow-ingress-from-ns-ops-probe`,
      `${w.name}-allow-egress-to-${a.name}`,
    ].sort());
    const port = [{ protocol: 'TCP', port: 8443 }];
    expect(policy(manifests, `${a.name}-allow-ingress-from-${w.name}`).spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: w.podSelectorLabels } }], ports: port }]);
    expect(policy(manifests, `${a.name}-allow-ingress-from-ns-ops-probe`).spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } }, podSelector: { matchLabels: { app: 'probe' } } }],
      ports: port,
    }]);
    expect(policy(manifests, `${w.name}-allow-egress-to-${a.name}`).spec.egress).toEqual([{ to: [{ podSelector: { matchLabels: a.podSelectorLabels } }], ports: port }]);
  });

  test('a Service type other than ClusterIP is passed through, with its reason', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => web(chart).exposeToPeers({
      port: 8080,
      serviceType: kplus.ServiceType.LOAD_BALANCER,
      serviceTypeReason: 'no ingress controller in this cluster (NET-3)',
      peers: [Peer.anywhere('public storefront, internet facing by design')],
    }));

    // THEN
    expect(only(manifests, 'Service').spec.type).toBe('LoadBalancer');
    expect(only(manifests, 'Service').metadata.annotations).toEqual({ 'acknowledged.cdk8s-hardening.io/ServiceExposure': 'LoadBalancer: no ingress controller in this cluster (NET-3)' });
  });

  test('fails for exposeViaService, whose Service the deny-all policy would block, naming exposeToPeers', () => {
    expect(() => synth(chart => web(chart).exposeViaService())).toThrow(/\[test\/web\] exposeViaService: is refused on a hardened workload: .*Fix: use exposeToPeers\(\{ port, peers \}\)/);
  });
});

describe('namespace existence', () => {
  function app(build: (chart: Chart) => void): () => void {
    return () => {
      const a = Testing.app();
      build(new Chart(a, 'test'));
      a.synth();
    };
  }

  test('a peer namespace defined in the app, a system namespace or one marked as defined elsewhere passes', () => {
    expect(app(chart => {
      new HardenedNamespace(chart, 'shop', { name: 'shop' });
      new HardenedNamespace(chart, 'ops', { name: 'ops' });
      const w = web(chart);
      w.allowIngressFrom(Peer.inNamespace('ops'), { ports: [PolicyPort.named('http')] });
      w.allowEgressTo(Peer.inNamespace('kube-system', { podLabels: { 'k8s-app': 'metrics-server' } }), { ports: [PolicyPort.tcp(10250)] });
      w.allowIngressFrom(Peer.inNamespace('ingress-nginx', { definedOutsideApp: true }), { ports: [PolicyPort.named('http')] });
    })).not.toThrow();
  });

  test('an app without namespaces cannot know, so nothing is checked', () => {
    expect(app(chart => web(chart).allowIngressFrom(Peer.inNamespace('anything'), { ports: [PolicyPort.named('http')] }))).not.toThrow();
  });

  test('fails on a peer namespace the app does not define when it defines others', () => {
    expect(app(chart => {
      new HardenedNamespace(chart, 'shop', { name: 'shop' });
      web(chart).allowIngressFrom(Peer.inNamespace('monitorng'), { ports: [PolicyPort.named('http')] });
    })).toThrow(/\[test\/web\] allowIngressFrom peer: namespace "monitorng" is not defined in this app \(it defines shop\), so the policy would match nothing/);
  });

  test('fails on a named ingress port no container declares', () => {
    expect(app(chart => web(chart).allowIngressFrom(Peer.inNamespace('ops'), { ports: [PolicyPort.named('htpp')] })))
      .toThrow(/\[test\/web\] allowIngressFrom peer: named port "htpp" is not a port of this workload's containers \(http\)/);
  });

  test('fails on a named egress port the peer workload does not declare', () => {
    expect(app(chart => {
      const w = web(chart);
      w.allowEgressTo(Peer.workload(api(chart)), { ports: [PolicyPort.named('grpc')] });
    })).toThrow(/\[test\/api\] allowEgressTo peer: named port "grpc" is not a port of this workload's containers \(https, metrics\)/);
  });
});

describe('fails', () => {
  const port = { ports: [PolicyPort.tcp(443)] };
  const egress = (peer: Peer, options = port) => () => synth(chart => web(chart).allowEgressTo(peer, options));

  test('fails on a string that is not a CIDR', () => {
    expect(egress(Peer.cidr('10.0.0.300/8'))).toThrow(/\[test\/web\] allowEgressTo peer: is not a CIDR block .*; got "10.0.0.300\/8"/);
    expect(egress(Peer.cidr('10.0.0.0'))).toThrow(/is not a CIDR block/);
    expect(egress(Peer.cidr('10.0.0.0/33'))).toThrow(/is not a CIDR block/);
    expect(egress(Peer.cidr('fd00:::1/64'))).toThrow(/is not a CIDR block/);
  });

  test('fails on a CIDR with host bits set, naming the network address', () => {
    expect(egress(Peer.cidr('10.1.2.3/8'))).toThrow(/has host bits set .*Fix: write the network address: "10.0.0.0\/8"/);
  });

  test('fails on a /0 block', () => {
    expect(egress(Peer.cidr('0.0.0.0/0'))).toThrow(/a \/0 block is every address, which re-opens what the default-deny closed; got "0.0.0.0\/0".*Peer.anywhere/);
    expect(egress(Peer.cidr('::/0'))).toThrow(/a \/0 block is every address/);
  });

  test('fails on an exception outside the block or of the other family', () => {
    expect(egress(Peer.cidr('10.0.0.0/8', { exceptCidrs: ['192.168.0.0/16'] }))).toThrow(/except\[0\]: must lie strictly inside 10.0.0.0\/8/);
    expect(egress(Peer.cidr('10.0.0.0/8', { exceptCidrs: ['10.0.0.0/8'] }))).toThrow(/except\[0\]: must lie strictly inside/);
    expect(egress(Peer.cidr('10.0.0.0/8', { exceptCidrs: ['fd00::/8'] }))).toThrow(/except\[0\]: must lie strictly inside/);
    expect(egress(Peer.cidr('10.0.0.0/8', { exceptCidrs: ['10.1.0.0/16', '10.1.0.0/16'] }))).toThrow(/except: lists a block twice/);
  });

  test('fails on a port out of range', () => {
    expect(egress(Peer.cidr('10.0.0.0/8'), { ports: [PolicyPort.tcp(0)] })).toThrow(/allowEgressTo ports\[0\]: must be a whole port number from 1 to 65535; got 0/);
    expect(egress(Peer.cidr('10.0.0.0/8'), { ports: [PolicyPort.udp(65536)] })).toThrow(/ports\[0\]: must be a whole port number from 1 to 65535; got 65536/);
    expect(egress(Peer.cidr('10.0.0.0/8'), { ports: [PolicyPort.tcpRange(9000, 8000)] })).toThrow(/ports\[0\]: the end of a port range must be above its start/);
  });

  test('fails on an invalid port name', () => {
    expect(() => synth(chart => web(chart).allowIngressFrom(Peer.inNamespace('ops'), { ports: [PolicyPort.named('HTTP_PORT')] })))
      .toThrow(/allowIngressFrom ports\[0\]: a named port must be an IANA service name/);
  });

  test('fails on a named port towards an address block', () => {
    expect(egress(Peer.cidr('10.0.0.0/8'), { ports: [PolicyPort.named('https')] })).toThrow(/allowEgressTo ports: named ports are resolved on the receiving pods; an address block has none/);
  });

  test('fails on an empty port list', () => {
    expect(egress(Peer.cidr('10.0.0.0/8'), { ports: [] })).toThrow(/allowEgressTo ports: ports must be explicit; an empty list would open every port.*PolicyPort.anyPort/);
  });

  test('fails on any port without a reason, or combined with other ports', () => {
    expect(egress(Peer.cidr('10.0.0.0/8'), { ports: [PolicyPort.anyPort('because')] })).toThrow(/PolicyPort.anyPort reason\): an exception to a security default needs a reason of at least 10 characters; got "because"/);
    expect(egress(Peer.cidr('10.0.0.0/8'), { ports: [PolicyPort.anyPort('partner gateway uses dynamic ports'), PolicyPort.tcp(443)] })).toThrow(/PolicyPort.anyPort cannot be combined with other ports/);
  });

  test('fails on anywhere without a reason', () => {
    expect(egress(Peer.anywhere(''))).toThrow(/allowEgressTo peer \(Peer.anywhere reason\): an exception to a security default needs a reason/);
  });

  test('fails on an invalid namespace name or pod label', () => {
    expect(egress(Peer.inNamespace('Payments'))).toThrow(/allowEgressTo peer \(namespace\): must be a DNS-1123 label/);
    expect(egress(Peer.inNamespace('payments', { podLabels: { app: 'bad value!' } }))).toThrow(/podLabels\["app"\]: is not a valid label/);
  });

  test('fails on workloads of which only one has a namespace', () => {
    expect(() => synth(chart => {
      const w = web(chart);
      const other = new HardenedDeployment(chart, 'other', { containers: [{ image: 'registry.acme.example/other:1.0.0', portNumber: 8080, resources: small }] });
      w.allowEgressTo(Peer.workload(other), { ports: [PolicyPort.tcp(8080)] });
    })).toThrow(/^\[test\/web\] allowEgressTo peer: one workload has a namespace and the other has none \(this workload: shop; the peer: none\), so the selector cannot be exact; got "test\/other"\./);
  });

  test('fails with each construct path once in a network error', () => {
    let message = '';
    try {
      synth(chart => {
        const w = web(chart);
        const other = new HardenedDeployment(chart, 'other', { containers: [{ image: 'registry.acme.example/other:1.0.0', portNumber: 8080, resources: small }] });
        w.allowEgressTo(Peer.workload(other), { ports: [PolicyPort.tcp(8080)] });
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('test/web').length - 1).toBe(1);
    expect(message.split('test/other').length - 1).toBe(1);
  });

  test('fails with the construct path once in an error found at synthesis', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const w = new HardenedDeployment(chart, 'web', { metadata: { namespace: 'shop' }, containers: [{ image: 'web:1.0.0', portNumber: 8080, resources: small }] });
    w.allowIngressFrom(Peer.inNamespace('shop'), { ports: [PolicyPort.named('http')] });
    expect(() => app.synth()).toThrow(/\n {2}\[c\/web\] allowIngressFrom peer: named port "http" is not a port/);
  });

  test('fails on exposing with an empty peer list', () => {
    expect(() => synth(chart => web(chart).exposeToPeers({ port: 8080, peers: [] })))
      .toThrow(/\[test\/web\] exposeToPeers.peers: an empty peer list would let every pod and address connect.*Peer.anywhere/);
  });

  test('fails on exposing a port no container declares', () => {
    expect(() => synth(chart => web(chart).exposeToPeers({ port: 80, peers: [Peer.inNamespace('ops')] })))
      .toThrow(/exposeToPeers.port: is not a port of the workload's containers \(8080\); got 80/);
    expect(() => synth(chart => web(chart).exposeToPeers({ port: 80, targetPort: 70000, peers: [Peer.inNamespace('ops')] })))
      .toThrow(/exposeToPeers.targetPort: must be a whole port number from 1 to 65535/);
  });

  test('fails on exposing the same port twice', () => {
    expect(() => synth(chart => {
      const w = web(chart);
      w.exposeToPeers({ port: 8080, peers: [Peer.inNamespace('ops')] });
      w.exposeToPeers({ port: 8080, peers: [Peer.inNamespace('shop')] });
    })).toThrow(/exposeToPeers.port: is already exposed by another Service of this workload; got 8080/);
  });

  test('fails on an invalid service name', () => {
    expect(() => synth(chart => web(chart).exposeToPeers({ port: 8080, serviceName: 'Web_Front', peers: [Peer.inNamespace('ops')] })))
      .toThrow(/exposeToPeers.serviceName: must be a DNS-1035 label/);
    // a Service name is a DNS-1035 label: no dots, and a letter first
    expect(() => synth(chart => web(chart).exposeToPeers({ port: 8080, serviceName: 'web.front', peers: [Peer.inNamespace('ops')] })))
      .toThrow(/\[test\/web\] exposeToPeers\.serviceName: must be a DNS-1035 label .*because a Service name is a DNS label .*; got "web\.front"/);
    expect(() => synth(chart => web(chart).exposeToPeers({ port: 8080, serviceName: '8-web', peers: [Peer.inNamespace('ops')] })))
      .toThrow(/exposeToPeers\.serviceName: must be a DNS-1035 label .*; got "8-web"/);
  });
});

describe('policy names', () => {
  test('two peers that render to the same name get distinct policies', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => {
      const w = web(chart);
      w.allowIngressFrom(Peer.inNamespace('ops', { podLabels: { app: 'probe-a' } }), { ports: [PolicyPort.named('http')] });
      w.allowIngressFrom(Peer.inNamespace('ops', { podLabels: { app: 'probe', tier: 'a' } }), { ports: [PolicyPort.named('http')] });
    });

    // THEN
    const names = allowPolicies(manifests);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/-allow-ingress-from-ns-ops-probe-a$/);
    expect(names[1]).toMatch(/-allow-ingress-from-ns-ops-probe-a-[0-9a-f]{8}$/);
  });
});

describe('network', () => {
  test('every hardened workload has one network object, the one its shorthands use', () => {
    const chart = Testing.chart();
    const w = web(chart);
    const network = w.network;
    const calls = ['allowIngressFrom', 'allowEgressTo', 'exposeToPeers'].map(m => jest.spyOn(network, m as 'allowIngressFrom'));
    const peer = Peer.workload(api(chart));
    w.allowIngressFrom(peer, { ports: [PolicyPort.tcp(8080)] });
    w.allowEgressTo(peer, { ports: [PolicyPort.tcp(8443)] });
    w.exposeToPeers({ port: 80, targetPort: 8080, peers: [peer] });
    expect(calls.map(c => c.mock.calls.length)).toEqual([1, 1, 1]);
    expect(w.network).toBe(network);
    expect(w.podSelectorLabels).toEqual(w.network.podSelectorLabels);
    expect(Object.keys(w.network.podSelectorLabels)).toEqual([ADDR]);
  });

  test('network.allowEgressTo writes both sides, as the workload shorthand does', () => {
    const manifests = synth(c => web(c).network.allowEgressTo(Peer.workload(api(c)), { ports: [PolicyPort.tcp(8443)] }));
    const viaShorthand = (c: Chart) => web(c).allowEgressTo(Peer.workload(api(c)), { ports: [PolicyPort.tcp(8443)] });
    expect(allowPolicies(manifests)).toEqual(['test-api-c855049c-allow-ingress-from-test-web-c8ba1bf5', 'test-web-c8ba1bf5-allow-egress-to-test-api-c855049c']);
    expect(manifests).toEqual(synth(viaShorthand));
  });

  test('fails a second exposure of a port through network, whichever way the first went', () => {
    const chart = Testing.chart();
    const w = web(chart);
    w.exposeToPeers({ port: 8080, peers: [Peer.inNamespace('ingress-nginx', { definedOutsideApp: true })] });
    expect(() => w.network.exposeToPeers({ port: 8080, peers: [Peer.inNamespace('ingress-nginx', { definedOutsideApp: true })] }))
      .toThrow(/^\[test\/web\] exposeToPeers\.port: is already exposed/);
  });
});
