import { asArray, asObject, asString, isObject } from '../../json';
import { describeContainer, podSpecOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/** Names that announce a credential... */
const SENSITIVE_NAME = /(passw(or)?d|passwd|secret|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|credential|auth[-_.]?key|bearer|jwt)/i;
/** ...unless they name where the credential is, not the credential itself. */
const REFERENCE_NAME = /([-_.](file|path|dir|name|ref|url|uri|endpoint|enabled|ttl|length|timeout|expiry|header)$)/i;
/** Values that are credentials whatever their name. */
const SENSITIVE_VALUE = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/,
  /\bxox[abpors]-[A-Za-z0-9-]{10,}/,
];

function looksSensitive(name: string, value: string): string | undefined {
  if (value.trim() === '') return undefined;
  if (SENSITIVE_VALUE.some(re => re.test(value))) return 'its value looks like a credential';
  if (SENSITIVE_NAME.test(name) && !REFERENCE_NAME.test(name)) return 'its name suggests a credential';
  return undefined;
}

/**
 * Credentials belong in Secrets, not in environment variable literals or ConfigMaps: flags `env`
 * values and ConfigMap keys whose name or value looks like a credential.
 */
export const CredentialsInConfig: Rule = {
  id: 'CredentialsInConfig',
  title: 'no credentials in env literals or ConfigMaps',
  fix: 'move the value into a Secret and reference it (env[].valueFrom.secretKeyRef or a secret volume)',
  helpUri: 'https://hub.armosec.io/docs/c-0012',
  check: (object) => {
    const findings: RuleFinding[] = [];
    if (object.kind === 'ConfigMap') {
      const data = asObject(object.json.data) ?? {};
      for (const [key, value] of Object.entries(data)) {
        const why = typeof value === 'string' ? looksSensitive(key, value) : undefined;
        if (why) findings.push({ path: `data["${key}"]`, message: `ConfigMap key "${key}" may hold a credential: ${why}` });
      }
      return outcome(findings);
    }
    const pod = podSpecOf(object);
    if (!pod) return NOT_APPLICABLE;
    for (const c of pod.containers) {
      asArray(c.json.env).forEach((e, i) => {
        if (!isObject(e)) return;
        const name = asString(e.name) ?? '';
        const value = asString(e.value);
        if (value === undefined) return;
        const why = looksSensitive(name, value);
        if (why) findings.push({ path: `${c.path}.env[${i}].value`, message: `${describeContainer(c)} sets env ${name} as a literal: ${why}` });
      });
    }
    return outcome(findings);
  },
};
