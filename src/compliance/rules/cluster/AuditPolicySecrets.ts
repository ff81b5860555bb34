import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { AUDIT_API_VERSION, AuditRuleShape, bodyLoggingRule, CREDENTIAL_RESOURCES, groupResourceName } from '../../../standards/audit';
import { asArray, asObject, asString } from '../../json';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

function strings(value: unknown): string[] | undefined {
  const list = asArray(value).map(v => asString(v)).filter((v): v is string => v !== undefined);
  return list.length > 0 ? list : undefined;
}

/** An audit policy rule as the matcher reads it. */
function shapeOf(rule: unknown): AuditRuleShape {
  const r = asObject(rule) ?? {};
  return {
    level: asString(r.level) ?? '',
    users: strings(r.users),
    userGroups: strings(r.userGroups),
    verbs: strings(r.verbs),
    namespaces: strings(r.namespaces),
    resources: Array.isArray(r.resources) ? asArray(r.resources).map(gr => {
      const g = asObject(gr) ?? {};
      return { group: asString(g.group) ?? '', resources: strings(g.resources), resourceNames: strings(g.resourceNames) };
    }) : undefined,
    nonResourceURLs: strings(r.nonResourceURLs),
  };
}

/**
 * An audit policy never logs the body of a request or response that carries credentials
 * (Secrets, ConfigMaps, TokenReviews, `serviceaccounts/token`): every rule that such a request
 * can reach first (the API server uses the first matching rule) is at Metadata or None.
 */
export const AuditPolicySecrets: Rule = {
  id: 'AuditPolicySecrets',
  title: 'the audit policy logs Secrets, ConfigMaps and tokens at Metadata at most',
  fix: 'put a rule logging secrets, configmaps, serviceaccounts/token and tokenreviews at Metadata before any rule at Request or RequestResponse (HardenedAuditPolicy does)',
  helpUri: DOCS.AUDIT,
  kinds: [CONFIG_KINDS.AUDIT_POLICY],
  check: (object) => {
    const policy = configurationOf(object, [AUDIT_API_VERSION], CONFIG_KINDS.AUDIT_POLICY);
    if (!policy) return NOT_APPLICABLE;
    const rules = asArray(policy.rules).map(shapeOf);
    const leaks = new Map<number, { level: string; resources: string[] }>();
    for (const resource of CREDENTIAL_RESOURCES) {
      const leak = bodyLoggingRule(rules, resource);
      if (!leak) continue;
      const entry = leaks.get(leak.index) ?? { level: leak.level, resources: [] };
      entry.resources.push(groupResourceName(resource));
      leaks.set(leak.index, entry);
    }
    const findings: RuleFinding[] = [...leaks].map(([index, { level, resources }]) => ({
      path: `rules[${index}].level`,
      message: `rule ${index} logs bodies (${level}) of requests that carry credentials: ${resources.join(', ')}`,
    }));
    return outcome(findings);
  },
};
