import { App, Chart, ChartProps, Cron, Duration, Size } from 'cdk8s';
import { ConnectionScheme, Cpu, EnvValue, Probe, Service } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { exampleControlPlane } from './control-plane';
import { exampleAdmission } from './admission';
import { exampleRbac } from './rbac';
import {
  Compliance,
  HardenedCronJob,
  HardenedDeployment,
  HardenedJob,
  HardenedNamespace,
  HardenedStatefulSet,
  Peer,
  PolicyPort,
  SeparatedRbac,
} from '../src';

/** Small, explicit resources: the namespace quota must fit every replica's limits. */
const small = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};

/** The payment provider's API (a documentation range standing in for the real one). */
const PAYMENT_PROVIDER_CIDR = '203.0.113.0/24';
/** The object store the nightly report is uploaded to (documentation range). */
const REPORT_BUCKET_CIDR = '198.51.100.0/24';

/**
 * The example cluster: a shop a real team would run, in three namespaces, with exactly the
 * network paths it needs.
 *
 * - `storefront`: `web` (nginx front end, reached from the ingress controller) and `api`;
 * - `payments`: `payments-api` (images pinned by digest), which calls the payment provider;
 * - `data`: `orders-db` (PostgreSQL StatefulSet with a volume claim), `queue` (a 3-node NATS
 *   JetStream StatefulSet), `order-worker` (the queue consumer), the `db-migrate` Job and
 *   the `nightly-report` CronJob.
 *
 * Every namespace denies all traffic by default (DNS excepted); each path is a pair of
 * NetworkPolicies (egress on the caller, ingress on the callee) or one policy towards an
 * address block. The picture of the paths, computed from the synthesized policies
 * (`NetworkReachability`), is in the README's "Network allow-lists" section.
 */
export class ExampleCluster extends Chart {
  public readonly web: HardenedDeployment;
  public readonly api: HardenedDeployment;
  public readonly paymentsApi: HardenedDeployment;
  public readonly ordersDb: HardenedStatefulSet;
  public readonly queue: HardenedStatefulSet;
  public readonly orderWorker: HardenedDeployment;
  public readonly dbMigrate: HardenedJob;
  public readonly nightlyReport: HardenedCronJob;
  public readonly rbac: SeparatedRbac;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const storefront = new HardenedNamespace(this, 'storefront', { name: 'storefront' });
    const payments = new HardenedNamespace(this, 'payments', { name: 'payments' });
    const data = new HardenedNamespace(this, 'data', { name: 'data' });

    // --- storefront ------------------------------------------------------------------------

    this.web = new HardenedDeployment(this, 'web', {
      metadata: { name: 'web', namespace: storefront.namespaceName },
      replicas: 3,
      writablePaths: ['/tmp', '/var/cache/nginx'],
      containers: [{
        name: 'nginx',
        image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
        ports: [{ number: 8080, name: 'http' }],
        readiness: Probe.fromHttpGet('/', { port: 8080 }),
        liveness: Probe.fromTcpSocket({ port: 8080 }),
        resources: small,
      }],
    });

    this.api = new HardenedDeployment(this, 'api', {
      metadata: { name: 'api', namespace: storefront.namespaceName },
      replicas: 2,
      writablePaths: ['/tmp'],
      containers: [{
        name: 'api',
        image: 'registry.acme.example/storefront-api:2.14.0',
        ports: [{ number: 8443, name: 'https' }],

        readiness: Probe.fromHttpGet('/readyz', { port: 8443, scheme: ConnectionScheme.HTTPS }),
        liveness: Probe.fromHttpGet('/livez', { port: 8443, scheme: ConnectionScheme.HTTPS }),
        resources: small,
      }],
    });

    // --- payments --------------------------------------------------------------------------

    this.paymentsApi = new HardenedDeployment(this, 'payments-api', {
      metadata: { name: 'payments-api', namespace: payments.namespaceName },
      replicas: 2,
      requireImageDigest: true,
      initContainers: [{
        name: 'migrate',
        image: 'registry.acme.example/payments-migrate:3.1.0@sha256:6f1d3a9c0b7e4d2f8a5c1e9b3d7f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f',
        resources: small,
      }],
      containers: [{
        name: 'api',
        image: 'registry.acme.example/payments-api:3.1.0@sha256:0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f6f1d3a9c0b7e4d2f8a5c1e9b3d7f',
        ports: [{ number: 8443, name: 'https' }],
        readiness: Probe.fromHttpGet('/readyz', { port: 8443, scheme: ConnectionScheme.HTTPS }),
        liveness: Probe.fromHttpGet('/livez', { port: 8443, scheme: ConnectionScheme.HTTPS }),
        resources: small,
      }],
    });

    // --- data ------------------------------------------------------------------------------

    this.ordersDb = new HardenedStatefulSet(this, 'orders-db', {
      metadata: { name: 'orders-db', namespace: data.namespaceName },
      replicas: 1,
      // The postgres user of the official alpine image.
      runAsUser: 70,
      runAsGroup: 70,
      writablePaths: ['/var/run/postgresql', '/tmp'],
      volumeClaimTemplates: [{ name: 'pgdata', storage: Size.gibibytes(20), mountPath: '/var/lib/postgresql/data' }],
      containers: [{
        name: 'postgres',
        image: 'postgres:16.4-alpine3.20',
        ports: [{ number: 5432, name: 'postgres' }],
        readiness: Probe.fromCommand(['pg_isready', '-U', 'postgres']),
        liveness: Probe.fromTcpSocket({ port: 5432 }),
        envVariables: { PGDATA: EnvValue.fromValue('/var/lib/postgresql/data/pgdata') },
        resources: small,
      }],
    });

