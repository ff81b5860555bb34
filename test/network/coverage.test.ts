import { Construct } from 'constructs';
import { HardenedDeployment, Peer, PolicyPort } from '../../src';
import { blockRanges, coveredFamilies, effectiveBlock, parseCidr } from '../../src/network/cidr';
import { everyPortProtocols } from '../../src/network/policy-port';
import { small, synth } from '../helpers';

function web(scope: Construct): HardenedDeployment {
  return new HardenedDeployment(scope, 'web', {
    metadata: { namespace: 'shop' },
    containers: [{ image: 'nginxinc/nginx-unprivileged:1.27.3-alpine', ports: [{ number: 8080, name: 'http' }], resources: small }],
  });
}

const tcp443 = { ports: [PolicyPort.tcp(443)] };

describe('CIDR parsing', () => {
  test.each([
    ['::ffff:10.0.0.0/104', 6, 104],
    ['::ffff:192.168.1.0/120', 6, 120],
    ['64:ff9b::198.51.100.0/120', 6, 120],
    ['::10.0.0.0/104', 6, 104],
    ['1:2:3:4:5:6:1.2.3.0/120', 6, 120],
    ['::FFFF:10.0.0.0/104', 6, 104],
  ])('accepts %s, with the last 32 bits dotted', (text, family, prefix) => {
    expect(parseCidr('x', 'cidr', text)).toMatchObject({ family, prefix });
  });

  test('an IPv4-mapped block means the IPv4 block it maps', () => {
    expect(effectiveBlock(parseCidr('x', 'cidr', '::ffff:10.0.0.0/104'))).toEqual(parseCidr('x', 'cidr', '10.0.0.0/8'));
    expect(effectiveBlock(parseCidr('x', 'cidr', '::ffff:0:0/96'))).toEqual(parseCidr('x', 'cidr', '0.0.0.0/0'));
    // outside ::ffff:0:0/96, or shorter than /96, a block stays IPv6
    expect(effectiveBlock(parseCidr('x', 'cidr', '::10.0.0.0/104')).family).toBe(6);
    expect(effectiveBlock(parseCidr('x', 'cidr', '::fffe:0:0/95')).family).toBe(6);
  });

  test.each(['::ffff:10.0.0/104', '::ffff:10.0.0.256/104', '::ffff:10.0.0.0.0/104', ':ffff:10.0.0.0/104', '1:2:3:4:5:6:7:1.2.3.4/128', '::ffff:010.0.0.0/104'])(
    'fails on the malformed address %p',
    text => {
      expect(() => parseCidr('chart/web', 'cidr', text)).toThrow(/\[chart\/web\] cidr: is not a CIDR block/);
    });

  test('fails on an IPv4-mapped block with host bits set, naming the network address', () => {
    expect(() => parseCidr('chart/web', 'cidr', '::ffff:10.1.0.0/104')).toThrow(/has host bits set .*Fix: write the network address: "0:0:0:0:0:ffff:a00:0\/104"/);
  });

  test('ranges of a block minus its exceptions, and the families they cover', () => {
    const block = (t: string) => parseCidr('x', 'cidr', t);
    expect(blockRanges(block('10.0.0.0/8'), [block('10.0.0.0/9')])).toEqual([{ family: 4, first: BigInt(10 * 2 ** 24 + 2 ** 23), last: BigInt(11 * 2 ** 24 - 1) }]);
    expect(coveredFamilies([...blockRanges(block('0.0.0.0/1'), []), ...blockRanges(block('128.0.0.0/1'), [])])).toEqual([4]);
    expect(coveredFamilies([...blockRanges(block('0.0.0.0/1'), []), ...blockRanges(block('128.0.0.0/1'), [block('128.0.0.0/2')])])).toEqual([]);
    expect(coveredFamilies([...blockRanges(block('::/1'), []), ...blockRanges(block('8000::/1'), [])])).toEqual([6]);
    expect(coveredFamilies([...blockRanges(block('::ffff:0.0.0.0/97'), []), ...blockRanges(block('128.0.0.0/1'), [])])).toEqual([4]);
  });

  test('ports that together cover every port of a protocol', () => {
    expect(everyPortProtocols([{ protocol: 'TCP', first: 1, last: 65535 }])).toEqual(['TCP']);
    expect(everyPortProtocols([{ protocol: 'TCP', first: 1, last: 30000 }, { protocol: 'TCP', first: 30001, last: 65535 }, { protocol: 'UDP', first: 53, last: 53 }])).toEqual(['TCP']);
    expect(everyPortProtocols([{ protocol: 'TCP', first: 2, last: 65535 }, { protocol: 'UDP', first: 1, last: 65535 }])).toEqual(['UDP']);
  });
});

