import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Json } from './fixtures';
import { synthExample } from '../../examples/main';
import { runCli } from '../../src/cli/run';

describe('example cluster: the control plane', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
  synthExample(outdir);
  const file = path.join(outdir, 'control-plane.k8s.yaml');

  test('emits the control-plane file next to the workloads\' file', () => {
    const kinds = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => (d.toJS() as Json).kind).sort();
    expect(kinds).toEqual(['AdmissionConfiguration', 'AuthenticationConfiguration', 'ClusterConfiguration', 'EncryptionConfiguration', 'KubeletConfiguration', 'Policy']);
    expect(fs.readFileSync(path.join(outdir, 'cluster.k8s.yaml'), 'utf8')).not.toMatch(/kind: (ClusterConfiguration|Policy)\b/);
  });

  test('the file passes `check --pack control-plane`', () => {
    const out: string[] = [];
    const code = runCli(['check', '--pack', 'control-plane', file], { out: t => out.push(t), err: t => out.push(t) });
    expect(out.join('')).toBe('6 objects checked against control-plane: 0 errors, 0 warnings, 0 info; 0 acknowledged\n');
    expect(code).toBe(0);
  });

  test('both files pass `check` with every pack', () => {
    const out: string[] = [];
    expect(runCli(['check', outdir], { out: t => out.push(t), err: t => out.push(t) })).toBe(0);
  });
});
