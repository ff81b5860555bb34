import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Compliance, CompliancePack, HardenedDeployment } from '../../src';
import { Json, small } from '../helpers';

// Changes made after the workload's check in synth has run (a validation added later, a value
// that answers differently when it is read again, a Chart.toJson override) are checked where the
// output is written: the final check reads what is actually written.

const app = { image: 'registry.acme.example/web:1.4.2', portNumber: 8080, resources: small };
const AT_SYNTHESIS = /found in the synthesized manifest, so it was changed after construction/;

function deployment(scope: Construct): HardenedDeployment {
  return new HardenedDeployment(scope, 'web', { metadata: { namespace: 'shop' }, containers: [app] });
}

/** A validation that runs after the workload's (on a construct added after it) and changes the workload. */
function lateValidation(scope: Construct, change: () => void): void {
  new Construct(scope, `late${scope.node.children.length}`).node.addValidation({ validate: () => { change(); return []; } });
}

describe('changes after the check in synth', () => {
  test('fails for a later validation that mounts a writable emptyDir over /etc', () => {
    const chart = Testing.chart();
    const d = deployment(chart);
    const etc = kplus.Volume.fromEmptyDir(chart, 'etc', 'etc');
    lateValidation(chart, () => { d.containers[0].mounts.push({ path: '/etc', volume: etc }); });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/web\] spec\.template\.spec\.containers\[0\]\.volumeMounts\[0\]\.mountPath: would replace \/etc \(system configuration\) with a writable volume/);
  });

  test('fails for a later validation that mounts a writable emptyDir over /usr/bin, under app.synth()', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'late-'));
    const a = new App({ outdir });
    const chart = new Chart(a, 'test');
    const d = deployment(chart);
    const bin = kplus.Volume.fromEmptyDir(chart, 'bin', 'bin');
    lateValidation(chart, () => { d.containers[0].mounts.push({ path: '/usr/bin', volume: bin }); });
    expect(() => a.synth()).toThrow(/would make \/usr\/bin \(programs and libraries\) writable/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('fails for a value that answers differently the second time it is read', () => {
    const chart = Testing.chart();
    const d = deployment(chart);
    let reads = 0;
    Object.defineProperty(d.containers[0].securityContext, 'privileged', { get: () => reads++ > 0 });
    expect(() => Testing.synth(chart)).toThrow(/containers\[0\]\.securityContext\.privileged: privileged containers are refused/);
    expect(reads).toBeGreaterThan(1);
  });

  test('fails for a later JSON patch that turns hostNetwork on', () => {
    const chart = Testing.chart();
    const d = deployment(chart);
    lateValidation(chart, () => ApiObject.of(d).addJsonPatch(JsonPatch.replace('/spec/template/spec/hostNetwork', true)));
    expect(() => Testing.synth(chart)).toThrow(/spec\.hostNetwork: sharing the node's network namespace is refused/);
  });

  test('fails for a Chart.toJson override that weakens the workload in the output', () => {
    class Weakening extends Chart {
      public toJson(): any[] {
        return super.toJson().map((o: Json) => o.kind === 'Deployment'
          ? { ...o, spec: { ...o.spec, template: { ...o.spec.template, spec: { ...o.spec.template.spec, hostPID: true } } } }
          : o);
      }
    }
    const chart = new Weakening(Testing.app(), 'test');
    deployment(chart);
    expect(() => chart.toJson()).toThrow(/\[test\/web\] spec\.template\.spec\.hostPID: sharing the node's process or IPC namespace is refused/);
  });

  test('fails for a Chart.toJson override that drops the workload\'s deny-all policy', () => {
    class Dropping extends Chart {
      public toJson(): any[] {
        return super.toJson().filter((o: Json) => o.kind !== 'NetworkPolicy');
      }
    }
    const chart = new Dropping(Testing.app(), 'test');
    deployment(chart);
    expect(() => chart.toJson()).toThrow(/\[test\/web\] node: the workload's NetworkPolicy .* is missing from the chart's output/);
  });

  test('fails app.synth() with one file per chart for a Chart.toJson override, writing nothing', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'late-'));
    class Weakening extends Chart {
      public toJson(): any[] {
        return super.toJson().map((o: Json) => o.kind === 'Role' ? { ...o, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] } : o);
      }
    }
    const a = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    deployment(new Weakening(a, 'test'));
    expect(() => a.synth()).toThrow(/Role\.rules: the workload's own Role stays empty/);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('a chart without changes synthesizes as before, and a harmless late change is kept', () => {
    const chart = Testing.chart();
    const d = deployment(chart);
    lateValidation(chart, () => ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'critical')));
    const manifests = Testing.synth(chart) as Json[];
    expect(manifests.find(m => m.kind === 'Deployment')!.spec.template.spec.priorityClassName).toBe('critical');
  });

  test('the error says the value was changed after construction', () => {
    const chart = Testing.chart();
    const d = deployment(chart);
    lateValidation(chart, () => { (d.containers[0].securityContext as any).privileged = true; });
    expect(() => Testing.synth(chart)).toThrow(AT_SYNTHESIS);
  });
});

describe('changes to the files after synthesis: only the command sees them', () => {
  function written(): Json[] {
    const chart = Testing.chart();
    deployment(chart);
    return Testing.synth(chart) as Json[];
  }
  const check = (objects: Json[]) => Compliance.checkManifests(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }), { packs: [CompliancePack.NSA_CISA] });
  const rulesOf = (objects: Json[]) => [...new Set(check(objects).findings.map(f => f.ruleId))].sort();

  test('the output as written passes the command', () => {
    expect(rulesOf(written())).toEqual([]);
  });

  test('fails the command for an output edited after synthesis: a writable /etc, a projected token, rules in the Role, a binding to view', () => {
    // (a copy: the synthesized output itself is what the suite records for the self-check)
    const objects = JSON.parse(JSON.stringify(written())) as Json[];
    const pod = objects.find(o => o.kind === 'Deployment')!.spec.template.spec;
    pod.volumes = [{ name: 'etc', emptyDir: {} }, { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }];
    pod.containers[0].volumeMounts = [{ name: 'etc', mountPath: '/etc/./cron.d' }];
    objects.find(o => o.kind === 'Role')!.rules = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }];
    const account = objects.find(o => o.kind === 'ServiceAccount')!.metadata.name;
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'view', namespace: 'shop' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: 'shop' }],
    });
    expect(rulesOf(objects)).toEqual(['ProjectedServiceAccountToken', 'WorkloadAccountBinding', 'WritableSystemPaths']);
    expect(check(objects).findings.filter(f => f.ruleId === 'WorkloadAccountBinding').map(f => f.resourceKind).sort()).toEqual(['RoleBinding', 'RoleBinding']);
  });
});
