// The example cluster with its admission control: the policies admit everything the example
// deploys, the YAML passes `cdk8s-hardening check` without a warning, and the engine sees the
// signature policy cover every image.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { admit } from './cel-harness';
import { ExampleCluster, synthExample } from '../../examples/main';
import { Compliance } from '../../src';
import { runCli } from '../../src/cli/run';
import { parseManifestText } from '../../src/compliance/loader';

type Json = Record<string, any>;

describe('the example cluster\'s admission control', () => {
  const app = Testing.app();
  const cluster = new ExampleCluster(app, 'cluster');
  const manifests = Testing.synth(cluster) as Json[];
  const policies = manifests.filter(m => m.kind === 'ValidatingAdmissionPolicy');

  test('a policy and binding per expressible rule (per kind group where it has several) and for the registries, and one ClusterImagePolicy', () => {
    expect(policies).toHaveLength(35);
    expect(manifests.filter(m => m.kind === 'ValidatingAdmissionPolicyBinding')).toHaveLength(35);
    expect(manifests.filter(m => m.kind === 'ClusterImagePolicy').map(p => p.spec.images.map((i: Json) => i.glob)))
      .toEqual([['registry.acme.example/**', 'index.docker.io/library/*', 'index.docker.io/nginxinc/*']]);
    expect(manifests.filter(m => m.kind === 'Namespace').map(n => n.metadata.labels['policy.sigstore.dev/include'])).toEqual(['true', 'true', 'true']);
  });

  test('every policy admits every object the example deploys', () => {
    const refused: string[] = [];
    let judged = 0;
    for (const p of policies) {
      for (const o of manifests) {
        const a = admit(p, o);
        if (a.matched) judged++;
        if (!a.allowed) refused.push(`${p.metadata.name}: ${o.kind}/${o.metadata.name}: ${a.messages.join('; ')} ${a.errors.join('; ')}`);
      }
    }
    expect(refused).toEqual([]);
    expect(judged).toBeGreaterThan(100);
  });

  test('the engine finds every image covered by the signature policy', () => {
    const provenance = Compliance.check(cluster).rules.find(r => r.ruleId === 'ImageProvenance')!;
    expect(provenance.compliantObjects).toHaveLength(8);
    expect(provenance.nonCompliantCount).toBe(0);
  });

  test('the synthesized YAML passes cdk8s-hardening check, warnings included', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-admission-'));
    synthExample(outdir);
    const file = path.join(outdir, 'cluster.k8s.yaml');
    expect(parseManifestText(fs.readFileSync(file, 'utf-8'), file).filter(o => o.kind === 'ValidatingAdmissionPolicy')).toHaveLength(35);
    let out = '';
    let err = '';
    const status = runCli(['check', '--fail-on', 'warning', file], { out: t => { out += t; }, err: t => { err += t; } });
    expect({ status, err }).toEqual({ status: 0, err: '' });
    // SeparatedRbac's acknowledgements: the administrators' Secrets, escalation, impersonation and
    // cluster-admin in all but name (4), and each tenant deployer's two workload-writing rules (PodCreate);
    // the bindings of the warning-rated rules, which warn and audit: CredentialsInConfig, PsaRestricted
    // and PodCreate's three kind groups (5)
    expect(out).toMatch(/objects checked against pss-baseline, pss-restricted, nsa-cisa, control-plane: 0 errors, 0 warnings, 0 info; 15 acknowledged/);
    expect(out.match(/ACK {4}AdmissionPolicyWeakened/g)).toHaveLength(5);
  });
});
