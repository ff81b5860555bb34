import { asArray } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, PSS_URI, render, sub } from '../pod-helpers';

/** The capabilities the baseline profile lets a container add (the container runtime's default set). */
const BASELINE_ALLOWED = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Containers may add only capabilities of the runtime's default set. */
export const CapabilitiesBaseline: Rule = {
  id: 'CapabilitiesBaseline',
  title: 'capabilities.add holds only capabilities of the runtime default set',
  fix: `remove the capability from capabilities.add; allowed: ${[...BASELINE_ALLOWED].join(', ')}`,
  helpUri: `${PSS_URI}#baseline`,
  check: (object) => checkPod(object, (pod, findings) => {
    for (const c of pod.containers) {
      asArray(sub(c.securityContext, 'capabilities')?.add).forEach((cap, i) => {
        if (typeof cap !== 'string' || !BASELINE_ALLOWED.has(cap)) {
          findings.push({ path: `${c.path}.securityContext.capabilities.add[${i}]`, message: `${describeContainer(c)} adds capability ${render(cap)}` });
        }
      });
    }
  }),
};
