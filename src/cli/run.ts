import * as fs from 'fs';
import * as path from 'path';
import { ApplySets, failsAt, runCheck } from '../compliance/engine';
import { DEFAULT_MAX_FILE_SIZE, formatSize, parseSize } from '../compliance/inputs';
import { loadInputs } from '../compliance/loader';
import { CompliancePack } from '../compliance/packs';
import { ComplianceResult } from '../compliance/results';
import { parseSeverity, Severity } from '../compliance/severity';
import type { NetworkReachability } from '../network/reachability';
import { toolVersion } from '../report';
import { formatJson } from '../report/json';
import { formatMarkdown } from '../report/markdown';
import { formatPolicyReport } from '../report/policyreport';
import { formatSarif } from '../report/sarif';
import { formatText } from '../report/text';
import { LATEST_KNOWN_MINOR, LATEST_KNOWN_VERSION, parsePsaVersion } from '../standards/kubernetes-version';

/** Exit codes of the command. @internal */
export const EXIT = { CLEAN: 0, FINDINGS: 1, UNUSABLE: 2 } as const;

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'policyreport'];

const USAGE = `Usage: cdk8s-hardening check [options] PATH...
       cdk8s-hardening check --cluster [--context NAME] [--namespace NS]... [--against DIR] [options]
       cdk8s-hardening network [options] PATH...   (the paths the policies allow; network --help)

Checks Kubernetes manifests (YAML or JSON files, or folders of them) against the
Pod Security Standards and the NSA/CISA Kubernetes Hardening Guide.

Options:
  --format text|json|sarif|markdown|policyreport
                                      output format (default: text); policyreport:
                                      wgpolicyk8s.io/v1alpha2 PolicyReport objects per
                                      namespace and a ClusterPolicyReport, as YAML
  --pack NAME                         pack to check, repeatable or comma-separated:
                                      ${CompliancePack.all().map(p => p.name).join(', ')} (default: all)
  --fail-on error|warning|info        lowest severity that fails (default: error)
  --pss-version latest|v1.NN          Pod Security Standards version for objects whose
                                      Namespace (among the input) pins no enforce-version
                                      (default: latest = ${LATEST_KNOWN_VERSION})
  --kubernetes-version latest|v1.NN   Kubernetes version of the cluster, for what its API
                                      server authorizes (from v1.35, get on pods/exec is no
                                      exec) (default: latest = ${LATEST_KNOWN_VERSION})
  --output FILE                       write the report to FILE instead of standard output
                                      (never one of the inputs)
  -q, --quiet                         text report: only the findings that fail, and the summary
  -R, --recursive                     read the folders within folders too (as kubectl -R)
  --exclude GLOB                      do not read files or folders matching GLOB (*, **, ?);
                                      repeatable
  --max-file-size SIZE                refuse inputs larger than SIZE (e.g. 64M, 1G;
                                      default ${formatSize(DEFAULT_MAX_FILE_SIZE)})
  --jobs N                            threads reading inputs from 4 MiB on (default 1)
  --apply-set folder|all              which inputs are applied together, for duplicate
                                      objects: the files of each folder (default, as
                                      kubectl apply -f FOLDER), or every input
  --cluster                           check the live objects of a cluster instead of files,
                                      read by the kubeconfig's rules (KUBECONFIG, else
                                      ~/.kube/config, else the pod's service account)
  --context NAME                      with --cluster: the kubeconfig context (default: current)
  --namespace NS                      with --cluster: read these namespaces only; repeatable
                                      (default: the whole cluster)
  --against DIR                       with --cluster: also report the drift between the
                                      manifests in DIR and the live objects (DriftMissing,
                                      DriftChanged, DriftUndeclared)
  -h, --help                          show this help
  --version                           show the version

PATH is a file, a folder (its .json, .yaml and .yml files whatever their names, dot-files
included, as kubectl apply -f reads it) or - for standard input. In folders, a file that
holds no Kubernetes object (no document has a kind: a chart's values, construct-metadata.json)
is skipped with a notice.

Exit status: 0 no failing findings, 1 failing findings, 2 unusable input (reported with the
findings of every other input) or arguments.
`;

const NETWORK_FORMATS = ['markdown', 'table', 'mermaid', 'svg', 'html', 'json'];

const NETWORK_USAGE = `Usage: cdk8s-hardening network [options] PATH...

Prints the network paths that the NetworkPolicies of Kubernetes manifests allow: for every
pair of workloads and the peers outside them (anywhere, address blocks, pods of other
namespaces), the ports allowed when both the caller's egress and the receiver's ingress let
the connection through.

Options:
  --format FORMAT                        markdown (default: a Mermaid picture and a table),
                                         table, mermaid, svg (the picture), html (a standalone
                                         page: the picture, the table and, for SeparatedRbac's
                                         objects, who holds which sensitive capability), json
  --output FILE                          write to FILE instead of standard output
  -R, --recursive                        read the folders within folders too (as kubectl -R)
  --exclude GLOB                         do not read files or folders matching GLOB; repeatable
  -h, --help                             show this help
`;

