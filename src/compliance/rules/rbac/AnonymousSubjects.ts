import { bindingOf, name, RBAC_URI } from './rbac-helpers';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

const ANONYMOUS = new Set(['system:anonymous', 'system:unauthenticated']);

/** No binding grants anything to anonymous or unauthenticated requests. */
export const AnonymousSubjects: Rule = {
  id: 'AnonymousSubjects',
  title: 'no binding has system:anonymous or system:unauthenticated as a subject',
  fix: 'remove the subject; grant access to authenticated ServiceAccounts, users or groups only',
  helpUri: `${RBAC_URI}`,
  check: (object) => {
    const binding = bindingOf(object);
    if (!binding) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    binding.subjects.forEach((s, i) => {
      if (ANONYMOUS.has(name(s.name))) {
        findings.push({ path: `subjects[${i}].name`, message: `${object.kind} "${object.name}" grants access to ${name(s.name)}` });
      }
    });
    return outcome(findings);
  },
};
