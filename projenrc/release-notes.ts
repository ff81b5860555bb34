// The CHANGELOG entry of a release (`npx projen release:notes`, run by `npx projen release` after
// the bump). CHANGELOG.md is kept by hand: changes are written under "## Unreleased", and a push to
// main releases when that section lists a change (`--releasable-commits`, the bump's releasable
// commits: those since the last tag, or none). When the bump
// has chosen a version that has no entry yet, the Unreleased section becomes "## <version>" (an
// empty Unreleased heading stays above it); the entry is also the GitHub release's notes
// (dist/changelog.md, where the bump writes its own). A version the CHANGELOG already has (the
// bump found nothing to release, or the entry was written by hand) is left as it is.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { changelogVersions } from './compat';

/** [major, minor, patch, prerelease?] of a version, for ordering. */
function parts(version: string): [number, number, number, string | undefined] {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/.exec(version);
  if (!m) throw new Error(`${version} is not a semantic version`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4]];
}

/** Whether `a` is a later version than `b` (a prerelease is before its release). */
export function laterVersion(a: string, b: string): boolean {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    if (x[i] !== y[i]) return (x[i] as number) > (y[i] as number);
  }
  if (x[3] === y[3]) return false;
  if (x[3] === undefined) return true;
  if (y[3] === undefined) return false;
  return x[3].localeCompare(y[3], 'en', { numeric: true }) > 0;
}

/** The text under the heading that starts at `start`, up to the next "## " heading. */
function sectionBody(changelog: string, start: number): { end: number; body: string } {
  const headingEnd = changelog.indexOf('\n', start);
  const from = headingEnd === -1 ? changelog.length : headingEnd + 1;
  const next = changelog.slice(from).search(/^## /m);
  const end = next === -1 ? changelog.length : from + next;
  return { end, body: changelog.slice(from, end).trim() };
}

/** Whether the CHANGELOG's Unreleased section lists a change (a release has something to say). */
export function hasUnreleasedChanges(changelog: string): boolean {
  const unreleased = changelog.search(/^## \[?Unreleased\]?[ \t]*$/m);
  return unreleased !== -1 && /^\s*[-*] /m.test(sectionBody(changelog, unreleased).body);
}

export interface ReleaseNotes {
  /** CHANGELOG.md with the version's entry. */
  readonly changelog: string;
  /** The version's entry, without its heading: the release notes. */
  readonly notes: string;
}

/** CHANGELOG.md with an entry for `version` (see the top of this file), and that entry. */
export function releaseNotes(changelog: string, version: string): ReleaseNotes {
  const versions = changelogVersions(changelog);
  const heading = (v: string) => new RegExp(`^## \\[?v?${v.replace(/\./g, '\\.')}\\]?(?:\\s|$)`, 'm');
  if (versions.includes(version)) {
    const at = changelog.search(heading(version));
    return { changelog, notes: sectionBody(changelog, at).body };
  }
  const newest = versions[0];
  if (newest !== undefined && !laterVersion(version, newest)) {
    throw new Error(`the release version ${version} is not later than ${newest}, the newest release in CHANGELOG.md: ` +
      `tag the commit of ${newest} as v${newest} so that the bump starts from it`);
  }
  const unreleased = changelog.search(/^## \[?Unreleased\]?[ \t]*$/m);
  if (unreleased === -1) throw new Error('CHANGELOG.md has no "## Unreleased" section to release');
  const { end, body } = sectionBody(changelog, unreleased);
  if (!hasUnreleasedChanges(changelog)) {
    throw new Error(`the "## Unreleased" section of CHANGELOG.md lists no change: nothing to release as ${version}`);
  }
  const updated = `${changelog.slice(0, unreleased)}## Unreleased\n\n## ${version}\n\n${body}\n\n${changelog.slice(end)}`;
  return { changelog: updated.replace(/\n+$/, '\n'), notes: body };
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  if (process.argv[2] === '--releasable-commits') {
    // the bump's releasable commits: those since the latest tag while the Unreleased section lists
    // a change, else none
    if (hasUnreleasedChanges(fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf-8'))) {
      const log = spawnSync('git', ['log', '--no-merges', '--oneline', `${process.env.LATEST_TAG}..HEAD`], { cwd: root, encoding: 'utf-8' });
      if (log.status !== 0) throw new Error(`git log ${process.env.LATEST_TAG}..HEAD failed: ${log.stderr}`);
      process.stdout.write(log.stdout);
    }
    process.exit(0);
  }
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8')).version as string;
  const file = path.join(root, 'CHANGELOG.md');
  const result = releaseNotes(fs.readFileSync(file, 'utf-8'), version);
  fs.writeFileSync(file, result.changelog);
  const notes = path.join(root, process.env.CHANGELOG ?? 'dist/changelog.md');
  fs.mkdirSync(path.dirname(notes), { recursive: true });
  fs.writeFileSync(notes, `${result.notes}\n`);
  console.log(`release notes of ${version}: ${path.relative(root, notes)}; CHANGELOG.md names ${version}`);
}
