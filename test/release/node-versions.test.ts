// CI (.ci/run) runs the whole test suite on every Node.js release line the jsii toolchain
// (jsii, jsii-rosetta, jsii-pacmak) supports today, and on no line it calls end of life: the
// list of release lines and their dates is jsii's own (@jsii/check-node, which prints the
// end-of-life notice).
import * as fs from 'fs';
import * as path from 'path';

interface Release {
  readonly majorVersion: number;
  readonly supported: boolean;
  readonly untested: boolean;
  readonly supportedRange: { test(version: string): boolean };
}
// jsii's own table of release lines, as the jsii it runs resolves it
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NodeRelease } = require(require.resolve('@jsii/check-node', { paths: [path.dirname(require.resolve('jsii/package.json'))] })) as {
  NodeRelease: { ALL_RELEASES: readonly Release[] };
};

const ROOT = path.join(__dirname, '..', '..');

/** The Node.js versions of `NODE_LTS=(...)` in a CI script. */
function ciVersions(script: string): string[] {
  const m = /^NODE_LTS=\(([^)]*)\)$/m.exec(script);
  return m ? m[1].trim().split(/\s+/) : [];
}

/** The release lines jsii supports today and has tested, as major versions. */
function supportedLines(): number[] {
  return NodeRelease.ALL_RELEASES.filter(r => r.supported && !r.untested).map(r => r.majorVersion).sort((a, b) => a - b);
}

describe('Node.js versions of CI', () => {
  const versions = ciVersions(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf-8'));

  test('the suite runs on each release line jsii supports, in a version of its supported range', () => {
    expect(supportedLines().length).toBeGreaterThan(0);
    for (const major of supportedLines()) {
      const release = NodeRelease.ALL_RELEASES.find(r => r.majorVersion === major)!;
      expect({ major, tested: versions.filter(v => release.supportedRange.test(v)) }).toEqual({ major, tested: [expect.any(String)] });
    }
  });

  test('no release line CI runs is end of life for jsii', () => {
    const majors = versions.map(v => Number(v.split('.')[0]));
    expect(majors.filter(m => !supportedLines().includes(m))).toEqual([]);
  });

  test('fails (finds the line missing) for a script that tests one line only', () => {
    expect(ciVersions('NODE_LTS=(22.23.3)\n')).toEqual(['22.23.3']);
    expect(supportedLines().filter(m => !['22.23.3'].some(v => v.startsWith(`${m}.`))).length).toBeGreaterThan(0);
  });
});