/** Where the command writes. @internal */
export interface CliIo {
  /** Whether the text report may use colours (standard output is a terminal, NO_COLOR unset). */
  readonly colors?: boolean;
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends Error {}

/** @internal */
export interface Options {
  format: string;
  packs: CompliancePack[];
  failOn: Severity;
  output?: string;
  pssMinor: number;
  kubernetesMinor: number;
  quiet: boolean;
  recursive: boolean;
  exclude: string[];
  maxFileSize: number;
  jobs: number;
  applySets: ApplySets;
  paths: string[];
  /** `--cluster`: the live objects of a cluster. */
  cluster: boolean;
  context?: string;
  namespaces: string[];
  against?: string;
}

/** `-h`/`--help` and `--version` where an option or command is expected (not as an option's value). */
function informational(args: readonly string[]): 'help' | 'version' | undefined {
  const valued = new Set(['--format', '--pack', '--fail-on', '--output', '--pss-version', '--kubernetes-version', '--exclude', '--max-file-size', '--jobs', '--apply-set', '--context', '--namespace', '--against']);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--version') return 'version';
    if (valued.has(arg)) i++;
  }
  return undefined;
}

/** @internal */
export function parseArgs(args: readonly string[]): Options | 'help' | 'version' {
  const info = informational(args);
  if (info) return info;
  const [command, ...rest] = args;
  if (command !== 'check') {
    throw new UsageError(command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`);
  }
  const options: Options = { format: 'text', packs: [], failOn: Severity.ERROR, pssMinor: LATEST_KNOWN_MINOR, kubernetesMinor: LATEST_KNOWN_MINOR, quiet: false, recursive: false, exclude: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, jobs: 1, applySets: 'folder', paths: [], cluster: false, namespaces: [] };
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
      case '--recursive':
      case '-R':
        options.recursive = true;
        break;
      case '--exclude':
        options.exclude.push(value());
        break;
      case '--max-file-size': {
        const v = value();
        const size = parseSize(v);
        if (size === undefined) throw new UsageError(`--max-file-size must be a size such as 64M or 1G; got ${JSON.stringify(v)}`);
        options.maxFileSize = size;
        break;
      }
      case '--jobs': {
        const v = value();
        if (!/^[1-9][0-9]{0,2}$/.test(v)) throw new UsageError(`--jobs must be a number of threads from 1 to 999; got ${JSON.stringify(v)}`);
        options.jobs = Number(v);
        break;
      }
      case '--apply-set': {
        const v = value();
        if (v !== 'folder' && v !== 'all') throw new UsageError(`--apply-set must be folder or all; got ${JSON.stringify(v)}`);
        options.applySets = v;
        break;
      }
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
      case '--kubernetes-version': {
        const v = value();
        const minor = parsePsaVersion(v);
        if (minor === undefined) throw new UsageError(`--kubernetes-version must be "latest" or a Kubernetes minor version such as "v1.34"; got ${JSON.stringify(v)}`);
        options.kubernetesMinor = minor;
        break;
      }
      case '--cluster':
        options.cluster = true;
        break;
      case '--context':
        options.context = value();
        break;
      case '--namespace':
        options.namespaces.push(value());
        break;
      case '--against':
        options.against = value();
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  if (options.cluster) {
    if (options.paths.length > 0) throw new UsageError(`--cluster reads no PATH (got ${options.paths.join(' ')}); the manifests to compare the cluster with are --against DIR`);
  } else {
    for (const [flag, given] of [['--context', options.context !== undefined], ['--namespace', options.namespaces.length > 0], ['--against', options.against !== undefined]] as const) {
      if (given) throw new UsageError(`${flag} goes with --cluster`);
    }
    if (options.paths.length === 0) throw new UsageError('no PATH given');
  }
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
  if (args[0] === 'network') return runNetwork(args.slice(1), io);
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
  if (options.cluster) {
    io.err('cdk8s-hardening: check --cluster reads the cluster asynchronously: run it with runCommand (src/cli/cluster.ts)\n');
    return EXIT.UNUSABLE;
  }
  try {
    const { objects, files, errors, skipped } = loadInputs(options.paths, options);
    if (!options.quiet) {
      for (const s of skipped) io.err(`cdk8s-hardening: skipped ${s.file}: ${s.reason}\n`);
    }
    if (options.output !== undefined && files.some(f => sameFile(f, options.output!))) {
      io.err(`cdk8s-hardening: --output ${options.output} is one of the inputs; the report would overwrite it. Write the report elsewhere.\n`);
      return EXIT.UNUSABLE;
    }
    const result = {
      ...runCheck(objects, {
        packs: options.packs, pssMinor: options.pssMinor, kubernetesMinor: options.kubernetesMinor, applySets: options.applySets,
      }),
      inputErrors: errors.map(e => ({ file: e.file, line: e.line, problem: e.problem })),
    };
    if (!writeReport(result, objects, options, io)) return EXIT.UNUSABLE;
    if (errors.length > 0) {
      // in the report with the findings, and on standard error for whoever reads the log
      for (const e of errors) io.err(`cdk8s-hardening: ${e.message}\n`);
      return EXIT.UNUSABLE;
    }
    return failsAt(result, options.failOn) ? EXIT.FINDINGS : EXIT.CLEAN;
  } catch (e) {
    io.err(`cdk8s-hardening: cannot check the input: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.UNUSABLE;
  }
}

/**
 * Writes the report in the format asked for, to --output or standard output: false when it
 * could not be written (said on the error stream).
 * @internal
 */
export function writeReport(result: ComplianceResult, objects: Parameters<typeof NetworkReachability._fromObjects>[0],
  options: Options, io: CliIo): boolean {
  const version = toolVersion();
  const report = options.format === 'json' ? formatJson(result, version)
    : options.format === 'sarif' ? formatSarif(result, version)
      : options.format === 'markdown' ? formatMarkdown(result, networkSection(objects))
        : options.format === 'policyreport' ? formatPolicyReport(result, version, { failOn: options.failOn })
          : formatText(result, { colors: options.output === undefined && io.colors === true, quiet: options.quiet, failOn: options.failOn });
  if (options.output !== undefined) {
    try {
      fs.writeFileSync(options.output, report);
    } catch (e) {
      io.err(`cdk8s-hardening: cannot write the report to ${options.output}: ${e instanceof Error ? e.message : String(e)}\n`);
      return false;
    }
  } else {
    io.out(report);
  }
  return true;
}

/**
 * The network module, loaded when a report needs it: it brings cdk8s and its YAML library, which
 * `check` does not otherwise load (a third of its start-up).
 */
function reachability(): typeof NetworkReachability {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../network/reachability') as typeof import('../network/reachability')).NetworkReachability;
}

/** The HTML page of the network command, loaded with the network module when asked for. */
function networkHtml(): typeof import('../report/html').formatNetworkHtml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../report/html') as typeof import('../report/html')).formatNetworkHtml;
}

