// The TypeScript examples in docs/*.md, compiled and translated by jsii-rosetta exactly as it does
// the README's (the README is in the jsii assembly, so `jsii-rosetta extract --strict` covers it
// in the build, before the languages are generated): strict, with the fixtures in rosetta/, so
// a renamed prop or a changed signature breaks the build, not the reader.
import * as fs from 'fs';
import * as path from 'path';
import { RosettaTranslator, SnippetParameters, TargetLanguage, TypeScriptSnippet } from 'jsii-rosetta';

const ROOT = fs.realpathSync(path.join(__dirname, '..', '..'));
const DOCS = path.join(ROOT, 'docs');

// jsii-rosetta's own Markdown extraction and fixtures (not in its exported API, so loaded by file
// path): the same code that `jsii-rosetta extract` runs over the README.
const ROSETTA = path.dirname(require.resolve('jsii-rosetta'));
interface RosettaInternals {
  extractTypescriptSnippetsFromMarkdown(markdown: string, location: { api: 'file'; fileName: string }, strict: boolean): TypeScriptSnippet[];
  fixturize(snippet: TypeScriptSnippet, loose?: boolean): TypeScriptSnippet;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { extractTypescriptSnippetsFromMarkdown } = require(path.join(ROSETTA, 'markdown/extract-snippets')) as Pick<RosettaInternals, 'extractTypescriptSnippetsFromMarkdown'>;
const { fixturize } = require(path.join(ROSETTA, 'fixtures')) as Pick<RosettaInternals, 'fixturize'>;
/* eslint-enable @typescript-eslint/no-require-imports */

const LANGUAGES = [TargetLanguage.PYTHON, TargetLanguage.JAVA, TargetLanguage.CSHARP, TargetLanguage.GO];

/** The TypeScript snippets of one Markdown file, with fixtures and this package to compile against. */
function snippetsOf(file: string): TypeScriptSnippet[] {
  const fileName = path.relative(ROOT, file);
  return extractTypescriptSnippetsFromMarkdown(fs.readFileSync(file, 'utf-8'), { api: 'file', fileName }, true)
    .map(snippet => fixturize({
      ...snippet,
      parameters: { ...snippet.parameters, [SnippetParameters.$PROJECT_DIRECTORY]: ROOT },
      // the package itself, compiled to lib/; rosetta adds its dependencies and peers
      compilationDependencies: { 'cdk8s-hardening': { type: 'concrete', resolvedDirectory: ROOT } },
    }));
}

async function translate(snippets: TypeScriptSnippet[]) {
  const translator = new RosettaTranslator({ includeCompilerDiagnostics: true });
  return translator.translateAll(snippets, { addToTablet: false });
}

const docs = fs.readdirSync(DOCS).filter(f => f.endsWith('.md')).sort();

describe('docs/*.md examples, through jsii-rosetta', () => {
  const snippets = new Map<string, TypeScriptSnippet[]>();
  let result: Awaited<ReturnType<typeof translate>>;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'index.d.ts'))) {
      throw new Error('the examples compile against lib/: run `npx projen compile` first');
    }
    for (const doc of docs) snippets.set(doc, snippetsOf(path.join(DOCS, doc)));
    result = await translate([...snippets.values()].flat());
  });

  test('the docs have TypeScript examples', () => {
    expect([...snippets.values()].flat().length).toBeGreaterThanOrEqual(5);
  });

  test('every TypeScript example compiles (strict)', () => {
    expect(result.diagnostics.filter(d => d.isError).map(d => d.formattedMessage)).toEqual([]);
  });

  test.each(docs)('%s: every TypeScript example is translated to every language', doc => {
    const translated = result.translatedSnippets.filter(t => t.snippet.location?.api.api === 'file' && t.snippet.location.api.fileName === `docs/${doc}`);
    expect(translated).toHaveLength(snippets.get(doc)!.length);
    for (const t of translated) {
      expect(t.snippet.didCompile).toBe(true);
      for (const language of LANGUAGES) {
        expect(t.get(language)?.source).toBeTruthy();
      }
    }
  });

  test('Python translation of an example is Python', () => {
    const rbac = result.translatedSnippets.find(t => t.get(TargetLanguage.PYTHON)?.source.includes('SeparatedRbac'));
    const python = rbac!.get(TargetLanguage.PYTHON)!.source;
    expect(python).toContain('from cdk8s_hardening import SeparatedRbac, Subject');
    expect(python).toContain('cluster_admins=[Subject.group("k8s-admins")]');
    expect(python).not.toMatch(/\bnew\b|;$/m);
  });

  test('fails an example that does not compile (strict)', async () => {
    const broken = snippetsOf(path.join(DOCS, 'rbac.md'))
      .map(s => ({ ...s, completeSource: s.completeSource!.replace('clusterAdmins:', 'clusterAdministrators:') }));
    const errors = (await translate(broken)).diagnostics.filter(d => d.isError).map(d => d.formattedMessage).join('\n');
    expect(errors).toContain('clusterAdministrators');
  });
});
