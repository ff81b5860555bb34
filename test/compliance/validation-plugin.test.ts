import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import type { ValidationContext, Validation } from 'cdk8s-cli/plugins';

// The cdk8s CLI's own plugin loader (not part of its exported API, so loaded by file path): the
// test goes through the same PluginManager and ValidationPlugin.load as `cdk8s synth`.
const CLI = path.dirname(require.resolve('cdk8s-cli/package.json'));
interface Loader {
  PluginManager: new (dir: string) => unknown;
  ValidationPlugin: {
    load(config: { package: string; version: string; class: string; properties?: Record<string, unknown> },
      app: { manifests: string[] }, stdout: boolean, manager: unknown): { plugin: Validation; context: ValidationContext };
  };
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { PluginManager } = require(path.join(CLI, 'lib/plugins/_manager')) as Pick<Loader, 'PluginManager'>;
const { ValidationPlugin } = require(path.join(CLI, 'lib/plugins/validation')) as Pick<Loader, 'ValidationPlugin'>;
/* eslint-enable @typescript-eslint/no-require-imports */

const FIXTURES = path.join(__dirname, '../fixtures/compliance');
// a local path: the cdk8s CLI requires it directly, as it would the installed package
const PACKAGE = path.join(__dirname, '../../src/index');

function load(manifest: string, properties: Record<string, unknown> = {}) {
  const pluginManager = new PluginManager(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-plugins-')));
  return ValidationPlugin.load({ package: PACKAGE, version: '0.0.0', class: 'CompliancePlugin', properties },
    { manifests: [path.join(FIXTURES, manifest)] }, false, pluginManager);
}

test('the cdk8s CLI loads the plugin and it passes compliant manifests', async () => {
  const { plugin, context } = load('compliant.yaml');
  await plugin.validate(context);
  expect(context.report.success).toBe(true);
  expect(context.report.toJson().violations).toEqual([]);
  expect(context.report.toJson().summary.metadata).toEqual({ packs: 'pss-baseline, pss-restricted, nsa-cisa, control-plane', objects: '7', acknowledged: '0' });
});

test('fails non-compliant manifests with one violation per rule', async () => {
  const { plugin, context } = load('noncompliant.yaml', { packs: ['pss-baseline'] });
  await plugin.validate(context);
  expect(context.report.success).toBe(false);
  const [violation] = context.report.toJson().violations;
  expect(violation).toMatchObject({
    ruleName: 'HostNetwork (error) [PSS baseline: Host Namespaces]',
    recommendation: 'spec.hostNetwork is unset or false',
    fix: 'remove hostNetwork (or set it to false) and expose the pod through a Service',
    violatingConstructs: [{
      resourceName: 'legacy',
      manifestPath: path.join(FIXTURES, 'noncompliant.yaml'),
      locations: ['spec.template.spec.hostNetwork: the pod shares the node\'s network namespace (hostNetwork: true)'],
    }],
  });
});

test('warnings pass unless failOn is warning', async () => {
  const passing = load('warning-only.yaml');
  await passing.plugin.validate(passing.context);
  expect(passing.context.report.success).toBe(true);
  expect(passing.context.report.toJson().violations.map(v => v.ruleName)).toEqual(['CredentialsInConfig (warning) [NSA/CISA: Secrets; C-0012]']);
  const failing = load('warning-only.yaml', { failOn: 'warning' });
  await failing.plugin.validate(failing.context);
  expect(failing.context.report.success).toBe(false);
});

test('fails to load with an unknown pack, naming the known ones', () => {
  expect(() => load('compliant.yaml', { packs: ['cis'] })).toThrow(/properties.packs: unknown pack "cis"; use pss-baseline, pss-restricted, nsa-cisa, control-plane/);
});

describe('mapping findings back to constructs', () => {
  // The cdk8s CLI maps a violating resource to a construct path through the construct metadata
  // the app records (construct-metadata.json), keyed by metadata.name alone.
  function synthesizeApp(): { manifests: string[]; constructMetadata: string } {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-plugin-app-'));
    const app = new App({ outdir, recordConstructMetadata: true });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const pod = { containers: [{ name: 'app', image: 'registry.acme.example/app:1.0.0' }], hostNetwork: true };
    const deployment = (id: string, name: string) => new ApiObject(chart, id, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: pod } },
    });
    deployment('web', 'web');
    // a PodDisruptionBudget sharing the Deployment's name, synthesized after it
    new ApiObject(chart, 'web-budget', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } });
    deployment('legacy', 'legacy');
    app.synth();
    return { manifests: [path.join(outdir, 'shop.k8s.yaml')], constructMetadata: path.join(outdir, 'construct-metadata.json') };
  }

  test('a finding on an object whose name no other object has maps to its construct; a shared name maps to none rather than the wrong one', async () => {
    // GIVEN
    const synthesized = synthesizeApp();
    const metadata = JSON.parse(fs.readFileSync(synthesized.constructMetadata, 'utf-8'));
    // the CLI's own map sends "web" to the PodDisruptionBudget
    expect(metadata.resources.web.path).toBe('shop/web-budget');
    const pluginManager = new PluginManager(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-plugins-')));
    const { plugin, context } = (ValidationPlugin.load as (...args: unknown[]) => { plugin: Validation; context: ValidationContext })(
      { package: PACKAGE, version: '0.0.0', class: 'CompliancePlugin', properties: { packs: ['pss-baseline'] } }, synthesized, false, pluginManager);

    // WHEN
    await plugin.validate(context);

    // THEN
    const violation = context.report.toJson().violations.find(v => v.ruleName.startsWith('HostNetwork'))!;
    expect(violation.violatingConstructs.map(c => ({ resourceName: c.resourceName, constructPath: c.constructPath }))).toEqual([
      { resourceName: 'Deployment/shop/web', constructPath: undefined },
      { resourceName: 'legacy', constructPath: 'shop/legacy' },
    ]);
  });
});
