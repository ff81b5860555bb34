// API compatibility with the previous release (`npx projen compat`, part of the build).
//
// The previous release is the CHANGELOG.md entry below the one for the version being built. The
// first release has none: the check says so and passes. From the second release on a baseline is
// required and jsii-diff compares against it; a missing or mismatched baseline fails the check.
// The baseline is the previous release's npm tarball (or unpacked package, or .jsii file) named
// by COMPAT_BASELINE, or else that version fetched with `npm pack`. Intended breaking changes are
// listed in .compatignore with the keys jsii-diff prints.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The release versions in a CHANGELOG, newest first (headings "## 1.2.3", "## [1.2.3] - date"). */
export function changelogVersions(changelog: string): string[] {
  return [...changelog.matchAll(/^## \[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?(?:\s|$)/gm)].map(m => m[1]);
}

/**
 * The release before `version` in the CHANGELOG: the entry below `version`'s own, or undefined
 * when `version` is the first. Throws when the CHANGELOG has no entry for `version`.
 */
export function previousRelease(changelog: string, version: string): string | undefined {
  const versions = changelogVersions(changelog);
  const at = versions.indexOf(version);
  if (at === -1) {
    throw new Error(`CHANGELOG.md has no entry for version ${version} (package.json); add "## ${version}" at the top`);
  }
  return versions[at + 1];
}

export interface CompatOptions {
  /** The project directory (package.json, CHANGELOG.md, the compiled .jsii). */
  readonly root: string;
  /** The previous release's npm tarball, unpacked package directory or .jsii file. */
  readonly baseline?: string;
  readonly log: (line: string) => void;
}

function run(command: string, args: string[], cwd: string): { status: number; output: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf-8' });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
}

/** A directory holding the baseline package (package.json and .jsii), inside `root` so its dependencies resolve. */
function baselinePackage(root: string, name: string, previous: string, given: string | undefined, log: (line: string) => void): string {
  const work = path.join(root, 'dist', 'compat');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  let source = given;
  if (source === undefined) {
    log(`compat: fetching ${name}@${previous} with npm pack (set COMPAT_BASELINE to use a local copy)`);
    const pack = run('npm', ['pack', `${name}@${previous}`, '--silent', '--pack-destination', work], work);
    if (pack.status !== 0) {
      throw new Error(`cannot fetch the previous release ${name}@${previous}: ${pack.output.trim()}`);
    }
    source = path.join(work, pack.output.trim().split('\n').pop()!);
  }
  source = path.resolve(root, source);
  if (!fs.existsSync(source)) throw new Error(`the baseline ${source} does not exist`);
  const dir = path.join(work, 'package');
  if (fs.statSync(source).isDirectory()) {
    fs.cpSync(source, dir, { recursive: true, filter: f => !f.includes(`${path.sep}node_modules`) });
  } else if (source.endsWith('.jsii')) {
    fs.mkdirSync(dir);
    fs.copyFileSync(source, path.join(dir, '.jsii'));
    // a package around the assembly, depending on what the assembly depends on
    const assembly = JSON.parse(fs.readFileSync(source, 'utf-8')) as { name: string; version: string; dependencies?: Record<string, string> };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: assembly.name, version: assembly.version, dependencies: assembly.dependencies, jsii: {} }));
  } else {
    const untar = run('tar', ['-xzf', source, '-C', work], work);
    if (untar.status !== 0) throw new Error(`cannot unpack the baseline ${source}: ${untar.output.trim()}`);
  }
  if (!fs.existsSync(path.join(dir, '.jsii'))) throw new Error(`the baseline ${source} has no .jsii assembly`);
  const assembly = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'utf-8')) as { name: string; version: string };
  if (assembly.name !== name || assembly.version !== previous) {
    throw new Error(`the baseline ${source} is ${assembly.name}@${assembly.version}, not the previous release ${name}@${previous}`);
  }
  return dir;
}

/** Runs the check; returns the exit code (0 compatible or first release, 1 incompatible). */
export function runCompat(options: CompatOptions): number {
  const { root, log } = options;
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')) as { name: string; version: string };
  const previous = previousRelease(fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf-8'), pkg.version);
  if (previous === undefined) {
    log(`compat: ${pkg.name}@${pkg.version} is the first release in CHANGELOG.md: there is no previous release to compare the API with.`);
    log('compat: the next release (a new "## x.y.z" entry above this one) is compared with this one by jsii-diff.');
    return 0;
  }
  if (!fs.existsSync(path.join(root, '.jsii'))) throw new Error('no .jsii assembly: run `npx projen compile` first');
  const baseline = baselinePackage(root, pkg.name, previous, options.baseline, log);
  log(`compat: comparing the API of ${pkg.name}@${pkg.version} with ${previous} (jsii-diff)`);
  const diff = run(process.execPath, [require.resolve('jsii-diff/bin/jsii-diff'), baseline, root, '--keys', '--ignore-file', path.join(root, '.compatignore')], root);
  for (const line of diff.output.split('\n').filter(l => l.trim() && !l.startsWith('!!'))) log(line);
  if (diff.status !== 0) {
    log(`compat: the API is not compatible with ${previous}. If the break is intended, add the keys above to .compatignore.`);
    return 1;
  }
  log(`compat: compatible with ${previous}`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = runCompat({ root: path.join(__dirname, '..'), baseline: process.env.COMPAT_BASELINE || undefined, log: l => console.log(l) });
  } catch (e) {
    console.error(`compat: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