    // The governing Service gives the queue's pods stable names for the cluster routes.
    const queueRoutes = new Service(this, 'queue-routes', {
      metadata: { name: 'queue-routes', namespace: data.namespaceName },
      clusterIP: 'None',
      ports: [{ port: 6222, name: 'cluster' }],
    });
    const routes = [0, 1, 2].map(i => `nats://queue-${i}.queue-routes:6222`).join(',');
    this.queue = new HardenedStatefulSet(this, 'queue', {
      metadata: { name: 'queue', namespace: data.namespaceName },
      service: queueRoutes,
      replicas: 3,
      volumeClaimTemplates: [{ name: 'jetstream', storage: Size.gibibytes(5), mountPath: '/data' }],
      containers: [{
        name: 'nats',
        image: 'nats:2.10.22-alpine3.20',
        args: ['--jetstream', '--store_dir=/data', '--cluster_name=orders', '--cluster=nats://0.0.0.0:6222', '--http_port=8222', `--routes=${routes}`],
        ports: [{ number: 4222, name: 'client' }, { number: 6222, name: 'cluster' }, { number: 8222, name: 'monitor' }],
        readiness: Probe.fromHttpGet('/healthz?js-enabled-only=true', { port: 8222 }),
        liveness: Probe.fromTcpSocket({ port: 4222 }),
        resources: small,
      }],
    });

    this.orderWorker = new HardenedDeployment(this, 'order-worker', {
      metadata: { name: 'order-worker', namespace: data.namespaceName },
      replicas: 2,
      containers: [{
        name: 'worker',
        image: 'registry.acme.example/order-worker:1.6.3',
        resources: small,
      }],
    });

    this.dbMigrate = new HardenedJob(this, 'db-migrate', {
      metadata: { name: 'db-migrate', namespace: data.namespaceName },
      backoffLimit: 2,
      ttlAfterFinished: Duration.hours(1),
      containers: [{
        name: 'migrate',
        image: 'registry.acme.example/orders-migrate:2.14.0',
        resources: small,
      }],
    });

    this.nightlyReport = new HardenedCronJob(this, 'nightly-report', {
      metadata: { name: 'nightly-report', namespace: data.namespaceName },
      schedule: Cron.schedule({ minute: '30', hour: '2' }),
      timeZone: 'Etc/UTC',
      writablePaths: ['/tmp'],
      containers: [{
        name: 'report',
        image: 'registry.acme.example/nightly-report:1.8.0',
        resources: small,
      }],
    });

    // --- network paths -----------------------------------------------------------------------

    // The ingress controller (installed by the platform team) reaches the front end.
    this.web.exposeToPeers({
      port: 80,
      targetPort: 8080,
      serviceName: 'web',
      peers: [Peer.inNamespace('ingress-nginx', { podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' }, definedOutsideApp: true })],
    });
    this.api.exposeToPeers({ port: 443, targetPort: 8443, serviceName: 'api', peers: [Peer.workload(this.web)] });
    this.paymentsApi.exposeToPeers({ port: 443, targetPort: 8443, serviceName: 'payments-api', peers: [Peer.workload(this.api)] });
    this.paymentsApi.allowEgressTo(Peer.cidr(PAYMENT_PROVIDER_CIDR), { ports: [PolicyPort.tcp(443)] });

    this.ordersDb.exposeToPeers({
      port: 5432,
      serviceName: 'orders-db',
      peers: [this.api, this.paymentsApi, this.orderWorker, this.dbMigrate, this.nightlyReport].map(w => Peer.workload(w)),
    });
    this.queue.exposeToPeers({ port: 4222, serviceName: 'queue', peers: [Peer.workload(this.api), Peer.workload(this.orderWorker)] });
    // JetStream cluster routes between the queue's own pods.
    this.queue.allowIngressFrom(Peer.workload(this.queue), { ports: [PolicyPort.named('cluster')] });

    this.nightlyReport.allowEgressTo(Peer.cidr(REPORT_BUCKET_CIDR), { ports: [PolicyPort.tcp(443)] });

    // --- people and pipelines -----------------------------------------------------------------
    this.rbac = exampleRbac(this, [storefront.namespaceName, payments.namespaceName, data.namespaceName]);
    exampleAdmission(this, [storefront, payments, data]);
  }
}

/** Synthesizes the example cluster into `outdir`. */
export function synthExample(outdir: string): App {
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml' });
  new ExampleCluster(app, 'cluster');
  exampleControlPlane(app);
  // Every pack, at synth: an error-level finding fails app.synth() with the full list.
  Compliance.of(app).enable();
  app.synth();
  return app;
}

if (require.main === module) {
  const outdir = 'examples/dist';
  synthExample(outdir);
  // eslint-disable-next-line no-console
  console.log(`example cluster synthesized to ${outdir}/`);
}
