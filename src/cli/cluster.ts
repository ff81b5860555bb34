// `check --cluster`: the live objects of a cluster checked against the packs, and with
// `--against DIR` the drift between the manifests of DIR and the cluster. The other commands are
// run by run.ts; this is the command line's entry (main.ts), since reading a cluster is
// asynchronous.
import { CliIo, EXIT, Options, parseArgs, runCli, writeReport } from './run';
import { connect } from '../cluster/client';
import { findDrift } from '../cluster/drift';
import { kindsToRead } from '../cluster/kinds';
import { KindNotRead, readCluster } from '../cluster/reader';
import { failsAt, runCheck } from '../compliance/engine';
import { loadInputs } from '../compliance/loader';
import { KubeObject } from '../compliance/objects';
import { ComplianceFinding } from '../compliance/results';
import { Severity } from '../compliance/severity';

/** Rule id of the notice for a kind that could not be listed. @internal */
export const KIND_NOT_READ_RULE = 'ClusterKindNotRead';

/** Where the command writes, and a progress line for a terminal. @internal */
export interface CommandIo extends CliIo {
  /** Shows a line about the progress (replacing the previous one), when standard error is a terminal. */
  progress?(line: string): void;
  /** Clears the progress line. */
  progressDone?(): void;
}

/**
 * Runs the command: `check --cluster` here, everything else by runCli. Never throws.
 * @internal
 */
export async function runCommand(args: readonly string[], io: CommandIo): Promise<number> {
  let options: ReturnType<typeof parseArgs> | undefined;
  try {
    options = args[0] === 'check' ? parseArgs(args) : undefined;
  } catch {
    // runCli reports it with the usage
  }
  if (options === undefined || typeof options === 'string' || !options.cluster) return runCli(args, io);
  try {
    return await checkCluster(options, io);
  } catch (e) {
    io.progressDone?.();
    const message = e instanceof Error ? e.message : String(e);
    io.err(`cdk8s-hardening: cannot check the cluster: ${message}\n`);
    return EXIT.UNUSABLE;
  }
}

function notice(n: KindNotRead): ComplianceFinding {
  const where = n.namespace ? ` in namespace ${n.namespace}` : '';
  return {
    ruleId: KIND_NOT_READ_RULE,
    ruleTitle: 'every kind the packs judge is read from the cluster',
    severity: Severity.INFO,
    controls: [],
    packs: [],
    message: `${n.kind} (${n.groupVersion})${where} was not read, so none of its objects was judged: ${n.reason}`,
    fix: 'check with a user that may list it (RBAC: list on the resource), or check these objects another way',
    fieldPath: '',
    helpUri: 'https://github.com/cdk8s-hardening/cdk8s-hardening/blob/main/docs/compliance.md#live-clusters',
    resourceKind: n.kind,
    resourceApiVersion: n.groupVersion,
    resourceName: '*',
    resourceNamespace: n.namespace,
  };
}

async function checkCluster(options: Options, io: CommandIo): Promise<number> {
  let declared: KubeObject[] = [];
  let inputErrors: { file: string; line?: number; problem: string; message: string }[] = [];
  if (options.against !== undefined) {
    const loaded = loadInputs([options.against], options);
    declared = loaded.objects;
    inputErrors = loaded.errors;
    if (!options.quiet) for (const s of loaded.skipped) io.err(`cdk8s-hardening: skipped ${s.file}: ${s.reason}\n`);
  }
  const connection = await connect(options.context);
  const kinds = new Set(kindsToRead(options.packs));
  // the kinds the manifests declare, so that a declared object missing live is found
  for (const d of declared) kinds.add(d.kind);
  const read = await readCluster(connection, { kinds: [...kinds], namespaces: options.namespaces, progress: io.progress && (l => io.progress!(l)) });
  io.progressDone?.();
  if (!options.quiet) {
    for (const n of read.notRead) io.err(`cdk8s-hardening: not read: ${n.kind}${n.namespace ? ` in ${n.namespace}` : ''}: ${n.reason}\n`);
  }
  const checked = runCheck(read.objects, {
    packs: options.packs, pssMinor: options.pssMinor, kubernetesMinor: options.kubernetesMinor, applySets: 'all',
  });
  const drift = options.against === undefined ? [] : findDrift(declared, read.objects, {
    listed: read.listed, namespaces: options.namespaces, cluster: connection.context, manifests: options.against,
  });
  const result = {
    ...checked,
    findings: [...checked.findings, ...drift, ...read.notRead.map(notice)],
    inputErrors: inputErrors.map(e => ({ file: e.file, line: e.line, problem: e.problem })),
  };
  if (!writeReport(result, read.objects, options, io)) return EXIT.UNUSABLE;
  if (inputErrors.length > 0) {
    for (const e of inputErrors) io.err(`cdk8s-hardening: ${e.message}\n`);
    return EXIT.UNUSABLE;
  }
  return failsAt(result, options.failOn) ? EXIT.FINDINGS : EXIT.CLEAN;
}
