// The Python, Java, Go and .NET sources that jsii-pacmak generates (`npx projen bindings`, part of
// the build, to dist/bindings/): every public type of the assembly is there, Python and Java with
// every property and method in their own casing, and each language's README shows its own code.
// The expected names are derived from the jsii assembly (so new constructs are covered), and a
// few are pinned by hand (so an empty derivation cannot pass).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(ROOT, 'dist', 'bindings');
const PYTHON = path.join(OUT, 'python', 'src', 'cdk8s_hardening', '__init__.py');
const JAVA = path.join(OUT, 'java', 'src', 'main', 'java', 'org', 'cdk8s', 'hardening');
const GO = path.join(OUT, 'go', 'cdk8shardening');
const DOTNET = path.join(OUT, 'dotnet', 'Org.Cdk8s.Hardening', 'Org', 'Cdk8s', 'Hardening');

interface Member { readonly name: string; readonly static?: boolean; readonly const?: boolean }
interface JsiiType {
  readonly fqn: string;
  readonly name: string;
  readonly kind: 'class' | 'interface' | 'enum';
  readonly datatype?: boolean;
  readonly abstract?: boolean;
  readonly properties?: Member[];
  readonly methods?: Member[];
  readonly members?: Member[];
}
interface Assembly { readonly fingerprint: string; readonly types: Record<string, JsiiType> }

/** Python's snake_case for a jsii name (as jsii-pacmak writes it: `requestsCpu` -> `requests_cpu`). */
function snakeCase(name: string): string {
  return name.replace(/([a-z\d])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z\d]+)/g, '$1_$2').toLowerCase();
}

const pascalCase = (name: string) => name[0].toUpperCase() + name.slice(1);

/** The text of one top-level Python class: from its `class` line to the next top-level statement. */
function pythonClass(module: string, name: string): string | undefined {
  const start = module.search(new RegExp(`^class ${name}\\b[(:]`, 'm'));
  if (start === -1) return undefined;
  const rest = module.slice(start + 1);
  const end = rest.search(/^(?:class |@|[a-z_]+\s*=|def |typing\.|publication\.)/m);
  return end === -1 ? rest : rest.slice(0, end);
}

/** The names one type must have in Python and Java. */
function expectations(type: JsiiType): { python: string[]; java: string[] } {
  const python: string[] = [];
  const java: string[] = [];
  for (const p of type.properties ?? []) {
    const constant = p.const === true;
    python.push(`def ${constant ? p.name : snakeCase(p.name)}(`);
    java.push(constant ? ` ${p.name}` : `get${pascalCase(p.name)}()`);
    if (type.datatype) java.push(`public Builder ${p.name}(`);
  }
  for (const m of type.methods ?? []) {
    python.push(`def ${snakeCase(m.name)}(`);
    java.push(` ${m.name}(`);
  }
  for (const m of type.members ?? []) {
    python.push(`${m.name} = "${m.name}"`);
    java.push(` ${m.name}`);
  }
  return { python, java };
}

/** The fenced code blocks of one language in a Markdown file. */
function fenced(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`^\`\`\`${language}\\b[^\\n]*\\n([\\s\\S]*?)^\`\`\``, 'gm'))].map(m => m[1]);
}

