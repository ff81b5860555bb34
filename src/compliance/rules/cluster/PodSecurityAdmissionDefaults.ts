import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { APISERVER_CONFIG_API_VERSION } from '../../../standards/control-plane';
import { POD_SECURITY_PLUGIN, PSA_CONFIG_API_VERSION, PSA_MODES, psaLevelRank } from '../../../standards/psa';
import { asArray, asObject, asString, JsonObject } from '../../json';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

function checkDefaults(configuration: JsonObject, base: string, findings: RuleFinding[]): void {
  const defaults = asObject(configuration.defaults) ?? {};
  for (const mode of PSA_MODES) {
    const level = asString(defaults[mode]);
    if (psaLevelRank(level) < psaLevelRank('baseline')) {
      findings.push({
        path: `${base}defaults.${mode}`,
        message: level === undefined
          ? `the cluster-wide ${mode} default is not set: privileged, the plugin's default`
          : `the cluster-wide ${mode} default is ${JSON.stringify(level)}, weaker than "baseline"`,
      });
    }
  }
}

/**
 * The API server's Pod Security Admission defaults (for namespaces without their own labels) are
 * baseline at least, in every mode (NSA/CISA v1.1: restricted wherever possible, baseline at
 * least). Reads an AdmissionConfiguration's `PodSecurity` plugin, or a PodSecurityConfiguration.
 */
export const PodSecurityAdmissionDefaults: Rule = {
  id: 'PodSecurityAdmissionDefaults',
  title: 'the cluster-wide Pod Security Admission defaults are baseline at least',
  fix: 'set defaults.enforce, audit and warn to restricted (PodSecurityAdmissionDefaults), baseline at least',
  helpUri: DOCS.PSA,
  kinds: [CONFIG_KINDS.POD_SECURITY, CONFIG_KINDS.ADMISSION],
  check: (object) => {
    const standalone = configurationOf(object, [PSA_CONFIG_API_VERSION], CONFIG_KINDS.POD_SECURITY);
    const findings: RuleFinding[] = [];
    if (standalone) {
      checkDefaults(standalone, '', findings);
      return outcome(findings);
    }
    const admission = configurationOf(object, [APISERVER_CONFIG_API_VERSION], CONFIG_KINDS.ADMISSION);
    if (!admission) return NOT_APPLICABLE;
    const plugins = asArray(admission.plugins);
    const index = plugins.findIndex(p => asString(asObject(p)?.name) === POD_SECURITY_PLUGIN);
    if (index < 0) {
      return outcome([{ path: 'plugins', message: `the configuration has no ${POD_SECURITY_PLUGIN} plugin: every namespace without labels is privileged` }]);
    }
    const configuration = asObject(asObject(plugins[index])?.configuration);
    // a plugin configured through `path` is checked in that file
    if (!configuration) {
      return asString(asObject(plugins[index])?.path) ? NOT_APPLICABLE
        : outcome([{ path: `plugins[${index}]`, message: `the ${POD_SECURITY_PLUGIN} plugin has no configuration: every namespace without labels is privileged` }]);
    }
    checkDefaults(configuration, `plugins[${index}].configuration.`, findings);
    return outcome(findings);
  },
};
