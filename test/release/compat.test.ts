// `npx projen compat`: the API compared with the previous release by jsii-diff. The first release
// has no previous one and passes, saying so; from the second on a baseline is required.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { changelogVersions, previousRelease, runCompat } from '../../projenrc/compat';

const ROOT = path.join(__dirname, '..', '..');

const CHANGELOG_2 = '# Changelog\n\n## 0.2.0\n\n- more\n\n## [0.1.0] - 2026-12-01\n\n- first\n';

describe('previous release from the CHANGELOG', () => {
  test('reads the release headings, newest first', () => {
    expect(changelogVersions(CHANGELOG_2)).toEqual(['0.2.0', '0.1.0']);
    expect(changelogVersions('## Unreleased\n\n## v1.0.0-rc.1\n### 0.9.0 is not a release heading\n')).toEqual(['1.0.0-rc.1']);
  });

  test('the entry below the version being built; none for the first release', () => {
    expect(previousRelease(CHANGELOG_2, '0.2.0')).toBe('0.1.0');
    expect(previousRelease(CHANGELOG_2, '0.1.0')).toBeUndefined();
    expect(previousRelease(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf-8'), '0.1.0')).toBeUndefined();
  });

  test('fails a version the CHANGELOG has no entry for', () => {
    expect(() => previousRelease(CHANGELOG_2, '0.3.0')).toThrow('CHANGELOG.md has no entry for version 0.3.0');
  });
});

describe('runCompat', () => {
  let project: string;
  let lines: string[];
  const log = (l: string) => lines.push(l);

  /** A copy of this project's package.json and assembly at `version`, inside the project so its dependencies resolve. */
  function fakeProject(version: string, changelog: string): string {
    const dir = fs.mkdtempSync(path.join(ROOT, 'dist', 'compat-test-'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, version }));
    const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf-8'));
    fs.writeFileSync(path.join(dir, '.jsii'), JSON.stringify({ ...assembly, version }));
    fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), changelog);
    return dir;
  }

  /** This project's assembly as release `version`, with `extraTypes` it had then. */
  function baseline(version: string, extraTypes: Record<string, unknown> = {}): string {
    const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf-8'));
    const file = path.join(project, `baseline-${version}.jsii`);
    fs.writeFileSync(file, JSON.stringify({ ...assembly, version, types: { ...assembly.types, ...extraTypes } }));
    return file;
  }

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, '.jsii'))) throw new Error('no .jsii assembly: run `npx projen compile` first');
    fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  });
  beforeEach(() => {
    lines = [];
    project = fakeProject('0.2.0', CHANGELOG_2);
  });
  afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

  test('the first release (this one) passes and says there is nothing to compare with', () => {
    expect(runCompat({ root: ROOT, log })).toBe(0);
    expect(lines.join('\n')).toContain('cdk8s-hardening@0.1.0 is the first release in CHANGELOG.md: there is no previous release to compare the API with');
  });

  test('an unchanged API is compatible with the previous release', () => {
    expect(runCompat({ root: project, baseline: baseline('0.1.0'), log })).toBe(0);
    expect(lines).toContain('compat: compatible with 0.1.0');
  });

  test("the previous release's npm tarball is a baseline too", () => {
    const pkgDir = path.join(project, 'tarball', 'package');
    fs.mkdirSync(pkgDir, { recursive: true });
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ ...pkg, version: '0.1.0' }));
    fs.copyFileSync(baseline('0.1.0'), path.join(pkgDir, '.jsii'));
    const tarball = path.join(project, 'cdk8s-hardening@0.1.0.jsii.tgz');
    expect(spawnSync('tar', ['-czf', tarball, '-C', path.dirname(pkgDir), 'package']).status).toBe(0);
    expect(runCompat({ root: project, baseline: tarball, log })).toBe(0);
    expect(lines).toContain('compat: compatible with 0.1.0');
  });

  test('fails an API that dropped a type of the previous release', () => {
    const removed = {
      'cdk8s-hardening.RetiredLevel': {
        assembly: 'cdk8s-hardening',
        fqn: 'cdk8s-hardening.RetiredLevel',
        kind: 'enum',
        name: 'RetiredLevel',
        members: [{ name: 'OLD' }],
        docs: { stability: 'stable', summary: 'Gone in 0.2.0.' },
      },
    };
    expect(runCompat({ root: project, baseline: baseline('0.1.0', removed), log })).toBe(1);
    expect(lines.join('\n')).toMatch(/RetiredLevel.*removed/);
  });

  test('fails a baseline that is not the previous release', () => {
    expect(() => runCompat({ root: project, baseline: baseline('0.0.9'), log })).toThrow('is cdk8s-hardening@0.0.9, not the previous release cdk8s-hardening@0.1.0');
  });

  test('fails a baseline that does not exist', () => {
    expect(() => runCompat({ root: project, baseline: path.join(project, 'missing.tgz'), log })).toThrow('does not exist');
  });
});
