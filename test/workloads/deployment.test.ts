import { ApiObject, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { HardenedDeployment } from '../../src';
import { ackAnnotation } from '../../src/standards/annotations';
import { expectRestrictedPod, Json, only, small, synth } from '../helpers';

describe('HardenedDeployment', () => {
  test('defaults: restricted pod and container security, own service account, isolation', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', {
      metadata: { namespace: 'storefront' },
      containers: [{ image: 'registry.acme.example/web:1.2.3', portNumber: 8080 }],
    }));

    // THEN
    expect(manifests).toMatchSnapshot();
    const deployment = only(manifests, 'Deployment');
    const pod = deployment.spec.template.spec;
    const sa = only(manifests, 'ServiceAccount');
    expectRestrictedPod(pod, sa.metadata.name);
    expect(pod.volumes).toBeUndefined();
    const [container] = pod.containers;
    // the HardenedNamespace LimitRange defaults, not cdk8s-plus-27's 1 CPU requests
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });

    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata.namespace).toBe('storefront');

    const role = only(manifests, 'Role');
    expect(role.rules ?? []).toEqual([]);
    const binding = only(manifests, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'storefront' }]);

    const policy = only(manifests, 'NetworkPolicy');
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect([...policy.spec.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
    expect(policy.spec.ingress).toBeUndefined();
    expect(policy.spec.egress).toBeUndefined();
  });

  test('exposes the effective identity', () => {
    const chart = Testing.chart();
    const d = new HardenedDeployment(chart, 'web', { metadata: { namespace: 'shop' }, containers: [{ image: 'web:1.0.0' }] });
    expect(d.serviceAccountName).toBe(d.workloadServiceAccount.name);
    expect(d.workloadNamespace).toBe('shop');
    expect(d.workloadRole.metadata.namespace).toBe('shop');
  });

  test('init containers and containers added after construction are hardened too', () => {
    const manifests = synth(chart => {
      const d = new HardenedDeployment(chart, 'web', {
        initContainers: [{ image: 'busybox:1.36.1', resources: small }],
        containers: [{ image: 'web:1.0.0', resources: small }],
      });
      d.addContainer({ image: 'envoyproxy/envoy:v1.31.2', resources: small });
      d.addInitContainer({ image: 'busybox:1.36.1', resources: small });
    });
    const pod = only(manifests, 'Deployment').spec.template.spec;
    const all = [...pod.initContainers, ...pod.containers];
    expect(all.map((c: Json) => c.name)).toEqual(['init-0', 'init-1', 'main', 'main-1']);
    for (const c of all) {
      expect(c.securityContext.capabilities).toEqual({ drop: ['ALL'] });
      expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(c.securityContext.privileged).toBe(false);
      expect(c.securityContext.runAsNonRoot).toBe(true);
    }
  });

  test('user and group are settable per workload and per container', () => {
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', {
      runAsUser: 10001,
      runAsGroup: 10002,
      fsGroup: 10003,
      containers: [
        { name: 'app', image: 'web:1.0.0' },
        { name: 'sidecar', image: 'proxy:2.0.0', securityContext: { user: 20001, group: 20002 } },
      ],
    }));
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10002, fsGroup: 10003 });
    expect(pod.containers[0].securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10002 });
    expect(pod.containers[1].securityContext).toMatchObject({ runAsUser: 20001, runAsGroup: 20002 });
  });

  test('fsGroup follows runAsGroup when unset', () => {
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', { runAsGroup: 3000, containers: [{ image: 'web:1.0.0' }] }));
    expect(only(manifests, 'Deployment').spec.template.spec.securityContext.fsGroup).toBe(3000);
  });

  test('NET_BIND_SERVICE may be added back; ALL is still dropped', () => {
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', {
      containers: [{ image: 'web:1.0.0', securityContext: { capabilities: { add: [kplus.Capability.NET_BIND_SERVICE] } } }],
    }));
    expect(only(manifests, 'Deployment').spec.template.spec.containers[0].securityContext.capabilities)
      .toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
  });

  test('writablePaths mounts a bounded emptyDir per path into every container', () => {
    const manifests = synth(chart => {
      const d = new HardenedDeployment(chart, 'web', {
        writablePaths: ['/tmp', '/var/cache/nginx/'],
        writablePathSizeLimit: Size.mebibytes(64),
        containers: [{ image: 'web:1.0.0' }],
      });
      d.addContainer({ name: 'later', image: 'proxy:2.0.0' });
    });
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: 'writable-0', emptyDir: { sizeLimit: '64Mi' } },
      { name: 'writable-1', emptyDir: { sizeLimit: '64Mi' } },
    ]);
    for (const c of pod.containers) {
      expect(c.volumeMounts).toEqual([
        { mountPath: '/tmp', name: 'writable-0' },
        { mountPath: '/var/cache/nginx', name: 'writable-1' },
      ]);
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    }
  });

  test('image digests are accepted, and can be required', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', {
      requireImageDigest: true,
      containers: [{ image: `registry.acme.example/web@${digest}` }, { image: `localhost:5000/web:1.0@${digest}` }],
    }));
    expect(only(manifests, 'Deployment').spec.template.spec.containers.map((c: Json) => c.image))
      .toEqual([`registry.acme.example/web@${digest}`, `localhost:5000/web:1.0@${digest}`]);
  });

  test('a Localhost seccomp profile replaces RuntimeDefault', () => {
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', { seccompLocalhostProfile: 'profiles/web.json', containers: [{ image: 'web:1.0.0' }] }));
    expect(only(manifests, 'Deployment').spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/web.json' });
  });

  test('a cloud identity annotation goes on the service account; the token stays unmounted', () => {
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', {
      serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'web@acme.iam.gserviceaccount.com' },
      containers: [{ image: 'web:1.0.0' }],
    }));
    expect(only(manifests, 'ServiceAccount').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'web@acme.iam.gserviceaccount.com' });
    expect(only(manifests, 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('mounting the token needs a reason, which is recorded', () => {
    const manifests = synth(chart => new HardenedDeployment(chart, 'ctl', {
      automountServiceAccountToken: true,
      automountServiceAccountTokenReason: 'controller watches ConfigMaps in its namespace',
      containers: [{ image: 'ctl:1.0.0' }],
    }));
    const d = only(manifests, 'Deployment');
    expect(d.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(d.metadata.annotations['cdk8s-hardening.io/automount-token-reason']).toBe('controller watches ConfigMaps in its namespace');
  });

  test('isolation can be turned off explicitly, with a reason the YAML records', () => {
    const reason = 'the namespace policy of the mesh isolates these pods (NET-12)';
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', { isolate: false, isolationOffReason: reason, containers: [{ image: 'web:1.0.0' }] }));
    expect(manifests.filter(m => m.kind === 'NetworkPolicy')).toHaveLength(0);
    expect(only(manifests, 'Deployment').metadata.annotations[ackAnnotation('NetworkPolicySelectsWorkload')]).toBe(`not isolated: ${reason}`);
  });

  test('fails to turn isolation off without a reason', () => {
    expect(() => synth(chart => new HardenedDeployment(chart, 'web', { isolate: false, containers: [{ image: 'web:1.0.0' }] })))
      .toThrow(/\[test\/web\] isolationOffReason: an exception to a security default needs a reason .*; got nothing\. Fix: say why/);
  });

  test('fails on a reason to turn isolation off while the pods stay isolated', () => {
    expect(() => synth(chart => new HardenedDeployment(chart, 'web', { isolationOffReason: 'the mesh isolates these pods', containers: [{ image: 'web:1.0.0' }] })))
      .toThrow(/isolationOffReason: a reason is given but the pods are isolated/);
  });

  test('the ApiObject escape hatch still works and comes after hardening', () => {
    const manifests = synth(chart => {
      const d = new HardenedDeployment(chart, 'web', { containers: [{ image: 'web:1.0.0' }] });
      ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'critical'));
    });
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.priorityClassName).toBe('critical');
    expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('configMap, secret and emptyDir volumes are accepted', () => {
    const manifests = synth(chart => {
      const cm = new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } });
      const d = new HardenedDeployment(chart, 'web', {
        volumes: [kplus.Volume.fromConfigMap(chart, 'cmv', cm)],
        containers: [{ image: 'web:1.0.0' }],
      });
      d.containers[0].mount('/etc/web', kplus.Volume.fromEmptyDir(chart, 'scratch', 'scratch'));
    });
    const names = only(manifests, 'Deployment').spec.template.spec.volumes.map((v: Json) => Object.keys(v).filter(k => k !== 'name')[0]);
    expect(names.sort()).toEqual(['configMap', 'emptyDir']);
  });

  describe('rejected input', () => {
    const d = (props: any) => () => new HardenedDeployment(Testing.chart(), 'web', props);

    test('fails for an image without a tag', () => {
      expect(d({ containers: [{ image: 'nginx' }] })).toThrow(/\[test\/web\] containers\[0\]\.image: an image without a tag .*got "nginx"\. Fix: pin a version tag \("nginx:1\.2\.3"\)/);
    });
    test('fails for the latest tag', () => {
      expect(d({ containers: [{ image: 'registry.acme.example/web:latest' }] })).toThrow(/containers\[0\]\.image: the "latest" tag is not reproducible; got "registry.acme.example\/web:latest"/);
    });
    test('fails for a malformed image reference', () => {
      expect(d({ containers: [{ image: 'Web App:1.0' }] })).toThrow(/containers\[0\]\.image: is not a valid image reference; got "Web App:1\.0"/);
      expect(d({ containers: [{ image: 'web@sha256:123' }] })).toThrow(/is not a valid image reference/);
    });
    test('fails for a tag when a digest is required', () => {
      expect(d({ requireImageDigest: true, containers: [{ image: 'web:1.0.0' }] })).toThrow(/containers\[0\]\.image: a digest is required because requireImageDigest is set; got "web:1\.0\.0"/);
    });
    test('fails for a privileged container', () => {
      expect(d({ containers: [{ image: 'web:1.0.0', securityContext: { privileged: true } }] })).toThrow(/\[test\/web\] containers\[0\]\.securityContext\.privileged: privileged containers are refused .*got true\. Fix:/);
    });
    test('fails for privilege escalation', () => {
      expect(d({ containers: [{ image: 'web:1.0.0', securityContext: { allowPrivilegeEscalation: true } }] })).toThrow(/containers\[0\]\.securityContext\.allowPrivilegeEscalation: privilege escalation is refused/);
    });
    test('fails for a root user, at pod and container level', () => {
      expect(d({ runAsUser: 0, containers: [{ image: 'web:1.0.0' }] })).toThrow(/\[test\/web\] runAsUser: id 0 is root.*got 0/);
      expect(d({ securityContext: { user: 0 }, containers: [{ image: 'web:1.0.0' }] })).toThrow(/securityContext\.user: id 0 is root/);
      expect(d({ containers: [{ image: 'web:1.0.0', securityContext: { user: 0 } }] })).toThrow(/containers\[0\]\.securityContext\.user: id 0 is root/);
      expect(d({ runAsGroup: 0, containers: [{ image: 'web:1.0.0' }] })).toThrow(/runAsGroup: id 0 is root/);
      expect(d({ runAsUser: -5, containers: [{ image: 'web:1.0.0' }] })).toThrow(/runAsUser: must be a whole number from 1 to 2147483647; got -5/);
    });
    test('fails for ensureNonRoot false', () => {
      expect(d({ securityContext: { ensureNonRoot: false }, containers: [{ image: 'web:1.0.0' }] })).toThrow(/securityContext\.ensureNonRoot: running as root is refused/);
      expect(d({ containers: [{ image: 'web:1.0.0', securityContext: { ensureNonRoot: false } }] })).toThrow(/containers\[0\]\.securityContext\.ensureNonRoot/);
    });
    test('fails for a writable root filesystem, pointing at writablePaths', () => {
      expect(d({ containers: [{ image: 'web:1.0.0', securityContext: { readOnlyRootFilesystem: false } }] })).toThrow(/readOnlyRootFilesystem: a writable root filesystem is refused.*writablePaths/);
    });
    test('fails for a forbidden capability', () => {
      expect(d({ containers: [{ image: 'web:1.0.0', securityContext: { capabilities: { add: [kplus.Capability.SYS_ADMIN] } } }] }))
        .toThrow(/containers\[0\]\.securityContext\.capabilities\.add: only NET_BIND_SERVICE may be added back .*got "CAP_SYS_ADMIN"/);
    });
    test('fails for hostNetwork', () => {
      expect(d({ hostNetwork: true, containers: [{ image: 'web:1.0.0' }] })).toThrow(/\[test\/web\] hostNetwork: sharing the node's network namespace is refused/);
    });
    test('fails for a hostPort', () => {
      expect(d({ containers: [{ image: 'web:1.0.0', ports: [{ number: 8080, hostPort: 80 }] }] })).toThrow(/containers\[0\]\.ports\[0\]\.hostPort: host ports are refused.*got 80/);
    });
    test('fails for a hostPath volume, given or mounted later', () => {
      expect(() => {
        const chart = Testing.chart();
        new HardenedDeployment(chart, 'web', { volumes: [kplus.Volume.fromHostPath(chart, 'hp', 'hp', { path: '/var/run' })], containers: [{ image: 'web:1.0.0' }] });
      }).toThrow(/\[test\/web\] volumes \(hp\): hostPath volumes expose the node's filesystem/);
      expect(() => {
        const chart = Testing.chart();
        const w = new HardenedDeployment(chart, 'web', { containers: [{ image: 'web:1.0.0' }] });
        w.containers[0].mount('/host', kplus.Volume.fromHostPath(chart, 'hp', 'hp', { path: '/' }));
      }).toThrow(/\[test\/web\] containers\[0\]\.mount\("\/host"\)\.volume \(hp\): hostPath volumes expose the node's filesystem .*; got "hostPath"/);
    });
    test('fails for volume types outside the restricted list', () => {
      expect(() => {
        const chart = Testing.chart();
        new HardenedDeployment(chart, 'web', {
          volumes: [kplus.Volume.fromAwsElasticBlockStore(chart, 'ebs', 'vol-1')],
          containers: [{ image: 'web:1.0.0' }],
        });
      }).toThrow(/volumes \(.*\): only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret volumes are allowed.*got "awsElasticBlockStore"/);
    });
    test('fails for ports out of range', () => {
      expect(d({ containers: [{ image: 'web:1.0.0', portNumber: 70000 }] })).toThrow(/containers\[0\]\.portNumber: must be a whole port number from 1 to 65535; got 70000/);
      expect(d({ containers: [{ image: 'web:1.0.0', ports: [{ number: 0 }] }] })).toThrow(/containers\[0\]\.ports\[0\]\.number: must be a whole port number/);
    });
    test('fails for invalid and duplicate container names', () => {
      expect(d({ containers: [{ name: 'Web_App', image: 'web:1.0.0' }] })).toThrow(/containers\[0\]\.name: must be a DNS-1123 label; got "Web_App"|containers\[0\]\.name: must be a DNS-1123 label/);
      expect(d({ containers: [{ name: 'app', image: 'web:1.0.0' }, { name: 'app', image: 'web:1.0.0' }] })).toThrow(/containers\[1\]\.name: another container of this pod has the same name; got "app"/);
    });
    test('fails for incomplete or inverted resources', () => {
      expect(d({ containers: [{ image: 'web:1.0.0', resources: { cpu: { request: kplus.Cpu.millis(100) } } }] }))
        .toThrow(/containers\[0\]\.resources: CPU and memory requests and limits are all required .*missing cpu\.limit, memory\.request, memory\.limit/);
      expect(d({ containers: [{ image: 'web:1.0.0', resources: { ...small, cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.millis(500) } } }] }))
        .toThrow(/containers\[0\]\.resources\.cpu: the request is larger than the limit/);
      expect(d({ containers: [{ image: 'web:1.0.0', resources: { ...small, memory: { request: Size.gibibytes(1), limit: Size.mebibytes(256) } } }] }))
        .toThrow(/containers\[0\]\.resources\.memory: the request is larger than the limit/);
    });
    test('fails for unsafe sysctls', () => {
      expect(d({ securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] }, containers: [{ image: 'web:1.0.0' }] }))
        .toThrow(/securityContext\.sysctls: only the sysctls of the Pod Security Standards baseline "Sysctls" list are allowed; got "kernel.msgmax"/);
    });
    test('fails for a shared service account', () => {
      expect(() => {
        const chart = Testing.chart();
        new HardenedDeployment(chart, 'web', { serviceAccount: new kplus.ServiceAccount(chart, 'shared'), containers: [{ image: 'web:1.0.0' }] });
      }).toThrow(/\[test\/web\] serviceAccount: every hardened workload has its own ServiceAccount/);
    });
    test('fails for a token mount without a reason, and a reason without a mount', () => {
      expect(d({ automountServiceAccountToken: true, containers: [{ image: 'web:1.0.0' }] })).toThrow(/automountServiceAccountTokenReason: an exception to a security default needs a reason of at least 10 characters; got nothing/);
      expect(d({ automountServiceAccountToken: true, automountServiceAccountTokenReason: 'needed', containers: [{ image: 'web:1.0.0' }] })).toThrow(/got "needed"/);
      expect(d({ automountServiceAccountTokenReason: 'watches config maps', containers: [{ image: 'web:1.0.0' }] })).toThrow(/a reason is given but the token is not mounted/);
    });
    test('fails for contradictory user settings', () => {
      expect(d({ runAsUser: 1000, securityContext: { user: 2000 }, containers: [{ image: 'web:1.0.0' }] })).toThrow(/runAsUser: contradicts securityContext\.user \(2000\); got 1000/);
    });
    test('fails for bad writable paths', () => {
      expect(d({ writablePaths: ['tmp'], containers: [{ image: 'web:1.0.0' }] })).toThrow(/writablePaths\[0\]: is not an absolute path; got "tmp"/);
      expect(d({ writablePaths: ['/tmp', '/tmp/'], containers: [{ image: 'web:1.0.0' }] })).toThrow(/writablePaths\[1\]: is listed twice/);
    });
    test('fails for an invalid object name or namespace', () => {
      expect(d({ metadata: { name: 'Web_App' }, containers: [{ image: 'web:1.0.0' }] })).toThrow(/\[test\/web\] metadata\.name: must be a DNS-1123 subdomain .*; got "Web_App"/);
      expect(d({ metadata: { namespace: 'pay.ments' }, containers: [{ image: 'web:1.0.0' }] })).toThrow(/\[test\/web\] metadata\.namespace: must be a DNS-1123 label .*; got "pay\.ments"/);
    });
    test('fails for an absolute seccomp profile path', () => {
      expect(d({ seccompLocalhostProfile: '/var/lib/kubelet/seccomp/p.json', containers: [{ image: 'web:1.0.0' }] })).toThrow(/seccompLocalhostProfile: must be a path relative/);
    });
  });
});
