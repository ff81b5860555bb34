import * as fs from 'fs';
import * as path from 'path';
import { failsAt, runCheck } from '../compliance/engine';
import { loadPaths, ManifestError } from '../compliance/loader';
import { CompliancePack } from '../compliance/packs';
import { parseSeverity, Severity } from '../compliance/severity';
import { toolVersion } from '../report';
import { formatJson } from '../report/json';
import { formatMarkdown } from '../report/markdown';
import { formatSarif } from '../report/sarif';
import { formatText } from '../report/text';
import { LATEST_KNOWN_MINOR, LATEST_KNOWN_VERSION, parsePsaVersion } from '../standards/kubernetes-version';

/** Exit codes of the command. @internal */
export const EXIT = { CLEAN: 0, FINDINGS: 1, UNUSABLE: 2 } as const;

const FORMATS = ['text', 'json', 'sarif', 'markdown'];

const USAGE = `Usage: cdk8s-hardening check [options] PATH...

Checks Kubernetes manifests (YAML or JSON files, or folders of them) against the
Pod Security Standards and the NSA/CISA Kubernetes Hardening Guide.

Options:
  --format text|json|sarif|markdown   output format (default: text)
  --pack NAME                         pack to check, repeatable or comma-separated:
                                      ${CompliancePack.all().map(p => p.name).join(', ')} (default: all)
  --fail-on error|warning|info        lowest severity that fails (default: error)
  --pss-version latest|v1.NN          Pod Security Standards version for objects whose
                                      Namespace (among the input) pins no enforce-version
                                      (default: latest = ${LATEST_KNOWN_VERSION})
  --output FILE                       write the report to FILE instead of standard output
                                      (never one of the inputs)
  -q, --quiet                         text report: only the findings that fail, and the summary
  -h, --help                          show this help
  --version                           show the version

Exit status: 0 no failing findings, 1 failing findings, 2 unusable input or arguments.
`;

/** Where the command writes. @internal */
export interface CliIo {
  /** Whether the text report may use colours (standard output is a terminal, NO_COLOR unset). */
  readonly colors?: boolean;
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends Error {}

interface Options {
  format: string;
  packs: CompliancePack[];
  failOn: Severity;
  output?: string;
  pssMinor: number;
  quiet: boolean;
  paths: string[];
}

/** `-h`/`--help` and `--version` where an option or command is expected (not as an option's value). */
function informational(args: readonly string[]): 'help' | 'version' | undefined {
  const valued = new Set(['--format', '--pack', '--fail-on', '--output', '--pss-version']);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--version') return 'version';
    if (valued.has(arg)) i++;
  }
  return undefined;
}

function parseArgs(args: readonly string[]): Options | 'help' | 'version' {
  const info = informational(args);
  if (info) return info;
  const [command, ...rest] = args;
  if (command !== 'check') {
    throw new UsageError(command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`);
  }
  const options: Options = { format: 'text', packs: [], failOn: Severity.ERROR, pssMinor: LATEST_KNOWN_MINOR, quiet: false, paths: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = rest[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--format': {
        const f = value();
        if (!FORMATS.includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got ${JSON.stringify(f)}`);
        options.format = f;
        break;
      }
      case '--pack':
        for (const name of value().split(',').map(s => s.trim()).filter(s => s)) {
          const pack = CompliancePack.fromName(name);
          if (!pack) throw new UsageError(`unknown pack ${JSON.stringify(name)}; known: ${CompliancePack.all().map(p => p.name).join(', ')}`);
          if (!options.packs.includes(pack)) options.packs.push(pack);
        }
        break;
      case '--fail-on': {
        const v = value();
        const s = parseSeverity(v);
        if (!s) throw new UsageError(`--fail-on must be error, warning or info; got ${JSON.stringify(v)}`);
        options.failOn = s;
        break;
      }
      case '--output':
        options.output = value();
        break;
      case '--quiet':
      case '-q':
        options.quiet = true;
        break;
      case '--pss-version': {
        const v = value();
        const minor = parsePsaVersion(v);
        if (minor === undefined) throw new UsageError(`--pss-version must be "latest" or a Kubernetes minor version such as "v1.32"; got ${JSON.stringify(v)}`);
        options.pssMinor = minor;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) throw new UsageError('no PATH given');
  if (options.packs.length === 0) options.packs = CompliancePack.all();
  return options;
}

/** Whether two paths name the same file (the second may not exist yet). */
function sameFile(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/**
 * Runs the command and returns its exit code. Never throws: every failure is a message on the
 * error stream and exit code 2.
 * @internal
 */
export function runCli(args: readonly string[], io: CliIo): number {
  let options: Options | 'help' | 'version';
  try {
    options = parseArgs(args);
  } catch (e) {
    io.err(`cdk8s-hardening: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return EXIT.UNUSABLE;
  }
  if (options === 'help') {
    io.out(USAGE);
    return EXIT.CLEAN;
  }
  if (options === 'version') {
    io.out(`${toolVersion()}\n`);
    return EXIT.CLEAN;
  }
  try {
    const { objects, files } = loadPaths(options.paths);
    if (options.output !== undefined && files.some(f => sameFile(f, options.output!))) {
      io.err(`cdk8s-hardening: --output ${options.output} is one of the inputs; the report would overwrite it. Write the report elsewhere.\n`);
      return EXIT.UNUSABLE;
    }
    const result = runCheck(objects, { packs: options.packs, pssMinor: options.pssMinor });
    const version = toolVersion();
    const report = options.format === 'json' ? formatJson(result, version)
      : options.format === 'sarif' ? formatSarif(result, version)
        : options.format === 'markdown' ? formatMarkdown(result)
          : formatText(result, { colors: options.output === undefined && io.colors === true, quiet: options.quiet, failOn: options.failOn });
    if (options.output !== undefined) {
      try {
        fs.writeFileSync(options.output, report);
      } catch (e) {
        io.err(`cdk8s-hardening: cannot write the report to ${options.output}: ${e instanceof Error ? e.message : String(e)}\n`);
        return EXIT.UNUSABLE;
      }
    } else {
      io.out(report);
    }
    return failsAt(result, options.failOn) ? EXIT.FINDINGS : EXIT.CLEAN;
  } catch (e) {
    if (e instanceof ManifestError) {
      io.err(`cdk8s-hardening: ${e.message}\n`);
    } else {
      io.err(`cdk8s-hardening: cannot check the input: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    return EXIT.UNUSABLE;
  }
}