function networkSection(objects: Parameters<typeof NetworkReachability._fromObjects>[0]) {
  const reach = reachability()._fromObjects(objects);
  return { table: reach.toTable(), mermaid: reach.toMermaid() };
}

/** `cdk8s-hardening network`: the paths the policies of the inputs allow. */
function runNetwork(args: readonly string[], io: CliIo): number {
  let format = 'markdown';
  let output: string | undefined;
  let recursive = false;
  const exclude: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      io.out(NETWORK_USAGE);
      return EXIT.CLEAN;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : args[++i]);
    if (flag === '--format') {
      const f = value();
      if (f === undefined || !NETWORK_FORMATS.includes(f)) {
        io.err(`cdk8s-hardening: --format must be one of ${NETWORK_FORMATS.join(', ')}; got ${JSON.stringify(f ?? '')}\n\n${NETWORK_USAGE}`);
        return EXIT.UNUSABLE;
      }
      format = f;
    } else if (flag === '--exclude' || flag === '--output') {
      const v = value();
      if (v === undefined) {
        io.err(`cdk8s-hardening: ${flag} needs a value\n\n${NETWORK_USAGE}`);
        return EXIT.UNUSABLE;
      }
      if (flag === '--output') output = v;
      else exclude.push(v);
    } else if (flag === '-R' || flag === '--recursive') {
      recursive = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      io.err(`cdk8s-hardening: unknown option ${arg}\n\n${NETWORK_USAGE}`);
      return EXIT.UNUSABLE;
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) {
    io.err(`cdk8s-hardening: no PATH given\n\n${NETWORK_USAGE}`);
    return EXIT.UNUSABLE;
  }
  try {
    const { objects, files, errors } = loadInputs(paths, { recursive, exclude });
    if (output !== undefined && files.some(f => sameFile(f, output!))) {
      io.err(`cdk8s-hardening: --output ${output} is one of the inputs; it would be overwritten. Write elsewhere.\n`);
      return EXIT.UNUSABLE;
    }
    const reach = reachability()._fromObjects(objects);
    const out = format === 'table' ? reach.toTable()
      : format === 'mermaid' ? reach.toMermaid()
        : format === 'svg' ? reach.toSvg()
          : format === 'html' ? networkHtml()(objects, `Network paths: ${paths.join(', ')}`)
            : format === 'json' ? `${JSON.stringify({ nodes: reach.nodes, paths: reach.paths }, null, 2)}\n`
              : `\`\`\`mermaid\n${reach.toMermaid()}\`\`\`\n\n${reach.toTable()}`;
    if (output !== undefined) {
      try {
        fs.writeFileSync(output, out);
      } catch (e) {
        io.err(`cdk8s-hardening: cannot write ${output}: ${e instanceof Error ? e.message : String(e)}\n`);
        return EXIT.UNUSABLE;
      }
    } else {
      io.out(out);
    }
    for (const e of errors) io.err(`cdk8s-hardening: ${e.message}\n`);
    return errors.length > 0 ? EXIT.UNUSABLE : EXIT.CLEAN;
  } catch (e) {
    io.err(`cdk8s-hardening: cannot read the input: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.UNUSABLE;
  }
}
