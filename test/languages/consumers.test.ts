// The Python, Java and Go teams' projects (consumers/) on the artifacts jsii-pacmak built: what
// they synthesized and printed, compared with the TypeScript example. `.ci/languages` builds the
// artifacts, runs the consumers into the folder CDK8S_HARDENING_LANGUAGES names, then runs this
// file (the build's jest run leaves it out: it needs the artifacts).
//
// Each consumer wrote, in LANGUAGE/:
//   dist/          the example cluster (examples/main.ts in that language), synthesized with every
//                  built-in pack and the team's pack (its MinReplicas rule, written in that language)
//   synth.txt      what the team's rule judged during that synthesis
//   invalid.txt    the library's error for a `latest` image, as "<exception type>: <message>"
//   team-rule.txt  the synthesis of a one-replica Deployment that the team's rule failed, likewise
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { synthExample } from '../../examples/main';
import {
  Compliance, CompliancePack, HardenedDeployment, IComplianceRule, RuleObjects, RuleVerdict, Severity,
} from '../../src';

const RESULTS = process.env.CDK8S_HARDENING_LANGUAGES;

/**
 * The exception each language's jsii runtime raises for the library's error: for a refused input,
 * and for a synthesis that failed after calling back into the language (the team's rule).
 */
const LANGUAGES: { name: string; exception: string; synthException: string }[] = [
  { name: 'python', exception: 'RuntimeError', synthException: 'RuntimeError' },
  // JsiiError is the runtime's software.amazon.jsii.JsiiException for errors of the library
  { name: 'java', exception: 'software.amazon.jsii.JsiiError', synthException: 'java.lang.RuntimeException' },
  // a panic with an error
  { name: 'go', exception: '*errors.errorString', synthException: '*errors.errorString' },
];

/** The files under a folder, relative to it, sorted. */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The message of the error `f` throws. */
function errorOf(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
}

/** The consumers' rule, in TypeScript: a Deployment runs at least two pods. */
class MinReplicas implements IComplianceRule {
  public readonly id = 'MinReplicas';
  public readonly title = 'a Deployment runs at least two replicas';
  public readonly fix = 'set replicas: 2 or more';
  public check(manifest: { [key: string]: any }, _objects: RuleObjects): RuleVerdict {
    if (manifest.kind !== 'Deployment') return RuleVerdict.notApplicable();
    const replicas = manifest.spec?.replicas ?? 1;
    if (replicas >= 2) return RuleVerdict.compliant();
    return RuleVerdict.nonCompliant([{ path: 'spec.replicas', message: `${replicas} replica: one node's drain takes the service down` }]);
  }
}

const read = (language: string, file: string) => fs.readFileSync(path.join(RESULTS!, language, file), 'utf-8');

describe('the Python, Java and Go consumers of the built artifacts', () => {
  let example: string;
  let latestImage: string;
  let teamRule: string;

  beforeAll(() => {
    if (!RESULTS) throw new Error('CDK8S_HARDENING_LANGUAGES is not set: run .ci/languages, which builds the artifacts and runs the consumers first');
    example = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
    synthExample(example);
    latestImage = errorOf(() => new HardenedDeployment(new Chart(new App(), 'cluster'), 'web', { containers: [{ image: 'nginx:latest' }] }));
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'team-rule-')) });
    new HardenedDeployment(new Chart(app, 'cluster'), 'web', {
      metadata: { name: 'web', namespace: 'storefront' },
      replicas: 1,
      containers: [{ image: 'registry.acme.example/web:1.4.2' }],
    });
    const pack = CompliancePack.custom({
      name: 'acme-availability',
      title: 'ACME availability rules',
      rules: [{ rule: new MinReplicas(), severity: Severity.ERROR }],
      include: CompliancePack.all(),
    });
    Compliance.of(app).enable({ packs: [pack] });
    teamRule = errorOf(() => app.synth());
  });

  afterAll(() => {
    if (example) fs.rmSync(example, { recursive: true, force: true });
  });

  test('the TypeScript references are what the consumers must match', () => {
    expect(files(example)).toEqual(['cluster.k8s.yaml', 'control-plane.k8s.yaml']);
    expect(latestImage).toMatch(/^\[cluster\/web\] containers\[0\]\.image: .*"nginx:latest".*Fix: /);
    expect(teamRule).toContain('MinReplicas');
    expect(teamRule).toContain('spec.replicas');
    expect(teamRule).toContain("1 replica: one node's drain takes the service down");
  });

  describe.each(LANGUAGES)('$name', ({ name, exception, synthException }) => {
    test('synthesizes the example cluster byte for byte as the TypeScript example does', () => {
      const dist = path.join(RESULTS!, name, 'dist');
      expect(files(dist)).toEqual(files(example));
      for (const file of files(example)) {
        const expected = fs.readFileSync(path.join(example, file));
        const actual = fs.readFileSync(path.join(dist, file));
        // the file name in the message, and a line diff on failure
        expect({ file, yaml: actual.toString('utf-8') }).toEqual({ file, yaml: expected.toString('utf-8') });
        expect(actual.equals(expected)).toBe(true);
      }
    });

    test('the team\'s rule, written in the language, judged the example\'s Deployments during synthesis', () => {
      expect(read(name, 'synth.txt')).toBe('MinReplicas judged the Deployments api, order-worker, payments-api, web\n');
    });

    test(`fails a latest image with the library's error (path, field, value, fix) as ${exception}`, () => {
      expect(read(name, 'invalid.txt')).toBe(`${exception}: ${latestImage}\n`);
    });

    test(`fails the synthesis of a one-replica Deployment with the team rule's finding, as ${synthException}`, () => {
      // the synthesis called back into the language (the rule) before it failed: the jsii runtime
      // then hands on the error as JavaScript prints it, "Error: <message>"
      expect(read(name, 'team-rule.txt')).toBe(`${synthException}: Error: ${teamRule}\n`);
    });
  });
});
