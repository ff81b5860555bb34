import { PSA_VERSION_SYNTAX } from '../../../standards/kubernetes-version';
import { PSA_MODES, PsaMode, psaLevelLabel, psaLevelRank, psaVersionLabel } from '../../../standards/psa';
import { asObject, asStringMap } from '../../json';
import { KubeObject } from '../../objects';
import { COMPLIANT, NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/** One Pod Security Admission mode of a namespace, as its labels set it. @internal */
export interface PsaModeLabels {
  readonly mode: PsaMode;
  /** JSON path of the level label, for findings. */
  readonly path: string;
  readonly level?: string;
  readonly version?: string;
}

/** The enforce, audit and warn modes of a Namespace, read from its labels. @internal */
export function psaModes(object: KubeObject): PsaModeLabels[] {
  const labels = asStringMap(asObject(object.json.metadata)?.labels);
  return PSA_MODES.map(mode => ({
    mode,
    path: `metadata.labels["${psaLevelLabel(mode)}"]`,
    level: labels[psaLevelLabel(mode)],
    version: labels[psaVersionLabel(mode)],
  }));
}

/**
 * Every Namespace has Pod Security Admission labels for enforce, audit and warn, each at
 * `baseline` or `restricted` (NSA/CISA v1.1: "restricted wherever possible, baseline at least");
 * a `-version` label, when present, is `latest` or `v1.NN`. `PsaRestricted` asks for more.
 */
export const PsaLabels: Rule = {
  id: 'PsaLabels',
  title: `Namespace labels ${psaLevelLabel('enforce')}, audit and warn are present, at baseline or restricted`,
  fix: `label the namespace ${psaLevelLabel('enforce')}=restricted, audit=restricted and warn=restricted (baseline at least)`,
  helpUri: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
  kinds: ['Namespace'],
  check: (object) => {
    if (object.kind !== 'Namespace') return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const { mode, path, level, version } of psaModes(object)) {
      if (level === undefined) {
        findings.push({ path, message: `the namespace has no ${mode} level (label ${psaLevelLabel(mode)} missing)` });
      } else if (psaLevelRank(level) < psaLevelRank('baseline')) {
        findings.push({ path, message: `the namespace's ${mode} level is ${JSON.stringify(level)}, weaker than "baseline"` });
      }
      if (version !== undefined && !PSA_VERSION_SYNTAX.test(version)) {
        findings.push({ path: `metadata.labels["${psaVersionLabel(mode)}"]`, message: `the ${mode} version ${JSON.stringify(version)} is neither "latest" nor "v1.NN"` });
      }
    }
    return findings.length === 0 ? COMPLIANT : outcome(findings);
  },
};
