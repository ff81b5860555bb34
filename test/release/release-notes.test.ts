// The CHANGELOG entry of a release (projenrc/release-notes.ts): the hand-kept Unreleased section
// becomes the entry of the version the bump chose, and its text the GitHub release's notes.
import { changelogVersions } from '../../projenrc/compat';
import { hasUnreleasedChanges, laterVersion, releaseNotes } from '../../projenrc/release-notes';

const CHANGELOG = `# Changelog

Every release, newest first.

## Unreleased

### Added

- A rule.

### Fixed

- A message.

## 0.1.0

- First release.
`;

describe('release notes', () => {
  test('the Unreleased section becomes the entry of the new version, under an empty Unreleased heading', () => {
    const { changelog, notes } = releaseNotes(CHANGELOG, '0.2.0');
    expect(changelogVersions(changelog)).toEqual(['0.2.0', '0.1.0']);
    expect(changelog).toContain('## Unreleased\n\n## 0.2.0\n\n### Added\n\n- A rule.\n\n### Fixed\n\n- A message.\n\n## 0.1.0\n');
    expect(notes).toBe('### Added\n\n- A rule.\n\n### Fixed\n\n- A message.');
    expect(changelog).toMatchSnapshot();
  });

  test('a version the CHANGELOG already names is left as it is; its entry is the notes', () => {
    expect(releaseNotes(CHANGELOG, '0.1.0')).toEqual({ changelog: CHANGELOG, notes: '- First release.' });
  });

  test('fails a version that is not later than the newest release (the bump did not start from its tag)', () => {
    expect(() => releaseNotes(CHANGELOG, '0.0.0')).toThrow('the release version 0.0.0 is not later than 0.1.0, the newest release in CHANGELOG.md: tag the commit of 0.1.0 as v0.1.0');
    expect(() => releaseNotes(CHANGELOG, '0.1.0-rc.1')).toThrow(/not later than 0\.1\.0/);
  });

  test('fails when the Unreleased section lists no change, or is missing', () => {
    const empty = CHANGELOG.replace(/## Unreleased[\s\S]*?(?=## 0\.1\.0)/, '## Unreleased\n\n');
    expect(() => releaseNotes(empty, '0.1.1')).toThrow('the "## Unreleased" section of CHANGELOG.md lists no change: nothing to release as 0.1.1');
    expect(() => releaseNotes('# Changelog\n\n## 0.1.0\n\n- First.\n', '0.1.1')).toThrow('CHANGELOG.md has no "## Unreleased" section to release');
  });

  test('a release is pending while the Unreleased section lists a change, and not once it is released', () => {
    expect(hasUnreleasedChanges(CHANGELOG)).toBe(true);
    expect(hasUnreleasedChanges(releaseNotes(CHANGELOG, '0.2.0').changelog)).toBe(false);
    expect(hasUnreleasedChanges('# Changelog\n\n## 0.1.0\n\n- First.\n')).toBe(false);
  });

  test('orders versions as semantic versions', () => {
    expect(laterVersion('0.10.0', '0.9.9')).toBe(true);
    expect(laterVersion('1.0.0', '1.0.0-rc.2')).toBe(true);
    expect(laterVersion('1.0.0-rc.10', '1.0.0-rc.9')).toBe(true);
    expect(laterVersion('0.1.0', '0.1.0')).toBe(false);
    expect(laterVersion('0.1.0', '0.2.0')).toBe(false);
  });
});
