// Objects the tests send to the test cluster: the example cluster as it synthesizes, the upstream
// CRDs kube/build.sh fetched, and what a cluster without controllers lacks (ResourceQuota status).
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { loadAll } from 'js-yaml';
import { applyAll, cluster, eventually, forgetDiscovery, request } from './client';
import { ExampleCluster } from '../../examples/main';

type Json = Record<string, any>;

/** The example cluster's workload chart (examples/main.ts), as `npm run example` writes it to cluster.k8s.yaml. */
export function exampleObjects(): Json[] {
  const app = new App();
  const chart: Chart = new ExampleCluster(app, 'cluster');
  return chart.toJson() as Json[];
}

/** Kinds of the pod-template owners, and where their pod template is. */
export const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The Pod a workload's controller would create from its template (or the object, when a Pod). */
export function podOf(o: Json, name = o.metadata.name): Json | undefined {
  if (o.kind === 'Pod') return o;
  const at = POD_TEMPLATE_PATHS[o.kind];
  if (!at) return undefined;
  const template = at.reduce<any>((x, k) => x?.[k], o);
  if (!template?.spec) return undefined;
  // the StatefulSet controller adds a volume for each claim template, bound to the pod's claim
  const claims: Json[] = o.kind === 'StatefulSet' ? (o.spec.volumeClaimTemplates ?? []) : [];
  const volumes = [
    ...(template.spec.volumes ?? []),
    ...claims.map(c => ({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${o.metadata.name}-0` } })),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...(template.metadata ?? {}), name, namespace: o.metadata.namespace },
    spec: { ...template.spec, ...(volumes.length > 0 ? { volumes } : {}) },
  };
}

/**
 * The test cluster's kube-controller-manager runs no quota controller, so nobody computes a ResourceQuota's status, and admission
 * refuses pods in a namespace whose quota has none: the tests write it, hard as the spec, nothing used.
 */
export async function fillQuotaStatus(objects: readonly Json[]): Promise<void> {
  for (const q of objects.filter(o => o.kind === 'ResourceQuota')) {
    const hard = q.spec?.hard ?? {};
    const used = Object.fromEntries(Object.keys(hard).map(k => [k, '0']));
    const a = await request('admin', 'PATCH', `/api/v1/namespaces/${q.metadata.namespace}/resourcequotas/${q.metadata.name}/status`,
      { status: { hard, used } }, 'application/merge-patch+json');
    if (a.status !== 200) throw new Error(`ResourceQuota ${q.metadata.namespace}/${q.metadata.name} status: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
  }
}

/** The folder of the CRDs kube/build.sh fetched from the upstream projects' Go modules. */
export function crdFile(name: string): string {
  return path.join(path.dirname(cluster().binDir), 'crds', name);
}

/** The upstream CRDs of sigstore policy-controller's ClusterImagePolicy and Kyverno's ClusterPolicy. */
export const UPSTREAM_CRDS = {
  sigstore: 'sigstore-clusterimagepolicy.yaml',
  kyverno: 'kyverno-clusterpolicy.yaml',
};

/**
 * Installs an upstream CRD as published and waits until it is served. One change: a conversion
 * webhook (policy-controller's, which no test runs) becomes `None`, so objects of a version that is
 * not the storage version can be stored; the schemas are upstream's.
 */
export async function installCrd(name: string): Promise<Json> {
  const crd = loadAll(fs.readFileSync(crdFile(name), 'utf-8')).find((d: any) => d?.kind === 'CustomResourceDefinition') as Json;
  if (crd.spec.conversion?.strategy === 'Webhook') crd.spec.conversion = { strategy: 'None' };
  await applyAll([crd]);
  await eventually(`CRD ${crd.metadata.name} established`, async () => {
    const a = await request('admin', 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
    return (a.body?.status?.conditions ?? []).some((c: Json) => c.type === 'Established' && c.status === 'True');
  });
  forgetDiscovery();
  return crd;
}
