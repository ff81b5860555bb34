#!/usr/bin/env node
import { runCli } from './run';

// colours only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org)
const colors = process.stdout.isTTY === true && !process.env.NO_COLOR;

process.exitCode = runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  colors,
});
