// The public API raises no jsii reserved-word warning (JSII5018): no type, member or parameter is
// named with a word C#, Java, Python or Go reserves, so every binding keeps the TypeScript names.
// Read from the compiled assembly (.jsii), with jsii's own list.
import * as fs from 'fs';
import * as path from 'path';

// jsii's list of reserved words (a module its package does not export by name)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isReservedName } = require(path.join(path.dirname(require.resolve('jsii/package.json')), 'lib', 'reserved-words.js')) as {
  isReservedName: (name: string) => string[] | undefined;
};

interface AssemblyType {
  readonly fqn: string;
  readonly name: string;
  readonly initializer?: { readonly parameters?: Array<{ readonly name: string }> };
  readonly methods?: Array<{ readonly name: string; readonly parameters?: Array<{ readonly name: string }> }>;
  readonly properties?: Array<{ readonly name: string }>;
}

/** Every name of the assembly jsii checks, as `<type fqn>[#member][(parameter)]`. */
function namesOf(types: readonly AssemblyType[]): Array<{ where: string; name: string }> {
  const names: Array<{ where: string; name: string }> = [];
  for (const t of types) {
    names.push({ where: t.fqn, name: t.name });
    for (const p of t.initializer?.parameters ?? []) names.push({ where: `${t.fqn}#constructor(${p.name})`, name: p.name });
    for (const m of t.methods ?? []) {
      names.push({ where: `${t.fqn}#${m.name}`, name: m.name });
      for (const p of m.parameters ?? []) names.push({ where: `${t.fqn}#${m.name}(${p.name})`, name: p.name });
    }
    for (const p of t.properties ?? []) names.push({ where: `${t.fqn}#${p.name}`, name: p.name });
  }
  return names;
}

describe('reserved words', () => {
  const file = path.join(__dirname, '..', '..', '.jsii');
  const assembly = JSON.parse(fs.readFileSync(file, 'utf-8')) as { types: { [fqn: string]: AssemblyType } };

  test('no name of the public API is a reserved word of a jsii language', () => {
    const names = namesOf(Object.values(assembly.types));
    expect(names.length).toBeGreaterThan(100);
    expect(names.filter(n => isReservedName(n.name) !== undefined).map(n => `${n.where}: ${isReservedName(n.name)!.join(', ')}`)).toEqual([]);
  });

  test('fails (finds them) on an assembly that uses reserved words', () => {
    const names = namesOf([{ fqn: 'x.T', name: 'T', methods: [{ name: 'find', parameters: [{ name: 'namespace' }] }] }]);
    expect(names.filter(n => isReservedName(n.name) !== undefined).map(n => n.where)).toEqual(['x.T#find(namespace)']);
  });
});
