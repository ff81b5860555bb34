import { credentialProblem } from '../../../standards/credentials';
import { asArray, asObject, asString, isObject } from '../../json';
import { describeContainer, podSpecOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

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
        const why = typeof value === 'string' ? credentialProblem(key, value) : undefined;
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
        const why = credentialProblem(name, value);
        if (why) findings.push({ path: `${c.path}.env[${i}].value`, message: `${describeContainer(c)} sets env ${name} as a literal: ${why}` });
      });
    }
    return outcome(findings);
  },
};
