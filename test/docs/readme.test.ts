import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The README's TypeScript examples are part of the contract: they are type-checked against
 * the library's source, in order, as one program (later examples may use names declared by
 * earlier ones), so a renamed prop or a changed signature breaks the build, not the reader.
 */
const ROOT = path.join(__dirname, '..', '..');

function readmeProgram(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]);
  const imports = new Map<string, Set<string>>();
  const body: string[] = [];
  for (const block of blocks) {
    for (const line of block.split('\n')) {
      const m = /^import \{ (.+) \} from '(.+)';$/.exec(line);
      if (m) {
        const names = imports.get(m[2]) ?? new Set<string>();
        m[1].split(',').map(s => s.trim()).filter(Boolean).forEach(n => names.add(n));
        imports.set(m[2], names);
      } else {
        body.push(line);
      }
    }
  }
  const header = [...imports.entries()].map(([mod, names]) => {
    const from = mod === 'cdk8s-hardening' ? path.join(ROOT, 'src') : mod;
    return `import { ${[...names].join(', ')} } from '${from}';`;
  });
  return [...header, ...body].join('\n');
}

describe('README', () => {
  test('has TypeScript examples', () => {
    expect(readmeProgram()).toContain('new HardenedDeployment(');
  });

  test('TypeScript examples type-check against the library', () => {
    const file = path.join(ROOT, 'test', '__readme_examples__.ts');
    const source = readmeProgram();
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) => name === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = name => name === file || fileExists(name);
    const program = ts.createProgram([file], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program).filter(d => d.file?.fileName === file);
    const messages = diagnostics.map(d => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')} -- ${source.split('\n')[line]}`;
    });
    expect(messages).toEqual([]);
  });
});