describe('IPv4-mapped blocks', () => {
  // the API server refuses them in a NetworkPolicy (test/kubernetes/recorded.test.ts found it)
  test('fails on ::ffff:10.0.0.0/104, naming the IPv4 block it maps', () => {
    expect(() => synth(chart => web(chart).allowEgressTo(Peer.cidr('::ffff:10.0.0.0/104', { exceptCidrs: ['::ffff:10.96.0.0/108'] }), tcp443)))
      .toThrow(/\[test\/web\] allowEgressTo peer: is an IPv4-mapped IPv6 block, which the API server refuses in a NetworkPolicy .*; got "::ffff:10\.0\.0\.0\/104"\. Fix: write the IPv4 block it maps: "10\.0\.0\.0\/8"/);
  });

  test('the IPv4 block it maps is emitted as written', () => {
    const manifests = synth(chart => web(chart).allowEgressTo(Peer.cidr('10.0.0.0/8', { exceptCidrs: ['10.96.0.0/12'] }), tcp443));
    const [p] = manifests.filter(m => m.kind === 'NetworkPolicy' && m.metadata.name.includes('-allow-egress-to-cidr-'));
    expect(p.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
  });

  test('fails on ::ffff:0.0.0.0/96, which is every IPv4 address', () => {
    expect(() => synth(chart => web(chart).allowEgressTo(Peer.cidr('::ffff:0.0.0.0/96'), tcp443)))
      .toThrow(/\[test\/web\] allowEgressTo peer: the IPv4-mapped block ::ffff:0:0\/96 is every IPv4 address, which re-opens what the default-deny closed; got "::ffff:0\.0\.0\.0\/96"\. Fix: .*Peer\.anywhere/);
  });

  test('fails on an exception written in the other notation', () => {
    expect(() => synth(chart => web(chart).allowEgressTo(Peer.cidr('10.0.0.0/8', { exceptCidrs: ['::ffff:10.1.0.0/112'] }), tcp443)))
      .toThrow(/except\[0\]: must lie strictly inside 10\.0\.0\.0\/8 \(same address family and notation, longer prefix\)/);
  });
});

describe('address blocks that add up to every address', () => {
  test('fails on 0.0.0.0/1 and 128.0.0.0/1 on the same port', () => {
    expect(() => synth(chart => {
      const w = web(chart);
      w.allowEgressTo(Peer.cidr('0.0.0.0/1'), tcp443);
      w.allowEgressTo(Peer.cidr('128.0.0.0/1'), tcp443);
    })).toThrow('[test/web] allowEgressTo peer: with this workload\'s other egress rules, the address blocks 0.0.0.0/1, 128.0.0.0/1 together open \(almost\) every public IPv4 address on TCP 443, which re-opens what the default-deny closed; got ["0.0.0.0/1","128.0.0.0/1"]. Fix: narrow the blocks to the addresses the traffic uses, or say why every address is needed with Peer.anywhere("<reason>")');
  });

  test('fails on 2000::/4 and 3000::/4 (every public IPv6 address) on ingress', () => {
    expect(() => synth(chart => {
      const w = web(chart);
      w.allowIngressFrom(Peer.cidr('2000::/4'), { ports: [PolicyPort.tcp(8080)] });
      w.allowIngressFrom(Peer.cidr('3000::/4'), { ports: [PolicyPort.tcp(8080)] });
    })).toThrow(/allowIngressFrom peer: with this workload's other ingress rules, the address blocks 2000::\/4, 3000::\/4 together open \(almost\) every public IPv6 address on TCP 8080/);
  });

  test('fails on many smaller blocks whose union is everything', () => {
    expect(() => synth(chart => {
      const w = web(chart);
      for (let i = 0; i < 16; i++) w.allowEgressTo(Peer.cidr(`${i * 16}.0.0.0/4`), tcp443);
    })).toThrow(/the address blocks 0\.0\.0\.0\/4, 16\.0\.0\.0\/4, .*, 208\.0\.0\.0\/4 together open \(almost\) every public IPv4 address on TCP 443/);
  });

  test('fails on an IPv4-mapped block, which would complete the IPv4 space, before adding up', () => {
    expect(() => synth(chart => {
      const w = web(chart);
      w.allowEgressTo(Peer.cidr('::ffff:0.0.0.0/97'), tcp443);
      w.allowEgressTo(Peer.cidr('128.0.0.0/1'), tcp443);
    })).toThrow(/is an IPv4-mapped IPv6 block, .*Fix: write the IPv4 block it maps: "0\.0\.0\.0\/1"/);
  });

  test('fails on blocks opened through exposeToPeers', () => {
    expect(() => synth(chart => web(chart).exposeToPeers({ port: 80, targetPort: 8080, peers: [Peer.cidr('0.0.0.0/1'), Peer.cidr('128.0.0.0/1')] })))
      .toThrow(/\[test\/web\] exposeToPeers\.peers\[1\]: with this workload's other ingress rules, the address blocks 0\.0\.0\.0\/1, 128\.0\.0\.0\/1 together open \(almost\) every public IPv4 address on TCP 8080/);
  });

  test('fails on every port of every address, even when each port list has its reason', () => {
    const anyPort = { ports: [PolicyPort.anyPort('partner gateway uses dynamic ports (NET-42)')] };
    expect(() => synth(chart => {
      const w = web(chart);
      w.allowEgressTo(Peer.cidr('0.0.0.0/1'), anyPort);
      w.allowEgressTo(Peer.cidr('128.0.0.0/1'), anyPort);
    })).toThrow(/together open \(almost\) every public IPv4 address on every port/);
    // one block on every port and the other on one port still open that port everywhere
    expect(() => synth(chart => {
      const w = web(chart);
      w.allowEgressTo(Peer.cidr('0.0.0.0/1'), anyPort);
      w.allowEgressTo(Peer.cidr('128.0.0.0/1'), tcp443);
    })).toThrow(/together open \(almost\) every public IPv4 address on TCP 443/);
  });

  test('accepts blocks that cover everything only on different ports, or leave a hole', () => {
    const manifests = synth(chart => {
      const w = web(chart);
      w.allowEgressTo(Peer.cidr('0.0.0.0/1'), tcp443);
      w.allowEgressTo(Peer.cidr('128.0.0.0/1'), { ports: [PolicyPort.tcp(80)] });
      w.allowEgressTo(Peer.cidr('2000::/4'), tcp443);
      w.allowEgressTo(Peer.cidr('3000::/4', { exceptCidrs: ['3000::/5'] }), tcp443);
      // ingress and egress are separate
      w.allowIngressFrom(Peer.cidr('128.0.0.0/1'), { ports: [PolicyPort.tcp(8080)] });
      w.allowIngressFrom(Peer.cidr('0.0.0.0/1'), { ports: [PolicyPort.tcp(8081)] });
    });
    expect(manifests.filter(m => m.kind === 'NetworkPolicy' && m.metadata.name.includes('-allow-'))).toHaveLength(6);
  });

  test('accepts blocks on a port that Peer.anywhere already opens, with its reason', () => {
    const manifests = synth(chart => {
      const w = web(chart);
      w.allowEgressTo(Peer.anywhere('public API clients are everywhere (NET-7)'), tcp443);
      w.allowEgressTo(Peer.cidr('0.0.0.0/1'), tcp443);
      w.allowEgressTo(Peer.cidr('128.0.0.0/1'), tcp443);
    });
    expect(manifests.filter(m => m.kind === 'NetworkPolicy' && m.metadata.name.includes('-allow-egress-'))).toHaveLength(3);
  });
});

describe('ports that add up to every port', () => {
  test('fails on tcpRange(1, 65535) without the reason anyPort requires', () => {
    expect(() => synth(chart => web(chart).allowEgressTo(Peer.cidr('10.0.0.0/8'), { ports: [PolicyPort.tcpRange(1, 65535)] })))
      .toThrow('[test/web] allowEgressTo peer ports: the ports given for this peer together open every TCP port (1-65535), or all but fewer than 1024 of them, which re-opens what the default-deny closed; got [{"protocol":"TCP","port":1,"endPort":65535}]. Fix: open only the ports the traffic uses, or say why every port is needed with PolicyPort.anyPort("<reason>")');
  });

  test('fails on ranges whose union covers every port, across calls for the same peer', () => {
    expect(() => synth(chart => {
      const w = web(chart);
      w.allowEgressTo(Peer.cidr('10.0.0.0/8'), { ports: [PolicyPort.tcpRange(1, 1023), PolicyPort.tcpRange(1024, 40000)] });
      w.allowEgressTo(Peer.cidr('10.0.0.0/8'), { ports: [PolicyPort.tcpRange(40001, 65535)] });
    })).toThrow(/allowEgressTo peer ports: the ports given for this peer together open every TCP port \(1-65535\)/);
  });

  test('fails on every port towards a workload, on both sides of the connection', () => {
    expect(() => synth(chart => {
      const w = web(chart);
      const other = new HardenedDeployment(chart, 'api', { metadata: { namespace: 'shop' }, containers: [{ image: 'registry.acme.example/api:2.14.0', portNumber: 8443, resources: small }] });
      w.allowEgressTo(Peer.workload(other), { ports: [PolicyPort.tcpRange(1, 65535)] });
    })).toThrow(/\[test\/web\] allowEgressTo peer ports: the ports given for this peer together open every TCP port/);
  });

  test('accepts ranges with a gap, and every port with a reason', () => {
    const manifests = synth(chart => {
      const w = web(chart);
      w.allowEgressTo(Peer.cidr('10.0.0.0/8'), { ports: [PolicyPort.tcpRange(1, 1023), PolicyPort.tcpRange(2048, 65535)] });
      w.allowEgressTo(Peer.cidr('192.168.0.0/16'), { ports: [PolicyPort.anyPort('partner gateway uses dynamic ports (NET-42)')] });
    });
    expect(manifests.filter(m => m.kind === 'NetworkPolicy' && m.metadata.name.includes('-allow-egress-'))).toHaveLength(2);
  });
});
