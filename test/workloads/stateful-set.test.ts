import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DisruptionBudget, HardenedStatefulSet, TopologySpread } from '../../src';
import { expectIsolated, expectOwnIdentity, expectRestrictedPod, only, ofKind, small, synth } from '../helpers';

const postgres = { name: 'postgres', image: 'postgres:16.4-alpine', portNumber: 5432, resources: small };

describe('HardenedStatefulSet', () => {
  test('defaults: restricted pod, own identity, isolation, headless service, no budget for one replica', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => new HardenedStatefulSet(chart, 'db', {
      metadata: { namespace: 'data' },
      containers: [postgres],
    }));

    // THEN
    expect(manifests).toMatchSnapshot();
    const set = only(manifests, 'StatefulSet');
    const pod = set.spec.template.spec;
    const sa = expectOwnIdentity(manifests, 'data');
    expectRestrictedPod(pod, sa);
    expect(pod.volumes).toBeUndefined();
    expect(pod.topologySpreadConstraints).toBeUndefined();
    expect(set.spec.replicas).toBe(1);
    expect(set.spec.volumeClaimTemplates).toBeUndefined();
    expectIsolated(manifests, set.spec.selector.matchLabels);
    expect(ofKind(manifests, 'PodDisruptionBudget')).toEqual([]);

    const service = only(manifests, 'Service');
    expect(set.spec.serviceName).toBe(service.metadata.name);
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ port: 5432, targetPort: 5432 }]);
    expect(service.spec.selector).toEqual(set.spec.selector.matchLabels);
    expect(service.metadata.namespace).toBe('data');
  });

  test('volume claim templates are emitted and mounted in every container', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => new HardenedStatefulSet(chart, 'db', {
      metadata: { namespace: 'data' },
      containers: [postgres, { name: 'exporter', image: 'registry.acme.example/mirror/postgres-exporter:v0.15.0', resources: small }],
      writablePaths: ['/var/run/postgresql'],
      volumeClaimTemplates: [
        { name: 'data', storage: Size.gibibytes(20), mountPath: '/var/lib/postgresql/data/', storageClassName: 'fast-ssd' },
        { name: 'wal', storage: Size.mebibytes(512), mountPath: '/wal', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] },
      ],
    }));

    // THEN
    const set = only(manifests, 'StatefulSet');
    expect(set.spec.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '20Gi' } } } },
      { metadata: { name: 'wal' }, spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '512Mi' } } } },
    ]);
    for (const container of set.spec.template.spec.containers) {
      expect(container.volumeMounts).toEqual([
        { name: 'writable-0', mountPath: '/var/run/postgresql' },
        { name: 'data', mountPath: '/var/lib/postgresql/data' },
        { name: 'wal', mountPath: '/wal' },
      ]);
    }
    // Claim volumes are added by the StatefulSet controller, not listed as pod volumes.
    expect(set.spec.template.spec.volumes.map((v: { name: string }) => v.name)).toEqual(['writable-0']);
  });

  test('replicated: PodDisruptionBudget maxUnavailable 1 and soft spread over nodes', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => new HardenedStatefulSet(chart, 'db', {
      metadata: { namespace: 'data' }, replicas: 3, containers: [postgres],
    }));

    // THEN
    const set = only(manifests, 'StatefulSet');
    const labels = set.spec.selector.matchLabels;
    const pdb = only(manifests, 'PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.metadata).toEqual({ name: set.metadata.name, namespace: 'data' });
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: labels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(set.spec.template.spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } },
    ]);
  });

  test('budget and spread can be chosen or switched off', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => {
      new HardenedStatefulSet(chart, 'quorum', {
        replicas: 5,
        containers: [postgres],
        disruptionBudget: DisruptionBudget.minAvailable(3),
        topologySpread: TopologySpread.across({ topologyKey: 'topology.kubernetes.io/zone' }),
      });
      new HardenedStatefulSet(chart, 'plain', {
        replicas: 3,
        containers: [postgres],
        disruptionBudget: DisruptionBudget.off(),
        topologySpread: TopologySpread.off(),
      });
    });

    // THEN
    const pdb = only(manifests, 'PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toBe(3);
    expect(pdb.spec.maxUnavailable).toBeUndefined();
    const [quorum, plain] = ofKind(manifests, 'StatefulSet');
    expect(quorum.spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(plain.spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('a given service is used as the governing service', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => {
      const service = new kplus.Service(chart, 'governing', { clusterIP: 'None', ports: [{ port: 5432 }] });
      new HardenedStatefulSet(chart, 'db', { service, containers: [postgres] });
    });

    // THEN
    const service = only(manifests, 'Service');
    expect(only(manifests, 'StatefulSet').spec.serviceName).toBe(service.metadata.name);
  });

  describe('fails', () => {
    const build = (props: Partial<ConstructorParameters<typeof HardenedStatefulSet>[2]>) => () => synth(chart => new HardenedStatefulSet(chart, 'db', { containers: [postgres], ...props }));

    test('fails on a hostPath volume', () => {
      expect(() => synth(chart => {
        const set = new HardenedStatefulSet(chart, 'db', { containers: [postgres] });
        set.addVolume(kplus.Volume.fromHostPath(chart, 'host', 'host', { path: '/var/lib' }));
      })).toThrow(/\[test\/db\] volumes \(host\): hostPath volumes expose the node's filesystem.*got "hostPath"/);
    });

    test('fails on an NFS volume', () => {
      expect(() => synth(chart => new HardenedStatefulSet(chart, 'db', {
        containers: [postgres],
        volumes: [kplus.Volume.fromNfs(chart, 'nfs', 'nfs', { server: 'nfs.internal', path: '/exports' })],
      }))).toThrow(/volumes \(nfs\): only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret volumes are allowed/);
    });

    test('fails on a privileged container', () => {
      expect(build({ containers: [{ ...postgres, securityContext: { privileged: true } }] })).toThrow(/containers\[0\]\.securityContext\.privileged: privileged containers are refused/);
    });

    test('fails on a claim template name that is not a DNS label', () => {
      expect(build({ volumeClaimTemplates: [{ name: 'Data_1', storage: Size.gibibytes(1), mountPath: '/data' }] }))
        .toThrow(/volumeClaimTemplates\[0\]\.name: must be a DNS-1123 label .*; got "Data_1"/);
    });

    test('fails on two claim templates with the same name', () => {
      expect(build({
        volumeClaimTemplates: [
          { name: 'data', storage: Size.gibibytes(1), mountPath: '/a' },
          { name: 'data', storage: Size.gibibytes(1), mountPath: '/b' },
        ],
      })).toThrow(/volumeClaimTemplates\[1\]\.name: another volume claim template has the same name/);
    });

    test('fails on a relative mount path', () => {
      expect(build({ volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: 'data' }] }))
        .toThrow(/volumeClaimTemplates\[0\]\.mountPath: is not an absolute path; got "data"/);
    });

    test('fails on a mount path used by a writable path', () => {
      expect(build({ writablePaths: ['/data'], volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: '/data' }] }))
        .toThrow(/volumeClaimTemplates\[0\]\.mountPath: is already used/);
    });

    test('fails on zero storage', () => {
      expect(build({ volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(0), mountPath: '/data' }] }))
        .toThrow(/volumeClaimTemplates\[0\]\.storage: must be more than zero/);
    });

    test('fails on an invalid storage class name', () => {
      expect(build({ volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: '/data', storageClassName: 'Fast SSD' }] }))
        .toThrow(/volumeClaimTemplates\[0\]\.storageClassName: must be a DNS-1123 subdomain/);
    });

    test('fails on an empty access mode list', () => {
      expect(build({ volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: '/data', accessModes: [] }] }))
        .toThrow(/volumeClaimTemplates\[0\]\.accessModes: must list at least one access mode/);
    });

    test('fails on a claim template named like a pod volume', () => {
      expect(build({ writablePaths: ['/tmp'], volumeClaimTemplates: [{ name: 'writable-0', storage: Size.gibibytes(1), mountPath: '/data' }] }))
        .toThrow(/volumeClaimTemplates \(writable-0\): has the name of a volume of the pod/);
    });

    test('fails without a container port and without a service', () => {
      expect(build({ containers: [{ image: 'postgres:16.4-alpine', resources: small }] }))
        .toThrow(/\[test\/db\] containers: a StatefulSet needs a governing Service/);
    });

    test('fails on minAvailable not below the replicas', () => {
      expect(build({ replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(3) }))
        .toThrow(/disruptionBudget\.minAvailable: is not below the replicas \(3\), which blocks every node drain; got 3/);
    });

    test('fails on maxUnavailable 0', () => {
      expect(build({ replicas: 3, disruptionBudget: DisruptionBudget.maxUnavailable(0) }))
        .toThrow(/disruptionBudget\.maxUnavailable: 0 blocks every node drain/);
    });

    test('fails on a topology spread max skew of 0', () => {
      expect(build({ replicas: 3, topologySpread: TopologySpread.across({ maxSkew: 0 }) }))
        .toThrow(/topologySpread\.maxSkew: must be a whole number, 1 or more; got 0/);
    });

    test('fails on a topology key that is not a label key', () => {
      expect(build({ replicas: 3, topologySpread: TopologySpread.across({ topologyKey: 'not a key' }) }))
        .toThrow(/topologySpread\.topologyKey: is not a node label key; got "not a key"/);
    });
  });
});
