import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HardenedDeployment, HardenedNamespace } from '../src';

/** Small, explicit resources: the namespace quota must fit every replica's limits. */
const small = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};

/**
 * The example cluster: a storefront (web front end and API) and a payments namespace.
 */
export class ExampleCluster extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const storefront = new HardenedNamespace(this, 'storefront', { name: 'storefront' });
    const payments = new HardenedNamespace(this, 'payments', { name: 'payments' });

    new HardenedDeployment(this, 'web', {
      metadata: { namespace: storefront.namespaceName },
      replicas: 3,
      writablePaths: ['/tmp', '/var/cache/nginx'],
      containers: [{
        name: 'nginx',
        image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
        portNumber: 8080,
        resources: small,
      }],
    });

    new HardenedDeployment(this, 'api', {
      metadata: { namespace: storefront.namespaceName },
      replicas: 2,
      writablePaths: ['/tmp'],
      containers: [{
        name: 'api',
        image: 'ghcr.io/acme/storefront-api:2.14.0',
        portNumber: 8443,
        resources: small,
      }],
    });

    new HardenedDeployment(this, 'payments-api', {
      metadata: { namespace: payments.namespaceName },
      replicas: 2,
      requireImageDigest: true,
      initContainers: [{
        name: 'migrate',
        image: 'ghcr.io/acme/payments-migrate:3.1.0@sha256:6f1d3a9c0b7e4d2f8a5c1e9b3d7f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f',
        resources: small,
      }],
      containers: [{
        name: 'api',
        image: 'ghcr.io/acme/payments-api:3.1.0@sha256:0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f6f1d3a9c0b7e4d2f8a5c1e9b3d7f',
        portNumber: 8443,
        resources: small,
      }],
    });
  }
}

/** Synthesizes the example cluster into `outdir`. */
export function synthExample(outdir: string): App {
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml' });
  new ExampleCluster(app, 'cluster');
  app.synth();
  return app;
}

if (require.main === module) {
  const outdir = 'examples/dist';
  synthExample(outdir);
  // eslint-disable-next-line no-console
  console.log(`example cluster synthesized to ${outdir}/`);
}
