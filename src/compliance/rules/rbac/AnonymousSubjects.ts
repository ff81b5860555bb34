import { BINDING_KINDS, bindingOf, name, RBAC_URI } from './rbac-helpers';
import { BROAD_SUBJECTS } from '../../../standards/rbac';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';


/**
 * No binding grants anything to anonymous or unauthenticated requests, nor to every
 * authenticated caller (`system:authenticated`: every user and every ServiceAccount of the
 * cluster), which SeparatedRbac refuses for the same reason.
 */
export const AnonymousSubjects: Rule = {
  id: 'AnonymousSubjects',
  title: `no binding has ${BROAD_SUBJECTS.join(', ')} as a subject`,
  fix: 'remove the subject; grant access to authenticated ServiceAccounts, users or groups only',
  helpUri: `${RBAC_URI}`,
  kinds: BINDING_KINDS,
  check: (object) => {
    const binding = bindingOf(object);
    if (!binding) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    binding.subjects.forEach((s, i) => {
      if (BROAD_SUBJECTS.includes(name(s.name))) {
        findings.push({ path: `subjects[${i}].name`, message: `${object.kind} "${object.name}" grants access to ${name(s.name)}` });
      }
    });
    return outcome(findings);
  },
};
