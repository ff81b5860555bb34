import { asString, JsonObject } from '../../json';
import { describeContainer } from '../../objects';
import { Rule, RuleFinding } from '../../rule';
import { checkPod, isSet, PSS_URI, render, sub } from '../pod-helpers';

const ALLOWED_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

function checkOptions(options: JsonObject | undefined, path: string, who: string, findings: RuleFinding[]): void {
  if (!options) return;
  const type = options.type;
  if (isSet(type) && !ALLOWED_TYPES.has(asString(type) ?? '?')) {
    findings.push({ path: `${path}.seLinuxOptions.type`, message: `${who} sets SELinux type ${render(type)}` });
  }
  for (const field of ['user', 'role']) {
    if (isSet(options[field]) && options[field] !== '') {
      findings.push({ path: `${path}.seLinuxOptions.${field}`, message: `${who} sets a custom SELinux ${field} (${render(options[field])})` });
    }
  }
}

/** Custom SELinux users/roles and types other than the container types are forbidden. */
export const SeLinuxOptions: Rule = {
  id: 'SeLinuxOptions',
  title: 'seLinuxOptions.type is a container type; user and role are unset',
  fix: 'remove seLinuxOptions.user and .role; use type container_t (or leave it unset)',
  helpUri: `${PSS_URI}#baseline`,
  check: (object) => checkPod(object, (pod, findings) => {
    checkOptions(sub(pod.securityContext, 'seLinuxOptions'), `${pod.path}.securityContext`, 'the pod', findings);
    for (const c of pod.containers) {
      checkOptions(sub(c.securityContext, 'seLinuxOptions'), `${c.path}.securityContext`, describeContainer(c), findings);
    }
  }),
};
