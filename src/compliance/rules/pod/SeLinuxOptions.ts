import { PSS_CHECKS } from '../../../standards/pss';
import { asString, JsonObject } from '../../json';
import { describeContainer } from '../../objects';
import { Rule, RuleFinding } from '../../rule';
import { checkPss, pssRule, render, sub } from '../pod-helpers';

function checkOptions(options: JsonObject | undefined, allowed: readonly string[], path: string, who: string, findings: RuleFinding[]): void {
  if (!options) return;
  const type = asString(options.type) ?? '';
  if (!allowed.includes(type)) {
    findings.push({ path: `${path}.seLinuxOptions.type`, message: `${who} sets SELinux type ${render(options.type)}` });
  }
  for (const field of ['user', 'role']) {
    const value = asString(options[field]) ?? '';
    if (value !== '') {
      findings.push({ path: `${path}.seLinuxOptions.${field}`, message: `${who} sets a custom SELinux ${field} (${render(value)})` });
    }
  }
}

/**
 * SELinux may not be loosened: `seLinuxOptions.type` is unset or a container type
 * (`container_engine_t` from 1.31), and `user` and `role` are unset.
 */
export const SeLinuxOptions: Rule = {
  id: 'SeLinuxOptions',
  title: 'seLinuxOptions.type is a container type; user and role are unset',
  fix: 'remove seLinuxOptions.user and .role; use type container_t (or leave it unset)',
  ...pssRule(PSS_CHECKS.seLinuxOptions),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.seLinuxOptions, (pod, variant, findings) => {
    const allowed = variant.allowed ?? [];
    checkOptions(sub(pod.securityContext, 'seLinuxOptions'), allowed, `${pod.path}.securityContext`, 'the pod', findings);
    for (const c of pod.containers) {
      checkOptions(sub(c.securityContext, 'seLinuxOptions'), allowed, `${c.path}.securityContext`, describeContainer(c), findings);
    }
  }),
};
