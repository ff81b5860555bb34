import { ALL_CAPABILITIES, normalizeCapability, PRIVILEGED_EQUIVALENT_CAPABILITIES } from '../../../standards/capabilities';
import { asArray } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, render, sub } from '../pod-helpers';

/**
 * No container adds `SYS_ADMIN`, which is as good as privileged (Kubescape C-0057 counts it as a
 * privileged container), nor `ALL`, which includes it; spellings runtimes accept (`CAP_SYS_ADMIN`,
 * lower case) count too. `privileged: true` itself is PrivilegedContainer's finding.
 */
export const SysAdminCapability: Rule = {
  id: 'SysAdminCapability',
  title: 'no container adds SYS_ADMIN (or ALL) to its capabilities',
  fix: 'remove SYS_ADMIN from securityContext.capabilities.add and grant the narrow capability the container needs, if any',
  helpUri: 'https://hub.armosec.io/docs/c-0057',
  check: (object) => checkPod(object, (pod, findings) => {
    for (const c of pod.containers) {
      asArray(sub(c.securityContext, 'capabilities')?.add).forEach((cap, i) => {
        if (typeof cap !== 'string') return;
        const name = normalizeCapability(cap);
        if (name !== ALL_CAPABILITIES && !PRIVILEGED_EQUIVALENT_CAPABILITIES.includes(name)) return;
        findings.push({
          path: `${c.path}.securityContext.capabilities.add[${i}]`,
          message: `${describeContainer(c)} adds capability ${render(cap)}, ${name === ALL_CAPABILITIES ? 'which includes SYS_ADMIN and makes it' : 'which makes it'} as good as privileged`,
        });
      });
    }
  }),
};
