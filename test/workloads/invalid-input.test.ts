import { Cron, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { HardenedCronJob, HardenedDaemonSet, HardenedDeployment, HardenedJob, HardenedStatefulSet } from '../../src';
import { Json, only, small, synth } from '../helpers';

// Input that cdk8s-plus accepts and the API server or the kubelet would refuse, or run weaker:
// each is an error when the construct is created, naming the construct path, the field, the
// value and the fix; and none surfaces as a cdk8s-plus or cdk8s error without a path.

const image = 'registry.acme.example/web:1.4.2';
const deployment = (props: Json) => () => new HardenedDeployment(Testing.chart(), 'web', { containers: [{ image, resources: small }], ...props });
const cronJob = (schedule: Cron, props: Json = {}) => () => new HardenedCronJob(Testing.chart(), 'report', { schedule, containers: [{ image, resources: small }], ...props });

describe('replicas', () => {
  test.each([-1, 1.5, Number.NaN])('fails for replicas %p on a Deployment and a StatefulSet', replicas => {
    expect(deployment({ replicas })).toThrow(/\[test\/web\] replicas: must be a whole number, 0 or more; got .*\. Fix: set the number of pods, e.g\. replicas: 3/);
    expect(() => new HardenedStatefulSet(Testing.chart(), 'db', { replicas, containers: [{ image, portNumber: 5432, resources: small }] }))
      .toThrow(/\[test\/db\] replicas: must be a whole number, 0 or more/);
  });

  test('0 replicas (scaled down) is accepted, without a disruption budget', () => {
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', { replicas: 0, containers: [{ image, resources: small }] }));
    expect(only(manifests, 'Deployment').spec.replicas).toBe(0);
    expect(manifests.filter(m => m.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  test('fails at synthesis when replicas was changed to a negative number afterwards', () => {
    const chart = Testing.chart();
    const d = new HardenedDeployment(chart, 'web', { containers: [{ image, resources: small }] });
    (d as any).replicas = -1;
    expect(() => Testing.synth(chart)).toThrow(/\[test\/web\] spec\.replicas: must be a whole number, 0 or more; found in the synthesized manifest/);
  });
});

describe('CronJob schedule', () => {
  test.each([
    ['70 * * * *', /minute "70": 70 is outside 0-59/],
    ['0 24 * * *', /hour "24": 24 is outside 0-23/],
    ['0 0 0 * *', /day of month "0": 0 is outside 1-31/],
    ['0 0 * 13 *', /month "13": 13 is outside 1-12/],
    ['0 0 * * 7', /day of week "7": 7 is outside 0-6/],
    ['0 0 * FOO *', /month "FOO": "FOO" is neither a number 1-12 nor one of JAN, FEB/],
    ['*/0 * * * *', /minute "\*\/0": "\*\/0": the step must be a whole number, 1 or more/],
    ['30-10 * * * *', /the range "30-10" ends before it starts/],
    ['0 0 31 2 *', /never fires: day of month "31" does not occur in month "2"/],
    ['0 0 * *', /has 4 fields; a schedule has five/],
    ['@every 1h', /"@every 1h" is not one of the macros @yearly/],
    ['TZ=Europe/Paris 0 2 * * *', /sets a time zone in the schedule, which the API server refuses/],
    ['', /schedule: is empty/],
  ])('fails for %p', (expression, error) => {
    expect(cronJob(Cron.schedule(toOptions(expression)))).toThrow(error);
    expect(cronJob(Cron.schedule(toOptions(expression)))).toThrow(/\[test\/report\] schedule: .*Fix: write five fields "minute hour day-of-month month day-of-week"/);
  });

  test.each([
    Cron.daily(), Cron.hourly(), Cron.weekly(), Cron.monthly(), Cron.annually(), Cron.everyMinute(),
    Cron.schedule({ minute: '*/15', hour: '8-18', weekDay: 'MON-FRI' }),
    Cron.schedule({ minute: '0', hour: '0', day: '29', month: '2' }),
    Cron.schedule({ minute: '5,35', hour: '3', day: '?', month: 'jan-jun/2', weekDay: 'sun' }),
  ])('accepts %p', schedule => {
    expect(cronJob(schedule)).not.toThrow();
  });

  test('fails at synthesis when the schedule was replaced afterwards', () => {
    const chart = Testing.chart();
    const job = new HardenedCronJob(chart, 'report', { schedule: Cron.daily(), containers: [{ image, resources: small }] });
    (job as any).schedule = Cron.schedule({ minute: '99' });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/report\] spec\.schedule: minute "99": 99 is outside 0-59; found in the synthesized manifest/);
  });

  test('fails for a startingDeadline below 10 seconds and ttlAfterFinished with retained runs, before cdk8s-plus does', () => {
    expect(cronJob(Cron.daily(), { startingDeadline: Duration.seconds(5) })).toThrow(/\[test\/report\] startingDeadline: is below 10 seconds.*got "5s"/);
    expect(cronJob(Cron.daily(), { ttlAfterFinished: Duration.hours(1), successfulJobsRetained: 3 })).toThrow(/\[test\/report\] ttlAfterFinished: deletes finished runs/);
  });
});

/** A five-field expression as the options of `Cron.schedule`. */
function toOptions(expression: string): { minute?: string; hour?: string; day?: string; month?: string; weekDay?: string } {
  if (expression === '' || expression.startsWith('@') || expression.startsWith('TZ=')) return { minute: expression, hour: '', day: '', month: '', weekDay: '' };
  const [minute, hour, day, month, weekDay] = expression.split(' ');
  return { minute, hour, day, month, weekDay: weekDay ?? '' };
}

describe('writablePaths', () => {
  test.each([
    ['/proc', /is in \/proc, a kernel pseudo-filesystem/],
    ['/sys/fs/cgroup', /is in \/sys, a kernel pseudo-filesystem/],
    ['/dev/shm', /is in \/dev, a kernel pseudo-filesystem/],
    ['/usr/bin', /would make \/usr\/bin \(programs and libraries\) writable/],
    ['/usr/local', /would make \/usr\/local\/bin \(programs and libraries\) writable/],
    ['/lib/modules', /would make \/lib \(programs and libraries\) writable/],
    ['/etc', /would replace \/etc \(system configuration\) with a writable volume/],
    ['/etc/ssl/certs', /would make \/etc\/ssl \(configuration programs trust: certificates, sudo, cron, PAM, the dynamic linker\) writable/],
    ['/etc/sudoers.d', /would make \/etc\/sudoers\.d \(configuration programs trust/],
    ['/etc/cron.d', /would make \/etc\/cron\.d \(configuration programs trust/],
    ['/', /is the root directory itself/],
    ['//tmp', /has an empty segment \("\/\/"\)/],
    ['tmp', /is not an absolute path/],
    ['/var/../usr/bin', /has a "\." or "\.\." segment/],
    ['/tmp/./cache', /has a "\." or "\.\." segment/],
    ['/data:rw', /contains ":"/],
  ])('fails for %p', (path, error) => {
    expect(deployment({ writablePaths: [path] })).toThrow(error);
    expect(deployment({ writablePaths: [path] })).toThrow(/\[test\/web\] writablePaths\[0\]: .*Fix: list the directory the application writes to/);
  });

  test('accepts application directories, below /etc and /usr/share too', () => {
    const paths = ['/tmp', '/var/run', '/var/cache/nginx/', '/etc/nginx/conf.d', '/usr/share/nginx/html', '/opt/app/data'];
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', { writablePaths: paths, containers: [{ image, resources: small }] }));
    expect(only(manifests, 'Deployment').spec.template.spec.containers[0].volumeMounts.map((m: Json) => m.mountPath))
      .toEqual(['/tmp', '/var/run', '/var/cache/nginx', '/etc/nginx/conf.d', '/usr/share/nginx/html', '/opt/app/data']);
  });

  test('fails for a writablePathSizeLimit of 0 or a fraction of a mebibyte', () => {
    expect(deployment({ writablePaths: ['/tmp'], writablePathSizeLimit: Size.mebibytes(0) })).toThrow(/\[test\/web\] writablePathSizeLimit: an emptyDir limited to 0 evicts the pod on its first write; got "0Mi"/);
    expect(deployment({ writablePaths: ['/tmp'], writablePathSizeLimit: Size.kibibytes(1536) })).toThrow(/writablePathSizeLimit: must be a whole number of mebibytes.*got "1536Ki"/);
  });

  test('fails for a volume claim template over a system directory', () => {
    expect(() => new HardenedStatefulSet(Testing.chart(), 'db', {
      volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), mountPath: '/usr/lib' }],
      containers: [{ image, portNumber: 5432, resources: small }],
    })).toThrow(/\[test\/db\] volumeClaimTemplates\[0\]\.mountPath: would make \/usr\/lib \(programs and libraries\) writable/);
  });
});

describe('seccompLocalhostProfile', () => {
  test.each(['../../etc/shadow', 'profiles/../../x.json', 'profiles//api.json', ''])('fails for %p', profile => {
    expect(deployment({ seccompLocalhostProfile: profile })).toThrow(/\[test\/web\] seccompLocalhostProfile: must be a path relative to the kubelet's seccomp profile directory that stays inside it, but /);
  });

  test('accepts a relative path inside the profile directory', () => {
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', { seccompLocalhostProfile: 'profiles/api.json', containers: [{ image, resources: small }] }));
    expect(only(manifests, 'Deployment').spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/api.json' });
  });
});

describe('resources', () => {
  const withResources = (resources: kplus.ContainerResources) => deployment({ containers: [{ image, resources }] });

  test('fails for a CPU or memory limit of 0, which the kubelet reads as no limit', () => {
    expect(withResources({ ...small, cpu: { request: kplus.Cpu.millis(0), limit: kplus.Cpu.millis(0) } }))
      .toThrow(/\[test\/web\] containers\[0\]\.resources\.cpu\.request: a request of 0 reserves nothing/);
    expect(withResources({ ...small, cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.units(0) } }))
      .toThrow(/\[test\/web\] containers\[0\]\.resources\.cpu\.limit: a limit of 0 means no limit to the kubelet .*got "0"\. Fix: use a CPU amount above zero/);
    expect(withResources({ ...small, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(0) } }))
      .toThrow(/containers\[0\]\.resources\.memory\.limit: a limit of 0 means no limit to the kubelet.*got "0Mi"/);
    expect(withResources({ ...small, memory: { request: Size.mebibytes(0), limit: Size.mebibytes(256) } }))
      .toThrow(/containers\[0\]\.resources\.memory\.request: a request of 0 reserves nothing/);
  });

  test('fails for memory that is not a whole number of mebibytes, before cdk8s-plus fails to render it', () => {
    expect(withResources({ ...small, memory: { request: Size.kibibytes(100), limit: Size.mebibytes(256) } }))
      .toThrow(/\[test\/web\] containers\[0\]\.resources\.memory\.request: must be a whole number of mebibytes .*got "100Ki"/);
  });
});

describe('container ports', () => {
  test('fails for a port number or name declared twice in a container, before cdk8s-plus does', () => {
    expect(deployment({ containers: [{ image, ports: [{ number: 8080 }, { number: 8080 }] }] }))
      .toThrow(/\[test\/web\] containers\[0\]\.ports\[1\]\.number: port 8080\/TCP is already declared by this container; got 8080/);
    expect(deployment({ containers: [{ image, portNumber: 8080, ports: [{ number: 8080, name: 'http' }] }] }))
      .toThrow(/containers\[0\]\.ports\[0\]\.number: port 8080\/TCP is already declared by this container/);
    expect(deployment({ containers: [{ image, ports: [{ number: 8080, name: 'http' }, { number: 8081, name: 'http' }] }] }))
      .toThrow(/containers\[0\]\.ports\[1\]\.name: another port of this pod has the same name.*got "http"/);
  });

  test('the same number with another protocol is a different port', () => {
    expect(deployment({ containers: [{ image, ports: [{ number: 53, name: 'dns-tcp' }, { number: 53, name: 'dns-udp', protocol: kplus.Protocol.UDP }] }] })).not.toThrow();
  });

  test('fails for a port declared by two containers of the pod, which share its network', () => {
    expect(deployment({ containers: [{ image, portNumber: 8080 }, { name: 'proxy', image, ports: [{ number: 8080 }] }] }))
      .toThrow(/\[test\/web\] containers\[1\]\.ports\[0\]\.number: port 8080\/TCP is already declared by another container of this pod/);
  });

  test('fails for port and portNumber both set', () => {
    expect(deployment({ containers: [{ image, port: 8080, portNumber: 8080 }] })).toThrow(/\[test\/web\] containers\[0\]\.port: is the deprecated spelling of portNumber, and both are set/);
  });
});

describe('images', () => {
  test.each(['nginx:stable', 'alpine:edge', 'ubuntu:rolling', 'nginx:Mainline'])('fails for %p: a moving tag names a channel, not a version', moving => {
    expect(deployment({ containers: [{ image: moving, resources: small }] })).toThrow(/\[test\/web\] containers\[0\]\.image: the "\w+" tag is not reproducible/);
  });

  test('accepts a version tag that contains a channel word, and a moving tag with a digest', () => {
    const pinned = `nginx:stable@sha256:${'a'.repeat(64)}`;
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', { containers: [{ image: 'nginx:1.27-stable', resources: small }, { name: 'side', image: pinned, resources: small }] }));
    expect(only(manifests, 'Deployment').spec.template.spec.containers.map((c: Json) => c.image)).toEqual(['nginx:1.27-stable', pinned]);
  });
});

describe('other container props', () => {
  test.each([
    [{ args: ['--db-password=hunter2'] }, /containers\[0\]\.args\[0\]: flag --db-password is given a literal value: credentials belong in a Secret, not on a command line/],
    [{ args: ['--token', 's3cr3t-value'] }, /containers\[0\]\.args\[1\]: flag --token is given a literal value/],
    [{ command: ['/app', '--dsn=postgres://admin:S3cr3t@db/app'] }, /containers\[0\]\.command\[1\]: it looks like a password in a URL/],
  ])('fails for a credential on the command line: %j', (cmd, error) => {
    expect(deployment({ containers: [{ image, resources: small, ...cmd }] })).toThrow(error);
    expect(deployment({ containers: [{ image, resources: small, ...cmd }] })).toThrow(/got "<literal, \d+ characters>"\. Fix: pass a variable the container reads from a Secret/);
  });

  test('accepts command-line references to a Secret', () => {
    const args = ['--db-password=$(DB_PASSWORD)', '--token-file', '/var/run/secrets/token', '--dsn=postgres://app:$(DB_PASSWORD)@db/app'];
    const manifests = synth(chart => new HardenedDeployment(chart, 'web', { containers: [{ image, resources: small, args }] }));
    expect(only(manifests, 'Deployment').spec.template.spec.containers[0].args).toEqual(args);
  });

  test.each([
    ['DATABASE_URL', 'postgres://admin:S3cr3t@db/app', /its value looks like a password in a URL/],
    ['DB_PASS', 'S3cr3t', /its name suggests a credential/],
  ])('fails for a literal %s', (name, value, error) => {
    expect(deployment({ containers: [{ image, resources: small, envVariables: { [name]: kplus.EnvValue.fromValue(value) } }] })).toThrow(error);
  });

  test('fails for a literal credential in envVariables', () => {
    expect(deployment({ containers: [{ image, envVariables: { GITHUB_TOKEN: kplus.EnvValue.fromValue('ghp_' + 'a'.repeat(36)) } }] }))
      .toThrow(/\[test\/web\] containers\[0\]\.envVariables\.GITHUB_TOKEN: its value looks like a GitHub token: credentials belong in a Secret.*got "<literal, 40 characters>"/);
  });

  test('fails for a hostPath in volumeMounts', () => {
    expect(() => {
      const chart = Testing.chart();
      new HardenedDeployment(chart, 'web', { containers: [{ image, volumeMounts: [{ path: '/host', volume: kplus.Volume.fromHostPath(chart, 'hp', 'hp', { path: '/' }) }] }] });
    }).toThrow(/\[test\/web\] containers\[0\]\.volumeMounts\[0\]\.volume \(hp\): hostPath volumes expose the node's filesystem/);
  });

  test('fails for two volumes of the same name, before cdk8s-plus does', () => {
    expect(() => {
      const chart = Testing.chart();
      const d = new HardenedDeployment(chart, 'web', { containers: [{ image }] });
      d.addVolume(kplus.Volume.fromEmptyDir(chart, 'a', 'cache'));
      d.addVolume(kplus.Volume.fromEmptyDir(chart, 'b', 'cache'));
    }).toThrow(/\[test\/web\] volumes \(cache\): the pod already has a volume of this name/);
  });
});

describe('restartPolicy', () => {
  test.each([
    ['HardenedDeployment', () => new HardenedDeployment(Testing.chart(), 'w', { restartPolicy: kplus.RestartPolicy.NEVER, containers: [{ image }] })],
    ['HardenedStatefulSet', () => new HardenedStatefulSet(Testing.chart(), 'w', { restartPolicy: kplus.RestartPolicy.ON_FAILURE, containers: [{ image, portNumber: 80 }] })],
    ['HardenedDaemonSet', () => new HardenedDaemonSet(Testing.chart(), 'w', { restartPolicy: kplus.RestartPolicy.NEVER, containers: [{ image }] })],
  ])('fails for %s with a restartPolicy other than Always', (_kind, build) => {
    expect(build).toThrow(/\[test\/w\] restartPolicy: the API server accepts only Always for a (Deployment|StatefulSet|DaemonSet); got "(Never|OnFailure)"/);
  });

  test('a Job keeps Never and OnFailure', () => {
    expect(() => new HardenedJob(Testing.chart(), 'w', { restartPolicy: kplus.RestartPolicy.ON_FAILURE, containers: [{ image }] })).not.toThrow();
  });
});
