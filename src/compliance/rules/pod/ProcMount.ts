import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, isSet, PSS_URI, render } from '../pod-helpers';

/** An unmasked /proc exposes host information: `procMount` is unset or Default. */
export const ProcMount: Rule = {
  id: 'ProcMount',
  title: 'securityContext.procMount is unset or Default on every container',
  fix: 'remove securityContext.procMount (or set it to Default)',
  helpUri: `${PSS_URI}#baseline`,
  check: (object) => checkPod(object, (pod, findings) => {
    for (const c of pod.containers) {
      const value = c.securityContext?.procMount;
      if (isSet(value) && value !== 'Default') {
        findings.push({ path: `${c.path}.securityContext.procMount`, message: `${describeContainer(c)} sets procMount ${render(value)}` });
      }
    }
  }),
};
