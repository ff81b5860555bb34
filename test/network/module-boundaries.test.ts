// src/network/ and src/workloads/ depend in one direction only: a workload creates its
// HardenedWorkloadNetwork, and network/ knows workloads only through the interfaces in
// src/hardened-workload.ts, a leaf file that imports neither module.
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '../../src');

/** The modules a file of src/ imports, resolved to paths relative to src/ (packages as written). */
function importsOf(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  return [...text.matchAll(/^import[^;]*? from '([^']+)';/gm)].map(m => m[1])
    .map(spec => spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), spec)) : spec);
}

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(SRC, dir)).filter(f => f.endsWith('.ts')).map(f => path.join(SRC, dir, f));
}

test('src/network imports nothing from src/workloads', () => {
  const files = sources('network');
  expect(files.length).toBeGreaterThan(0);
  const crossing = files.flatMap(f => importsOf(f).filter(i => i.startsWith('workloads/')).map(i => `${path.relative(SRC, f)} -> ${i}`));
  expect(crossing).toEqual([]);
});

test('src/hardened-workload.ts imports only cdk8s-plus and constructs', () => {
  expect(importsOf(path.join(SRC, 'hardened-workload.ts')).sort()).toEqual(['cdk8s-plus-27', 'constructs']);
});

test('Peer.workload takes the leaf interface', () => {
  expect(importsOf(path.join(SRC, 'network/peer.ts'))).toContain('hardened-workload');
});

test('reads a multi-line import of src/workloads as one', () => {
  const text = "import {\n  PodHardening,\n} from '../workloads/pod-hardening';\nimport { Peer } from './peer';\n";
  expect(importsOf(path.join(SRC, 'network', 'probe.ts'), text)).toEqual(['workloads/pod-hardening', 'network/peer']);
});
