import * as kplus from 'cdk8s-plus-27';
import { HardenedDaemonSet, Peer, PolicyPort } from '../../src';
import { expectIsolated, expectOwnIdentity, expectRestrictedPod, only, ofKind, small, synth } from '../helpers';

const agent = { name: 'agent', image: 'registry.acme.example/node-agent:0.9.1', resources: small };

describe('HardenedDaemonSet', () => {
  test('defaults: restricted pod, own identity, isolation, no budget or spread', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => new HardenedDaemonSet(chart, 'agent', {
      metadata: { namespace: 'ops' },
      containers: [agent],
    }));

    // THEN
    expect(manifests).toMatchSnapshot();
    const set = only(manifests, 'DaemonSet');
    const pod = set.spec.template.spec;
    const sa = expectOwnIdentity(manifests, 'ops');
    expectRestrictedPod(pod, sa);
    expect(pod.volumes).toBeUndefined();
    expect(pod.topologySpreadConstraints).toBeUndefined();
    expectIsolated(manifests, set.spec.selector.matchLabels);
    expect(ofKind(manifests, 'PodDisruptionBudget')).toEqual([]);
  });

  test('config map, secret and emptyDir volumes are accepted', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => {
      const config = new kplus.ConfigMap(chart, 'config', { data: { 'agent.yaml': 'interval: 30s' } });
      const secret = new kplus.Secret(chart, 'token', { stringData: { token: 'placeholder' } });
      const set = new HardenedDaemonSet(chart, 'agent', {
        containers: [agent],
        volumes: [kplus.Volume.fromConfigMap(chart, 'config-volume', config)],
      });
      set.addVolume(kplus.Volume.fromSecret(chart, 'secret-volume', secret));
      set.addVolume(kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch'));
    });

    // THEN
    const volumes = only(manifests, 'DaemonSet').spec.template.spec.volumes;
    expect(volumes.map((v: { [key: string]: unknown }) => Object.keys(v).filter(k => k !== 'name'))).toEqual([['configMap'], ['secret'], ['emptyDir']]);
  });

  test('egress to a CIDR with exceptions writes one policy on the daemon set', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => {
      const set = new HardenedDaemonSet(chart, 'agent', { containers: [agent] });
      set.allowEgressTo(Peer.cidr('10.0.0.0/8', { exceptCidrs: ['10.96.0.0/12'] }), { ports: [PolicyPort.tcp(443)] });
    });

    // THEN
    const allows = ofKind(manifests, 'NetworkPolicy').filter(p => p.spec.egress);
    expect(allows).toHaveLength(1);
    expect(allows[0].spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
  });

  describe('fails', () => {
    test('fails on a hostPath volume', () => {
      expect(() => synth(chart => new HardenedDaemonSet(chart, 'agent', {
        containers: [agent],
        volumes: [kplus.Volume.fromHostPath(chart, 'logs', 'logs', { path: '/var/log' })],
      }))).toThrow(/\[test\/agent\] volumes \(logs\): hostPath volumes expose the node's filesystem/);
    });

    test('fails on hostNetwork', () => {
      expect(() => synth(chart => new HardenedDaemonSet(chart, 'agent', { containers: [agent], hostNetwork: true })))
        .toThrow(/\[test\/agent\] hostNetwork: sharing the node's network namespace is refused/);
    });

    test('fails on a host port', () => {
      expect(() => synth(chart => new HardenedDaemonSet(chart, 'agent', { containers: [{ ...agent, ports: [{ number: 9100, hostPort: 9100 }] }] })))
        .toThrow(/containers\[0\]\.ports\[0\]\.hostPort: host ports are refused/);
    });

    test('fails on an added capability other than NET_BIND_SERVICE', () => {
      expect(() => synth(chart => new HardenedDaemonSet(chart, 'agent', {
        containers: [{ ...agent, securityContext: { capabilities: { add: [kplus.Capability.SYS_ADMIN] } } }],
      }))).toThrow(/containers\[0\]\.securityContext\.capabilities\.add: only NET_BIND_SERVICE may be added back/);
    });
  });
});
