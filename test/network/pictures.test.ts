import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ExampleCluster, synthExample } from '../../examples/main';
import { NetworkReachability } from '../../src';
import { EXIT, runCli } from '../../src/cli/run';

// The example cluster's network picture, as the README (Mermaid) and examples/network.svg show
// it. This test keeps both current: it fails when they differ from what the synthesized
// policies give, and rewrites them, on purpose, with UPDATE_NETWORK_PICTURES=1 (as `jest -u`
// does for snapshots).

const ROOT = path.join(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');
const SVG = path.join(ROOT, 'examples', 'network.svg');
const START = '<!-- example-network:start -->\n```mermaid\n';
const END = '```\n<!-- example-network:end -->';
const update = process.env.UPDATE_NETWORK_PICTURES === '1';

function split(doc: string): { before: string; mermaid: string; after: string } {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${START.trim()} ... ${END}`);
  return { before: doc.slice(0, start + START.length), mermaid: doc.slice(start + START.length, end), after: doc.slice(end) };
}

describe('the example cluster\'s network picture', () => {
  const reach = NetworkReachability.of(new ExampleCluster(Testing.app(), 'cluster'));

  test('the README shows the Mermaid picture of the synthesized policies', () => {
    const { before, mermaid, after } = split(fs.readFileSync(README, 'utf8'));
    if (update && mermaid !== reach.toMermaid()) fs.writeFileSync(README, before + reach.toMermaid() + after);
    expect(update ? split(fs.readFileSync(README, 'utf8')).mermaid : mermaid).toBe(reach.toMermaid());
  });

  test('examples/network.svg is what `network --format svg` draws from the synthesized manifests', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'network-picture-'));
    try {
      synthExample(dir);
      let out = '';
      const status = runCli(['network', '--format', 'svg', path.join(dir, 'cluster.k8s.yaml')], { out: t => { out += t; }, err: () => undefined });
      expect(status).toBe(EXIT.CLEAN);
      expect(out).toBe(reach.toSvg());
      if (update && (!fs.existsSync(SVG) || fs.readFileSync(SVG, 'utf8') !== out)) fs.writeFileSync(SVG, out);
      expect(fs.readFileSync(SVG, 'utf8')).toBe(out);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
