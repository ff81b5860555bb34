import { Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { HardenedCronJob, Peer, PolicyPort } from '../../src';
import { expectIsolated, expectOwnIdentity, expectRestrictedPod, only, ofKind, podSpecOf, small, synth } from '../helpers';

const report = { name: 'report', image: 'registry.acme.example/nightly-report:1.8.0', resources: small };
const nightly = Cron.schedule({ minute: '30', hour: '2' });

describe('HardenedCronJob', () => {
  test('defaults: restricted pod, own identity, isolation, Forbid concurrency', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => new HardenedCronJob(chart, 'report', {
      metadata: { namespace: 'data' },
      schedule: nightly,
      containers: [report],
    }));

    // THEN
    expect(manifests).toMatchSnapshot();
    const cron = only(manifests, 'CronJob');
    const pod = podSpecOf(cron);
    const sa = expectOwnIdentity(manifests, 'data');
    expectRestrictedPod(pod, sa);
    expect(pod.restartPolicy).toBe('Never');
    expect(cron.spec.schedule).toBe('30 2 * * *');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expectIsolated(manifests, cron.spec.jobTemplate.spec.template.metadata.labels);
    expect(ofKind(manifests, 'PodDisruptionBudget')).toEqual([]);
  });

  test('cron job props pass through and its pods get the allow-lists', () => {
    // GIVEN / WHEN
    const manifests = synth(chart => {
      const cron = new HardenedCronJob(chart, 'report', {
        metadata: { namespace: 'data' },
        schedule: nightly,
        timeZone: 'Europe/Paris',
        startingDeadline: Duration.minutes(5),
        backoffLimit: 1,
        containers: [report],
      });
      cron.allowEgressTo(Peer.cidr('203.0.113.10/32'), { ports: [PolicyPort.tcp(443)] });
    });

    // THEN
    const cron = only(manifests, 'CronJob');
    expect(cron.spec.timeZone).toBe('Europe/Paris');
    expect(cron.spec.startingDeadlineSeconds).toBe(300);
    expect(cron.spec.jobTemplate.spec.backoffLimit).toBe(1);
    const egress = ofKind(manifests, 'NetworkPolicy').filter(p => p.spec.egress);
    expect(egress).toHaveLength(1);
    expect(egress[0].metadata.name).toBe(`${cron.metadata.name}-allow-egress-to-cidr-203-0-113-10-32`);
    expect(egress[0].spec.podSelector.matchLabels).toEqual(cron.spec.jobTemplate.spec.template.metadata.labels);
  });

  describe('fails', () => {
    test('fails on restartPolicy Always', () => {
      expect(() => synth(chart => new HardenedCronJob(chart, 'report', { schedule: nightly, containers: [report], restartPolicy: kplus.RestartPolicy.ALWAYS })))
        .toThrow(/\[test\/report\] restartPolicy: a CronJob's pods run to completion/);
    });

    test('fails on a service account of its own choosing', () => {
      expect(() => synth(chart => new HardenedCronJob(chart, 'report', {
        schedule: nightly,
        containers: [report],
        serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'shared', 'shared'),
      }))).toThrow(/serviceAccount: every hardened workload has its own ServiceAccount/);
    });

    test('fails on a token mounted without a reason', () => {
      expect(() => synth(chart => new HardenedCronJob(chart, 'report', { schedule: nightly, containers: [report], automountServiceAccountToken: true })))
        .toThrow(/automountServiceAccountTokenReason: an exception to a security default needs a reason/);
    });
  });
});
