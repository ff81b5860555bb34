// The CycloneDX SBOM attached to each release (`.ci/artifacts sbom`, the `sbom` task): the package
// with its runtime dependencies, the bundled js-yaml among them with its license, and none of the
// build's tooling.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

interface Component {
  name: string;
  version: string;
  purl?: string;
  licenses?: Array<{ license?: { id?: string } }>;
  properties?: Array<{ name: string; value: string }>;
}
interface Bom { bomFormat: string; specVersion: string; metadata: { component: Component }; components?: Component[] }

describe('SBOM', () => {
  let bom: Bom;

  beforeAll(() => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'sbom-'));
    const r = spawnSync(path.join(ROOT, '.ci', 'artifacts'), ['sbom', dist], { cwd: ROOT, encoding: 'utf-8' });
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    bom = JSON.parse(fs.readFileSync(path.join(dist, 'sbom', 'cdk8s-hardening.cdx.json'), 'utf-8'));
    fs.rmSync(dist, { recursive: true, force: true });
  });

  test('is CycloneDX 1.6, of this package at the version of package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    expect([bom.bomFormat, bom.specVersion]).toEqual(['CycloneDX', '1.6']);
    expect([bom.metadata.component.name, bom.metadata.component.version]).toEqual([pkg.name, pkg.version]);
  });

  test('lists the bundled js-yaml with its version and MIT license, and its own dependency', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    const yaml = bom.components?.find(c => c.name === 'js-yaml');
    expect(yaml).toBeDefined();
    expect(yaml!.version).toBe(pkg.dependencies['js-yaml']);
    expect(yaml!.purl).toBe(`pkg:npm/js-yaml@${yaml!.version}`);
    expect(yaml!.licenses?.map(l => l.license?.id)).toEqual(['MIT']);
    expect(yaml!.properties).toContainEqual({ name: 'cdx:npm:package:bundled', value: 'true' });
    const argparse = bom.components?.find(c => c.name === 'argparse');
    expect(argparse?.licenses?.map(l => l.license?.id)).toEqual(['Python-2.0']);
  });

  test('every component has a license; none is a development tool', () => {
    const components = bom.components ?? [];
    expect(components.filter(c => !c.licenses?.length).map(c => c.name)).toEqual([]);
    const tooling = ['jsii', 'jest', 'typescript', 'projen', 'eslint', '@cyclonedx/cyclonedx-npm'];
    expect(components.filter(c => tooling.includes(c.name)).map(c => c.name)).toEqual([]);
  });
});
