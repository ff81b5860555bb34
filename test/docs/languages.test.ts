// README.md's "Python, Java and Go, as a team uses them": its code is the consumers' own (what
// .ci/languages runs), its commands name files that exist, and the artifacts' names and the pinned
// versions are the package's.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const README = read('README.md');
const PACKAGE = JSON.parse(read('package.json'));

const start = README.indexOf('### Python, Java and Go, as a team uses them');
const SECTION = README.slice(start, README.indexOf('\n#', start + 4));

/** The fenced blocks of a language in the section. */
function blocks(language: string): string[] {
  return [...SECTION.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
}

/** Every source file of a consumer project, concatenated. */
function sources(dir: string, ext: string): string {
  return (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
    .filter(f => f.endsWith(ext))
    .map(f => read(path.join(dir, f)))
    .join('\n');
}

describe('README: Python, Java and Go, as a team uses them', () => {
  test('the section is there', () => {
    expect(start).toBeGreaterThan(0);
    expect(SECTION).toContain('.NET stays generated only');
  });

  test.each([
    ['python', 'consumers/python', '.py'],
    ['java', 'consumers/java', '.java'],
    ['go', 'consumers/go', '.go'],
  ])('its %s code is in %s, line for line', (language, dir, ext) => {
    const code = sources(dir, ext);
    const shown = blocks(language);
    expect(shown.length).toBeGreaterThan(0);
    for (const block of shown) {
      for (const line of block.split('\n').filter(l => l.trim())) {
        expect({ line, found: code.includes(line) }).toEqual({ line, found: true });
      }
    }
  });

  test('its commands name files of the repository and artifacts of this version', () => {
    const commands = blocks('sh').join('\n');
    for (const file of ['consumers/python/requirements.txt', 'consumers/java/pom.xml', 'consumers/python/main.py']) {
      expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    }
    expect(commands).toContain(`cdk8s_hardening-${PACKAGE.version}-py3-none-any.whl`);
    expect(commands).toContain(`cdk8s-hardening/${PACKAGE.version}/cdk8s-hardening-${PACKAGE.version}.jar`);
    expect(read('consumers/java/pom.xml')).toContain(`<cdk8s-hardening.version>${PACKAGE.version}</cdk8s-hardening.version>`);
    expect(read('consumers/go/go.mod')).toContain(`github.com/cdk8s-hardening/cdk8s-hardening-go/cdk8shardening v${PACKAGE.version}`);
  });

  test('the consumers pin cdk8s, cdk8s-plus-27 and constructs to the versions the TypeScript example uses', () => {
    const dev = PACKAGE.devDependencies;
    const requirements = read('consumers/python/requirements.txt');
    const pom = read('consumers/java/pom.xml');
    const goMod = read('consumers/go/go.mod');
    for (const name of ['cdk8s', 'cdk8s-plus-27', 'constructs']) {
      expect(requirements).toContain(`\n${name}==${dev[name]}\n`);
      expect(pom).toContain(`<${name}.version>${dev[name]}</${name}.version>`);
    }
    expect(goMod).toContain(`github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 v${dev.cdk8s}`);
    expect(goMod).toContain(`github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2 v${dev['cdk8s-plus-27']}`);
    expect(goMod).toContain(`github.com/aws/constructs-go/constructs/v10 v${dev.constructs}`);
  });
});
