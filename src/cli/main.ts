#!/usr/bin/env node
import { runCommand } from './cluster';

// colours only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org)
const colors = process.stdout.isTTY === true && !process.env.NO_COLOR;
// a progress line while a cluster is read, on a terminal only
const terminal = process.stderr.isTTY === true;

void runCommand(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  colors,
  progress: terminal ? (line) => process.stderr.write(`\r\u001b[K${line.slice(0, (process.stderr.columns || 80) - 1)}`) : undefined,
  progressDone: terminal ? () => process.stderr.write('\r\u001b[K') : undefined,
}).then(code => {
  process.exitCode = code;
});
