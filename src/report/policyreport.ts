import { dump } from 'js-yaml';
import { ComplianceFinding, ComplianceResult } from '../compliance/results';
import { atLeast, Severity } from '../compliance/severity';
import { DEFAULT_NAMESPACE, isClusterScoped } from '../standards/kinds';

/**
 * The Policy WG's report format, which Kyverno, Kubescape's and Trivy's operators write into
 * clusters: a PolicyReport per namespace and a ClusterPolicyReport for cluster-wide objects.
 * @see https://github.com/kubernetes-sigs/wg-policy-prototypes/tree/master/policy-report
 * @internal
 */
export const POLICY_REPORT_API_VERSION = 'wgpolicyk8s.io/v1alpha2';

/** The name of the reports this tool writes (one per namespace). @internal */
export const POLICY_REPORT_NAME = 'cdk8s-hardening';

/** The report's severities: `critical` is left to whoever can tell exploitability. */
const SEVERITY: Record<Severity, string> = { [Severity.ERROR]: 'high', [Severity.WARNING]: 'medium', [Severity.INFO]: 'info' };

/** @internal */
export interface PolicyReportOptions {
  /** Lowest severity that fails: findings below it are `warn`. */
  readonly failOn: Severity;
  /** When the check ran (seconds since 1970). */
  readonly timestamp?: number;
}

type Json = Record<string, unknown>;

interface Report {
  readonly namespace?: string;
  readonly results: Json[];
  readonly summary: Record<'pass' | 'fail' | 'warn' | 'error' | 'skip', number>;
}

/** `Kind namespace/name` (describeObject) back into its parts. */
function parseDescription(text: string): { kind: string; namespace?: string; name: string } | undefined {
  const m = /^(\S+) (?:([^/\s]+)\/)?(.+)$/.exec(text);
  return m ? { kind: m[1], namespace: m[2], name: m[3] } : undefined;
}

/**
 * The result as PolicyReport (one per namespace) and ClusterPolicyReport objects, as YAML
 * documents that `kubectl apply -f` takes with the Policy WG's CRDs installed. Open findings are
 * `fail` (or `warn` below `failOn`), acknowledged ones `skip` with the reason, inputs that could not
 * be read `error`, and each rule's compliant objects one `pass` per report.
 * @internal
 */
export function formatPolicyReport(result: ComplianceResult, toolVersion: string, options: PolicyReportOptions): string {
  const timestamp = { seconds: options.timestamp ?? Math.floor(Date.now() / 1000), nanos: 0 };
  const reports = new Map<string, Report>();
  const reportOf = (namespace: string | undefined): Report => {
    const key = namespace ?? '';
    let r = reports.get(key);
    if (!r) reports.set(key, r = { namespace, results: [], summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 } });
    return r;
  };
  const namespaceOfFinding = (f: ComplianceFinding): string | undefined =>
    !f.resourceKind || isClusterScoped(f.resourceApiVersion, f.resourceKind) ? undefined : f.resourceNamespace ?? DEFAULT_NAMESPACE;
  const add = (f: ComplianceFinding, outcome: 'fail' | 'warn' | 'skip') => {
    const properties: Record<string, string> = { fieldPath: f.fieldPath, fix: f.fix };
    if (f.controls.length > 0) properties.controls = f.controls.join('; ');
    if (f.file) properties.file = f.line !== undefined ? `${f.file}:${f.line}` : f.file;
    if (f.constructPath) properties.constructPath = f.constructPath;
    if (f.pssVersion) properties.pssVersion = f.pssVersion;
    if (f.acknowledgement !== undefined) properties.acknowledgement = f.acknowledgement;
    const report = reportOf(namespaceOfFinding(f));
    report.summary[outcome]++;
    report.results.push({
      source: 'cdk8s-hardening',
      policy: f.ruleId,
      rule: f.ruleId,
      ...(f.packs.length > 0 ? { category: f.packs.join(', ') } : {}),
      severity: SEVERITY[f.severity],
      result: outcome,
      scored: true,
      timestamp,
      message: f.message,
      ...(f.resourceKind ? {
        resources: [{
          apiVersion: f.resourceApiVersion,
          kind: f.resourceKind,
          name: f.resourceName,
          ...(namespaceOfFinding(f) !== undefined ? { namespace: namespaceOfFinding(f) } : {}),
        }],
      } : {}),
      properties,
    });
  };
  for (const f of result.findings) add(f, atLeast(f.severity, options.failOn) ? 'fail' : 'warn');
  for (const f of result.acknowledged) add(f, 'skip');
  for (const e of result.inputErrors ?? []) {
    const report = reportOf(undefined);
    report.summary.error++;
    report.results.push({
      source: 'cdk8s-hardening',
      policy: 'InputUnusable',
      result: 'error',
      scored: false,
      timestamp,
      message: e.problem,
      properties: { file: e.line !== undefined ? `${e.file}:${e.line}` : e.file },
    });
  }
  for (const rule of result.rules) {
    if (rule.compliantCount === 0) continue;
    const byReport = new Map<string, Json[]>();
    for (const text of rule.compliantObjects) {
      const o = parseDescription(text);
      if (!o) continue;
      const key = o.namespace ?? '';
      let list = byReport.get(key);
      if (!list) byReport.set(key, list = []);
      list.push({ kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) });
    }
    for (const [key, resources] of byReport) {
      const report = reportOf(key === '' ? undefined : key);
      report.summary.pass++;
      report.results.push({
        source: 'cdk8s-hardening',
        policy: rule.ruleId,
        rule: rule.ruleId,
        ...(rule.packs.length > 0 ? { category: rule.packs.join(', ') } : {}),
        severity: SEVERITY[rule.severity],
        result: 'pass',
        scored: true,
        timestamp,
        message: rule.ruleTitle,
        resources,
        properties: { compliantObjects: String(resources.length) },
      });
    }
  }
  const documents = [...reports.values()]
    .sort((a, b) => (a.namespace ?? '').localeCompare(b.namespace ?? ''))
    .map(r => ({
      apiVersion: POLICY_REPORT_API_VERSION,
      kind: r.namespace === undefined ? 'ClusterPolicyReport' : 'PolicyReport',
      metadata: {
        name: POLICY_REPORT_NAME,
        ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
        labels: { 'app.kubernetes.io/managed-by': 'cdk8s-hardening' },
        annotations: { 'cdk8s-hardening/version': toolVersion },
      },
      summary: r.summary,
      results: r.results,
    }));
  return documents.map(d => dump(d, { lineWidth: -1, noRefs: true })).join('---\n');
}