/** TypeScript that a translated example must not contain. */
const TYPESCRIPT = /\bconst \w+ =|import \{|=> |new \w+\(chart, '/;

describe('generated language bindings', () => {
  let assembly: Assembly;
  let types: JsiiType[];
  let python: string;

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, '.jsii'))) throw new Error('no .jsii assembly: run `npx projen compile` first');
    if (!fs.existsSync(PYTHON)) throw new Error('no generated bindings: run `npx projen post-compile` (after compile) first');
    assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf-8'));
    types = Object.values(assembly.types);
    python = fs.readFileSync(PYTHON, 'utf-8');
  });

  test('were generated from the current assembly', () => {
    // the npm package jsii-pacmak embeds in the Python package carries the assembly it was generated from
    const tarball = fs.readdirSync(path.dirname(PYTHON) + '/_jsii').find(f => f.endsWith('.jsii.tgz'));
    expect(tarball).toBe('cdk8s-hardening@0.1.0.jsii.tgz');
    const r = spawnSync('tar', ['-xzOf', path.join(path.dirname(PYTHON), '_jsii', tarball!), 'package/.jsii'], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as Assembly).fingerprint).toBe(assembly.fingerprint);
  });

  test('the core API is in the assembly (the derived checks below are not empty)', () => {
    const names = types.map(t => t.name);
    for (const name of ['HardenedNamespace', 'HardenedDeployment', 'HardenedStatefulSet', 'HardenedDaemonSet', 'HardenedJob',
      'HardenedCronJob', 'SeparatedRbac', 'Compliance', 'CompliancePack', 'CompliancePlugin', 'Peer', 'PolicyPort', 'PodSecurityLevel']) {
      expect(names).toContain(name);
    }
  });

  test('Python: every type, property and method, snake_case', () => {
    const missing: string[] = [];
    for (const type of types) {
      const body = pythonClass(python, type.name);
      if (body === undefined) {
        missing.push(`class ${type.name}`);
        continue;
      }
      missing.push(...expectations(type).python.filter(e => !body.includes(e)).map(e => `${type.name}: ${e}`));
    }
    expect(missing).toEqual([]);
  });

  test('Python: the props of a construct are keyword arguments of its constructor', () => {
    const deployment = pythonClass(python, 'HardenedDeployment')!;
    const init = deployment.slice(deployment.indexOf('def __init__('), deployment.indexOf(') -> None:'));
    for (const arg of ['automount_service_account_token_reason: typing.Optional[builtins.str] = None', 'writable_paths:', 'require_image_digest:',
      'disruption_budget:', 'run_as_user:', 'containers:']) {
      expect(init).toContain(arg);
    }
    expect(pythonClass(python, 'SeparatedRbac')).toContain('infrastructure_managers:');
    expect(pythonClass(python, 'PodSecurityLevel')).toContain('def PRIVILEGED(cls)');
    expect(pythonClass(python, 'CompliancePack')).toContain('def PSS_RESTRICTED(cls)');
  });

  test('fails a type or a property that is missing (the Python check is real)', () => {
    const fake: JsiiType = { fqn: 'cdk8s-hardening.Gone', name: 'Gone', kind: 'class' };
    expect(pythonClass(python, fake.name)).toBeUndefined();
    const props = pythonClass(python, 'HardenedDeploymentProps')!;
    const renamed = expectations({ ...types.find(t => t.name === 'HardenedDeploymentProps')!, properties: [{ name: 'automountTokenReason' }] });
    expect(renamed.python.filter(e => !props.includes(e))).toEqual(['def automount_token_reason(']);
  });

  test('Java: every type in its file, getters and builder methods camelCase', () => {
    const missing: string[] = [];
    for (const type of types) {
      const file = path.join(JAVA, `${type.name}.java`);
      if (!fs.existsSync(file)) {
        missing.push(`${type.name}.java`);
        continue;
      }
      const source = fs.readFileSync(file, 'utf-8');
      const kind = type.kind === 'enum' ? 'enum' : type.kind === 'interface' ? 'interface' : `${type.abstract ? 'abstract ' : ''}class`;
      if (!source.includes(`public ${kind} ${type.name} `)) missing.push(`public ${kind} ${type.name}`);
      missing.push(...expectations(type).java.filter(e => !source.includes(e)).map(e => `${type.name}: ${e}`));
    }
    expect(missing).toEqual([]);
    const deployment = fs.readFileSync(path.join(JAVA, 'HardenedDeployment.java'), 'utf-8');
    expect(deployment).toContain('public Builder automountServiceAccountTokenReason(final java.lang.String automountServiceAccountTokenReason)');
    expect(deployment).toContain('public static Builder create(final software.constructs.Construct scope, final java.lang.String id)');
  });

  test('Go and .NET: a file for every type', () => {
    const missing = types.flatMap(t => [path.join(GO, `${t.name}.go`), path.join(DOTNET, `${t.name}.cs`)]).filter(f => !fs.existsSync(f));
    expect(missing.map(f => path.relative(OUT, f))).toEqual([]);
    expect(fs.readFileSync(path.join(GO, 'HardenedDeploymentProps.go'), 'utf-8')).toContain('AutomountServiceAccountTokenReason *string');
    expect(fs.readFileSync(path.join(DOTNET, 'HardenedDeploymentProps.cs'), 'utf-8')).toContain('public string? AutomountServiceAccountTokenReason');
  });

  describe("each language's README shows its own code", () => {
    const readme = () => fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
    const examples = () => fenced(readme(), 'ts').length;

    test('the README has TypeScript examples', () => {
      expect(examples()).toBeGreaterThanOrEqual(8);
    });

    test('Python: every example translated, valid Python', () => {
      const md = fs.readFileSync(path.join(OUT, 'python', 'README.md'), 'utf-8');
      const blocks = fenced(md, 'python');
      // every TypeScript example translated, beside the README's own Python (its languages section)
      expect(blocks).toHaveLength(examples() + fenced(readme(), 'python').length);
      expect(fenced(md, 'ts')).toEqual([]);
      expect(blocks.filter(b => TYPESCRIPT.test(b))).toEqual([]);
      expect(md).toContain('from cdk8s_hardening import HardenedDeployment');
      expect(md).toContain('web = HardenedDeployment(chart, "web",');
      expect(md).toContain('Compliance.of(app).enable()');
      // the blocks parse as Python
      const r = spawnSync('python3', ['-c', 'import ast, json, sys\nfor b in json.load(sys.stdin): ast.parse(b)'], { input: JSON.stringify(blocks), encoding: 'utf-8' });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    });

    test('Java: the package documentation shows Java', () => {
      const doc = fs.readFileSync(path.join(JAVA, 'package-info.java'), 'utf-8');
      const blocks = [...doc.matchAll(/<blockquote><pre>([\s\S]*?)<\/pre><\/blockquote>/g)].map(m => m[1]);
      expect(blocks.filter(b => b.includes('import org.cdk8s.hardening.'))).toHaveLength(fenced(readme(), 'ts').filter(b => b.includes("from 'cdk8s-hardening'")).length);
      expect(blocks.filter(b => TYPESCRIPT.test(b))).toEqual([]);
      expect(doc).toContain('HardenedDeployment web = HardenedDeployment.Builder.create(chart, "web")');
      expect(doc).toContain('Compliance.of(app).enable();');
    });

    test('Go: every example translated', () => {
      const md = fs.readFileSync(path.join(GO, 'README.md'), 'utf-8');
      const blocks = fenced(md, 'go');
      expect(blocks).toHaveLength(examples() + fenced(readme(), 'go').length);
      expect(blocks.filter(b => TYPESCRIPT.test(b))).toEqual([]);
      expect(md).toContain('web := cdk8shardening.NewHardenedDeployment(chart, jsii.String("web"), &HardenedDeploymentProps{');
    });

    test('.NET: the namespace documentation shows C#', () => {
      const doc = fs.readFileSync(path.join(DOTNET, 'NamespaceDoc.cs'), 'utf-8');
      const blocks = [...doc.matchAll(/<code><!\[CDATA\[([\s\S]*?)\]\]><\/code>/g)].map(m => m[1]);
      expect(blocks.filter(b => TYPESCRIPT.test(b))).toEqual([]);
      expect(doc).toContain('var web = new HardenedDeployment(chart, "web", new HardenedDeploymentProps {');
      expect(doc).toContain('Compliance.Of(app).Enable();');
    });
  });
});
