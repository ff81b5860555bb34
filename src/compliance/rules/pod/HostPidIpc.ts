import { PSS_CHECKS } from '../../../standards/pss';
import { Rule } from '../../rule';
import { checkPss, pssRule } from '../pod-helpers';

/** Sharing the node's process or IPC namespace lets a container see and signal node processes. */
export const HostPidIpc: Rule = {
  id: 'HostPidIpc',
  title: 'spec.hostPID and spec.hostIPC are unset or false',
  fix: 'remove hostPID and hostIPC (or set them to false)',
  ...pssRule(PSS_CHECKS.hostNamespaces),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.hostNamespaces, (pod, _variant, findings) => {
    for (const field of ['hostPID', 'hostIPC']) {
      if (pod.spec[field] === true) {
        findings.push({ path: `${pod.path}.${field}`, message: `the pod shares the node's ${field === 'hostPID' ? 'process' : 'IPC'} namespace (${field}: true)` });
      }
    }
  }),
};
