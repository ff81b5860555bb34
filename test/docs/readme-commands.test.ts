// The README's first command (`npm install && npm run example`) leaves a checkout in which the
// documented `npx cdk8s-hardening check examples/dist/` runs: the example task compiles the
// library (lib/, where the command's bin is) before it synthesizes. .ci/run runs both lines on a
// clean clone, in the README's order.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
const TASKS = (JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')) as {
  tasks: { [name: string]: { steps?: Array<{ exec?: string; spawn?: string }> } };
}).tasks;

/** The commands a projen task runs, its spawned tasks expanded in place. */
function commandsOf(task: string): string[] {
  return (TASKS[task]?.steps ?? []).flatMap(s => s.spawn !== undefined ? commandsOf(s.spawn) : s.exec !== undefined ? [s.exec] : []);
}

const COMMAND_1 = 'npm install && npm run example';
const CHECK_LINE = 'npx cdk8s-hardening check examples/dist/';

describe('README commands', () => {
  test('the first command is the example task, and the check line follows it in the README', () => {
    expect(README.split('\n').find(l => l.startsWith('npm install && npm run example'))?.startsWith(COMMAND_1)).toBe(true);
    expect(README).toContain(CHECK_LINE);
  });

  test('the example task compiles lib/ (the check command\'s bin) before it synthesizes the example', () => {
    const bin = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')) as { bin: { [name: string]: string } }).bin['cdk8s-hardening'];
    expect(bin).toBe('lib/cli/main.js');
    const commands = commandsOf('example');
    const compile = commands.findIndex(c => c === 'jsii' || c.startsWith('jsii '));
    const synth = commands.findIndex(c => c.includes('examples/main.ts'));
    expect(compile).toBeGreaterThanOrEqual(0);
    expect(synth).toBeGreaterThan(compile);
  });

  test('.ci/run runs the check line on a clean clone right after the first command', () => {
    const lines = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf-8').split('\n').map(l => l.trim());
    const first = lines.indexOf(COMMAND_1);
    expect(first).toBeGreaterThanOrEqual(0);
    const check = lines.findIndex((l, i) => i > first && l.startsWith(CHECK_LINE));
    expect(check).toBeGreaterThan(first);
    expect(lines.slice(first + 1, check).some(l => l.startsWith('npm ') || l.startsWith('npx '))).toBe(false);
  });
});
