import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { AUDIT_API_VERSION } from '../../../standards/audit';
import { asArray, asObject, asString } from '../../json';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/** The fields that narrow what an audit policy rule matches. */
const FILTERS = ['users', 'userGroups', 'verbs', 'namespaces', 'resources', 'nonResourceURLs'];

/**
 * An audit policy logs requests (NSA/CISA v1.1 §"Audit logging"): it has rules, and none of them
 * matches every request at level None. The API server uses the first matching rule, so a rule
 * at None with no `users`, `userGroups`, `verbs`, `namespaces`, `resources` or
 * `nonResourceURLs` drops every request the rules before it did not catch; first, it turns the
 * audit log off while the API server still looks audited. Dropping a kind of request (health
 * checks, events) names it; a policy that truly logs nothing acknowledges the rule with its
 * reason.
 */
export const AuditPolicyLogs: Rule = {
  id: 'AuditPolicyLogs',
  title: 'the audit policy has rules, and none drops every request (level None without a filter)',
  fix: 'narrow the None rule to the requests to drop (users, verbs, resources, nonResourceURLs), and end the policy with a rule at Metadata (HardenedAuditPolicy does)',
  helpUri: DOCS.AUDIT,
  kinds: [CONFIG_KINDS.AUDIT_POLICY],
  check: (object) => {
    const policy = configurationOf(object, [AUDIT_API_VERSION], CONFIG_KINDS.AUDIT_POLICY);
    if (!policy) return NOT_APPLICABLE;
    const rules = asArray(policy.rules);
    const findings: RuleFinding[] = [];
    if (rules.length === 0) findings.push({ path: 'rules', message: 'the audit policy has no rules, so the API server logs no request' });
    rules.forEach((r, i) => {
      const rule = asObject(r) ?? {};
      const narrowed = FILTERS.some(f => asArray(rule[f]).length > 0);
      if (asString(rule.level) === 'None' && !narrowed) {
        findings.push({
          path: `rules[${i}]`,
          message: i === 0
            ? 'the first rule drops every request (level None, no filter): the API server logs nothing'
            : `rule ${i} drops every request the ${i} rule${i === 1 ? '' : 's'} before it did not match (level None, no filter)`,
        });
      }
    });
    return outcome(findings);
  },
};
