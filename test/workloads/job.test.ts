import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { HardenedJob } from '../../src';
import { expectIsolated, expectOwnIdentity, expectRestrictedPod, only, ofKind, small, synth } from '../helpers';

const migrate = { name: 'migrate', image: 'registry.acme.example/migrate:3.1.0', resources: small };

describe('HardenedJob', () => {
  test('defaults: restricted pod, own identity, isolation, restartPolicy Never', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => new HardenedJob(chart, 'migrate', {
      metadata: { namespace: 'data' },
      containers: [migrate],
    }));

    // THEN
    expect(manifests).toMatchSnapshot();
    const job = only(manifests, 'Job');
    const pod = job.spec.template.spec;
    const sa = expectOwnIdentity(manifests, 'data');
    expectRestrictedPod(pod, sa);
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.volumes).toBeUndefined();
    expectIsolated(manifests, job.spec.template.metadata.labels);
    expect(ofKind(manifests, 'PodDisruptionBudget')).toEqual([]);
  });

  test('job props pass through', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => new HardenedJob(chart, 'migrate', {
      containers: [migrate],
      backoffLimit: 2,
      activeDeadline: Duration.minutes(10),
      ttlAfterFinished: Duration.hours(1),
      restartPolicy: kplus.RestartPolicy.ON_FAILURE,
    }));

    // THEN
    const job = only(manifests, 'Job');
    expect(job.spec.backoffLimit).toBe(2);
    expect(job.spec.activeDeadlineSeconds).toBe(600);
    expect(job.spec.ttlSecondsAfterFinished).toBe(3600);
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  describe('fails', () => {
    test('fails on restartPolicy Always', () => {
      expect(() => synth(chart => new HardenedJob(chart, 'migrate', { containers: [migrate], restartPolicy: kplus.RestartPolicy.ALWAYS })))
        .toThrow(/\[test\/migrate\] restartPolicy: a Job's pods run to completion; the API server rejects Always; got "Always"/);
    });

    test('fails on an image tagged latest', () => {
      expect(() => synth(chart => new HardenedJob(chart, 'migrate', { containers: [{ ...migrate, image: 'registry.acme.example/migrate:latest' }] })))
        .toThrow(/containers\[0\]\.image: the "latest" tag is not reproducible/);
    });

    test('fails on running as root', () => {
      expect(() => synth(chart => new HardenedJob(chart, 'migrate', { containers: [migrate], runAsUser: 0 })))
        .toThrow(/runAsUser: id 0 is root/);
    });

    test('fails on a writable root filesystem', () => {
      expect(() => synth(chart => new HardenedJob(chart, 'migrate', { containers: [{ ...migrate, securityContext: { readOnlyRootFilesystem: false } }] })))
        .toThrow(/containers\[0\]\.securityContext\.readOnlyRootFilesystem: a writable root filesystem is refused/);
    });
  });
});
