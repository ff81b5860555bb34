import { ApiObject, Chart, Cron, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { HardenedCronJob, HardenedDaemonSet, HardenedDeployment, HardenedJob, HardenedStatefulSet, IHardenedWorkload } from '../../src';
import { Json, only, podSpecOf, small } from '../helpers';

// The cdk8s-plus API a hardened workload inherits, called the way a hurried user would: every
// call either goes through the pod-hardening core or is refused naming the hardened way, and
// what cannot be intercepted (a change to a returned object, a JSON patch) fails synthesis.

type Workload = kplus.Workload & IHardenedWorkload;
type Build = (chart: Chart, props?: Json) => Workload;

const app = { image: 'registry.acme.example/web:1.4.2', portNumber: 8080, resources: small };

const KINDS: Array<[string, Build]> = [
  ['HardenedDeployment', (c, p = {}) => new HardenedDeployment(c, 'web', { metadata: { namespace: 'shop' }, containers: [app], ...p })],
  ['HardenedStatefulSet', (c, p = {}) => new HardenedStatefulSet(c, 'web', { metadata: { namespace: 'shop' }, containers: [app], ...p })],
  ['HardenedDaemonSet', (c, p = {}) => new HardenedDaemonSet(c, 'web', { metadata: { namespace: 'shop' }, containers: [app], ...p })],
  ['HardenedJob', (c, p = {}) => new HardenedJob(c, 'web', { metadata: { namespace: 'shop' }, containers: [app], ...p })],
  ['HardenedCronJob', (c, p = {}) => new HardenedCronJob(c, 'web', { metadata: { namespace: 'shop' }, schedule: Cron.daily(), containers: [app], ...p })],
];

/** Builds a workload, applies `change`, and synthesizes the chart. */
function synthAfter(build: Build, change: (w: Workload, chart: Chart) => void, props?: Json): Json[] {
  const chart = Testing.chart();
  const w = build(chart, props);
  change(w, chart);
  return Testing.synth(chart) as Json[];
}

function workloadOf(manifests: Json[]): Json {
  return manifests.find(m => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(m.kind))!;
}

const AT_SYNTHESIS = /found in the synthesized manifest, so it was changed after construction/;

describe.each(KINDS)('%s: inherited members', (_name, build) => {
  describe('network', () => {
    test('fails for connections.allowFrom(NetworkPolicyIpBlock.anyIpv4()), naming allowIngressFrom and Peer.anywhere', () => {
      expect(() => synthAfter(build, (w, chart) => w.connections.allowFrom(kplus.NetworkPolicyIpBlock.anyIpv4(chart, 'any'))))
        .toThrow(/\[test\/web\] connections\.allowFrom: is refused on a hardened workload: .*0\.0\.0\.0\/0.*Fix: use allowIngressFrom\(peer, \{ ports \}\) .*Peer\.anywhere\("<reason>"\)/);
    });

    test('fails for connections.allowTo, naming allowEgressTo', () => {
      expect(() => synthAfter(build, (w, chart) => w.connections.allowTo(kplus.NetworkPolicyIpBlock.anyIpv4(chart, 'any'))))
        .toThrow(/\[test\/web\] connections\.allowTo: is refused .*Fix: use allowEgressTo\(peer, \{ ports \}\)/);
    });

    test('connections.isolate() keeps the single deny-all policy', () => {
      const manifests = synthAfter(build, w => w.connections.isolate());
      expect(manifests.filter(m => m.kind === 'NetworkPolicy')).toHaveLength(1);
    });

    test('connections.isolate() isolates a workload built with isolate: false', () => {
      const manifests = synthAfter(build, w => w.connections.isolate(), { isolate: false, isolationOffReason: 'isolated later, through connections.isolate()' });
      const [policy] = manifests.filter(m => m.kind === 'NetworkPolicy');
      expect([...policy.spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
    });
  });

  describe('containers', () => {
    test('fails for attachContainer of a container built outside the workload, naming addContainer', () => {
      expect(() => synthAfter(build, w => w.attachContainer(new kplus.Container({ image: 'nginx', ports: [{ number: 80, hostPort: 80 }], securityContext: { user: 0 } }))))
        .toThrow(/\[test\/web\] attachContainer: is refused on a hardened workload: a container built outside the workload skips every check .*Fix: add it with addContainer/);
    });

    test('containers added later, init containers included, are hardened containers', () => {
      const manifests = synthAfter(build, w => {
        w.addContainer({ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', resources: small });
        w.addInitContainer({ name: 'migrate', image: 'registry.acme.example/migrate:1.0.0', resources: small });
      });
      const pod = podSpecOf(workloadOf(manifests));
      expect(pod.initContainers.map((c: Json) => c.name)).toEqual(['migrate']);
      expect(pod.containers.map((c: Json) => c.name)).toEqual(['main', 'proxy']);
    });

    test('initContainers returns the hardened init containers', () => {
      const chart = Testing.chart();
      const w = build(chart, { initContainers: [{ image: 'busybox:1.36.1', resources: small }] });
      expect(w.initContainers.map(c => c.name)).toEqual(['init-0']);
      expect(() => w.initContainers[0].addPort({ number: 9000, hostPort: 9000 })).toThrow(/\[test\/web\] initContainers\[0\]\.addPort\.hostPort: host ports are refused/);
    });

    test('fails for an init container with a probe, as the API server would', () => {
      expect(() => synthAfter(build, w => w.addInitContainer({ image: 'busybox:1.36.1', readiness: kplus.Probe.fromTcpSocket({ port: 80 }) })))
        .toThrow(/\[test\/web\] initContainers\[0\]\.readiness: init containers run to completion .*Fix: remove the probe/);
    });

    test('fails for containers[0].addPort with a hostPort after construction', () => {
      expect(() => synthAfter(build, w => w.containers[0].addPort({ number: 9090, hostPort: 80 })))
        .toThrow(/\[test\/web\] containers\[0\]\.addPort\.hostPort: host ports are refused \(PSS baseline "HostPorts"; Kubescape C-0044\); got 80/);
    });

    test('fails for a port number or name used twice in the pod, before cdk8s-plus does', () => {
      expect(() => synthAfter(build, w => w.containers[0].addPort({ number: 8080 })))
        .toThrow(/\[test\/web\] containers\[0\]\.addPort\.number: port 8080\/TCP is already declared by this container; got 8080\. Fix: declare each port once per pod/);
      expect(() => synthAfter(build, w => {
        w.containers[0].addPort({ number: 9090, name: 'metrics' });
        w.containers[0].addPort({ number: 9091, name: 'metrics' });
      })).toThrow(/containers\[0\]\.addPort\.name: another port of this pod has the same name/);
      expect(() => synthAfter(build, w => w.addContainer({ image: 'proxy:1.0.0', portNumber: 8080, resources: small })))
        .toThrow(/containers\[1\]\.portNumber: port 8080\/TCP is already declared by another container of this pod/);
    });

    test('fails for env.addVariable with a literal credential, without repeating the value', () => {
      let message = '';
      try {
        synthAfter(build, w => w.containers[0].env.addVariable('DB_PASSWORD', kplus.EnvValue.fromValue('hunter2-prod')));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/\[test\/web\] containers\[0\]\.env\.DB_PASSWORD: its name suggests a credential: credentials belong in a Secret.*got "<literal, 12 characters>"\. Fix: reference a Secret: EnvValue\.fromSecretValue/);
      expect(message).not.toContain('hunter2');
    });

    test('env.addVariable with a Secret reference or a plain setting is kept', () => {
      const manifests = synthAfter(build, (w, chart) => {
        const secret = new kplus.Secret(chart, 'db');
        w.containers[0].env.addVariable('DB_PASSWORD', kplus.EnvValue.fromSecretValue({ secret, key: 'password' }));
        w.containers[0].env.addVariable('LOG_LEVEL', kplus.EnvValue.fromValue('info'));
      });
      const env = podSpecOf(workloadOf(manifests)).containers[0].env;
      expect(env.map((e: Json) => e.name)).toEqual(['DB_PASSWORD', 'LOG_LEVEL']);
      expect(env[0].valueFrom.secretKeyRef.key).toBe('password');
    });

    test('fails for mount() of a hostPath volume, a path in /proc or a writable volume over /usr/bin', () => {
      expect(() => synthAfter(build, (w, chart) => w.containers[0].mount('/host', kplus.Volume.fromHostPath(chart, 'hp', 'hp', { path: '/' }))))
        .toThrow(/\[test\/web\] containers\[0\]\.mount\("\/host"\)\.volume \(hp\): hostPath volumes expose the node's filesystem/);
      expect(() => synthAfter(build, (w, chart) => w.containers[0].mount('/proc/sys', kplus.Volume.fromEmptyDir(chart, 'e', 'e'))))
        .toThrow(/containers\[0\]\.mount\("\/proc\/sys"\)\.path: is in \/proc, a kernel pseudo-filesystem/);
      expect(() => synthAfter(build, (w, chart) => w.containers[0].mount('/usr/bin', kplus.Volume.fromEmptyDir(chart, 'e', 'e'))))
        .toThrow(/containers\[0\]\.mount\("\/usr\/bin"\)\.path: would make \/usr\/bin \(programs and libraries\) writable/);
      expect(() => synthAfter(build, (w, chart) => w.containers[0].mount('/data', kplus.Volume.fromEmptyDir(chart, 'e', 'e'), { propagation: kplus.MountPropagation.BIDIRECTIONAL })))
        .toThrow(/containers\[0\]\.mount\("\/data"\)\.propagation: Bidirectional mount propagation/);
    });

    test('a read-only ConfigMap may be mounted over a system directory; a writable volume below /etc is fine', () => {
      const manifests = synthAfter(build, (w, chart) => {
        const cm = new kplus.ConfigMap(chart, 'certs', { data: { 'ca.pem': 'x' } });
        w.containers[0].mount('/etc/ssl/certs', kplus.Volume.fromConfigMap(chart, 'cmv', cm));
        w.containers[0].mount('/etc/nginx/conf.d', kplus.Volume.fromEmptyDir(chart, 'conf', 'conf'));
      });
      expect(podSpecOf(workloadOf(manifests)).containers[0].volumeMounts.map((m: Json) => m.mountPath)).toEqual(['/etc/ssl/certs', '/etc/nginx/conf.d']);
    });
  });

  describe('changes that reach synthesis', () => {
    const mutations: Array<[string, (w: Workload, chart: Chart) => void, RegExp]> = [
      ['a container made privileged', w => { (w.containers[0].securityContext as any).privileged = true; },
        /\[test\/web\] spec\..*containers\[0\]\.securityContext\.privileged: privileged containers are refused/],
      ['a container allowed to escalate', w => { (w.containers[0].securityContext as any).allowPrivilegeEscalation = true; },
        /containers\[0\]\.securityContext\.allowPrivilegeEscalation: privilege escalation is refused/],
      ['a container running as user 0', w => { (w.containers[0].securityContext as any).user = 0; }, /containers\[0\]\.securityContext\.runAsUser: id 0 is root/],
      ['a container with a writable root filesystem', w => { (w.containers[0].securityContext as any).readOnlyRootFilesystem = false; }, /readOnlyRootFilesystem: a writable root filesystem is refused/],
      ['a container allowed to run as root', w => { (w.containers[0].securityContext as any).ensureNonRoot = false; }, /containers\[0\]\.securityContext\.runAsNonRoot: running as root is refused/],
      ['a container given SYS_ADMIN', w => { (w.containers[0].securityContext as any).capabilities = { add: [kplus.Capability.SYS_ADMIN] }; },
        /containers\[0\]\.securityContext\.capabilities\.add\[0\]: only NET_BIND_SERVICE may be added back .*got "SYS_ADMIN"/],
      ['the pod running as user 0', w => { (w.securityContext as any).user = 0; }, /spec\.securityContext\.runAsUser: id 0 is root/],
      ['the pod group 0', w => { (w.securityContext as any).group = 0; }, /spec\.securityContext\.runAsGroup: id 0 is root/],
      ['the pod fsGroup 0', w => { (w.securityContext as any).fsGroup = 0; }, /spec\.securityContext\.fsGroup: id 0 is root/],
      ['the pod allowed to run as root', w => { (w.securityContext as any).ensureNonRoot = false; }, /spec\.securityContext\.runAsNonRoot: running as root is refused/],
      ['the pod on the host network', w => { (w as any).hostNetwork = true; }, /spec\.hostNetwork: sharing the node's network namespace is refused/],
      ['the token mounted without a reason', w => { (w as any).automountServiceAccountToken = true; }, /spec\.automountServiceAccountToken: the service account token is mounted without a recorded reason/],
      ['an untagged image', w => { (w.containers[0] as any).image = 'nginx'; }, /containers\[0\]\.image: an image without a tag resolves to "latest"/],
      ['no resources', w => { (w.containers[0] as any).resources = {}; }, /containers\[0\]\.resources: missing or not above zero: requests\.cpu, requests\.memory, limits\.cpu, limits\.memory/],
      ['a hostPath pushed onto mounts', (w, chart) => { w.containers[0].mounts.push({ path: '/host', volume: kplus.Volume.fromHostPath(chart, 'hp', 'hp', { path: '/' }) }); },
        /spec\.volumes\[0\] \(hp\): hostPath volumes expose the node's filesystem/],
      ['a JSON patch turning privileged on', w => { ApiObject.of(w).addJsonPatch(JsonPatch.replace(`${podPath(w)}/containers/0/securityContext/privileged`, true)); },
        /containers\[0\]\.securityContext\.privileged: privileged containers are refused/],
      ['a JSON patch adding hostNetwork', w => { ApiObject.of(w).addJsonPatch(JsonPatch.replace(`${podPath(w)}/hostNetwork`, true)); }, /spec\.hostNetwork: sharing the node's network namespace is refused/],
      ['a JSON patch adding a hostPath volume', w => { ApiObject.of(w).addJsonPatch(JsonPatch.add(`${podPath(w)}/volumes`, [{ name: 'host', hostPath: { path: '/' } }])); },
        /spec\.volumes\[0\] \(host\): hostPath volumes expose the node's filesystem/],
      ['a JSON patch turning seccomp off', w => { ApiObject.of(w).addJsonPatch(JsonPatch.replace(`${podPath(w)}/securityContext/seccompProfile`, { type: 'Unconfined' })); },
        /spec\.securityContext\.seccompProfile: seccomp must stay on/],
      ['a JSON patch escaping the seccomp profile directory', w => {
        ApiObject.of(w).addJsonPatch(JsonPatch.replace(`${podPath(w)}/securityContext/seccompProfile`, { type: 'Localhost', localhostProfile: '../../etc/profile.json' }));
      }, /spec\.securityContext\.seccompProfile\.localhostProfile: must stay inside the kubelet's seccomp profile directory, but has a "\." or "\.\." segment/],
      ['a JSON patch adding a literal credential', w => { ApiObject.of(w).addJsonPatch(JsonPatch.add(`${podPath(w)}/containers/0/env`, [{ name: 'API_KEY', value: 'k-123456' }])); },
        /containers\[0\]\.env\[0\] \(API_KEY\): its name suggests a credential/],
      ['a JSON patch adding a credential to the args', w => { ApiObject.of(w).addJsonPatch(JsonPatch.add(`${podPath(w)}/containers/0/args`, ['--db-password=hunter2'])); },
        /containers\[0\]\.args\[0\]: flag --db-password is given a literal value: credentials belong in a Secret, not on a command line/],
      ['a moving tag set on a container', w => { (w.containers[0] as any).image = 'nginx:stable'; }, /containers\[0\]\.image: the "stable" tag is not reproducible/],
      ['a writable volume pushed onto mounts at /etc/ssl/certs', (w, chart) => { w.containers[0].mounts.push({ path: '/etc/ssl/certs', volume: kplus.Volume.fromEmptyDir(chart, 'certs', 'certs') }); },
        /volumeMounts\[0\]\.mountPath: would make \/etc\/ssl \(configuration programs trust/],
      ['an AppArmor annotation turning AppArmor off', w => { w.podMetadata.addAnnotation('container.apparmor.security.beta.kubernetes.io/main', 'unconfined'); },
        /metadata\.annotations\["container\.apparmor\.security\.beta\.kubernetes\.io\/main"\]: AppArmor must stay on/],
      ['the pod address label overwritten', w => { w.podMetadata.addLabel(kplus.Pod.ADDRESS_LABEL, 'someone-else'); },
        /metadata\.labels\["cdk8s\.io\/metadata\.addr"\]: the pod address label must stay/],
      ['the ServiceAccount removed from the tree', w => { w.node.tryRemoveChild('ServiceAccount'); }, /\[test\/web\] node: the workload's ServiceAccount was removed from the construct tree/],
      ['the deny-all policy removed from the tree', w => { w.node.tryRemoveChild('DefaultDenyAll'); }, /node: the workload's deny-all NetworkPolicy was removed/],
      ['the namespace changed', w => { (w.metadata as any).namespace = 'default'; }, /metadata\.namespace: is not the workload's namespace \(shop\)/],
    ];

    test.each(mutations)('fails synthesis for %s', (_what, change, error) => {
      expect(() => synthAfter(build, change)).toThrow(error);
    });

    test('the error says the value was changed after construction', () => {
      expect(() => synthAfter(build, w => { (w.containers[0].securityContext as any).privileged = true; })).toThrow(AT_SYNTHESIS);
    });

    test('fails app.synth() without Compliance enabled', () => {
      const a = Testing.app();
      const chart = new Chart(a, 'test');
      const w = build(chart);
      ApiObject.of(w).addJsonPatch(JsonPatch.replace(`${podPath(w)}/containers/0/securityContext/privileged`, true));
      expect(() => a.synth()).toThrow(/\[test\/web\] .*privileged: privileged containers are refused .*found in the synthesized manifest/);
    });

    test('a JSON patch that weakens nothing is kept', () => {
      const manifests = synthAfter(build, w => ApiObject.of(w).addJsonPatch(JsonPatch.add(`${podPath(w)}/priorityClassName`, 'critical')));
      expect(podSpecOf(workloadOf(manifests)).priorityClassName).toBe('critical');
    });
  });

  describe('identity', () => {
    test('serviceAccount is the workload\'s own ServiceAccount', () => {
      const chart = Testing.chart();
      const w = build(chart);
      expect(w.serviceAccount).toBe(w.workloadServiceAccount);
    });

    test('RoleBinding.addSubjects(workload), with a reason, binds its own ServiceAccount, with its namespace', () => {
      const manifests = synthAfter(build, (w, chart) => {
        const binding = new kplus.RoleBinding(chart, 'reader', { metadata: { namespace: 'shop' }, role: kplus.Role.fromRoleName(chart, 'role', 'config-reader') });
        binding.addSubjects(w);
        binding.metadata.addAnnotation('cdk8s-hardening.io/reason', 'reads its feature flags from ConfigMaps');
      });
      const binding = manifests.find(m => m.kind === 'RoleBinding' && m.roleRef.name === 'config-reader')!;
      const sa = only(manifests, 'ServiceAccount');
      expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'shop' }]);
    });

    test('fails for permissions.grantReadWrite, naming SeparatedRbac', () => {
      expect(() => synthAfter(build, (w, chart) => w.permissions.grantReadWrite(kplus.User.fromName(chart, 'dev', 'dev@acme.example'))))
        .toThrow(/\[test\/web\] permissions\.grantReadWrite: is refused on a hardened workload: .*Fix: grant it through SeparatedRbac/);
    });

    test('permissions.grantRead is kept', () => {
      const manifests = synthAfter(build, (w, chart) => w.permissions.grantRead(kplus.User.fromName(chart, 'dev', 'dev@acme.example')));
      expect(manifests.filter(m => m.kind === 'Role')).toHaveLength(2);
    });
  });
});

function podPath(w: Workload): string {
  return w instanceof HardenedCronJob ? '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec';
}

describe('HardenedDeployment: exposing', () => {
  const deployment = (chart: Chart) => new HardenedDeployment(chart, 'web', { metadata: { namespace: 'shop' }, containers: [app] });

  test('fails for exposeViaService, whose Service the deny-all policy blocks, naming exposeToPeers', () => {
    expect(() => deployment(Testing.chart()).exposeViaService({ serviceType: kplus.ServiceType.LOAD_BALANCER }))
      .toThrow(/\[test\/web\] exposeViaService: is refused on a hardened workload: the Service it creates is blocked by the deny-all policy .*LoadBalancer outside any quota; got \[\{"serviceType":"LoadBalancer"\}\]\. Fix: use exposeToPeers\(\{ port, peers \}\)/);
  });

  test('fails for exposeViaIngress, naming exposeToPeers', () => {
    expect(() => deployment(Testing.chart()).exposeViaIngress('/'))
      .toThrow(/\[test\/web\] exposeViaIngress: is refused .*Fix: expose the port with exposeToPeers\(\{ port, peers: \[Peer\.inNamespace/);
  });
});

describe('HardenedStatefulSet: the governing Service', () => {
  const set = (chart: Chart) => new HardenedStatefulSet(chart, 'db', { metadata: { namespace: 'data' }, containers: [{ ...app, portNumber: 5432 }] });

  test('fails for service.exposeViaIngress, naming exposeToPeers', () => {
    expect(() => set(Testing.chart()).service.exposeViaIngress('/'))
      .toThrow(/\[test\/db-headless\] exposeViaIngress: is refused on a hardened workload: .*Fix: expose the port with exposeToPeers/);
  });

  test('fails synthesis when the governing Service stops being headless', () => {
    const chart = Testing.chart();
    const s = set(chart);
    (s.service as any).type = kplus.ServiceType.LOAD_BALANCER;
    expect(() => Testing.synth(chart)).toThrow(/\[test\/db-headless\] spec\.type: the governing Service of a hardened StatefulSet stays headless .*"type":"LoadBalancer"/);
  });
});
