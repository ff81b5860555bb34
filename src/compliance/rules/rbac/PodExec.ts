import { coversCoreResource, policyRulesOf } from './rbac-helpers';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/** Running commands in containers (`pods/exec`, `pods/attach`) is an operator's tool, not an application's grant. */
export const PodExec: Rule = {
  id: 'PodExec',
  title: 'no Role grants create on pods/exec or pods/attach',
  fix: 'remove pods/exec and pods/attach from the Role; debug through a break-glass role outside the application',
  helpUri: 'https://hub.armosec.io/docs/c-0002',
  check: (object) => {
    const rules = policyRulesOf(object);
    if (!rules) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    for (const rule of rules) {
      if (!rule.verbs.includes('create') && !rule.verbs.includes('*')) continue;
      for (const sub of ['pods/exec', 'pods/attach']) {
        if (coversCoreResource(rule, sub)) {
          findings.push({ path: `${rule.path}.resources`, message: `${object.kind} "${object.name}" lets its subjects use ${sub}` });
        }
      }
    }
    return outcome(findings);
  },
};
