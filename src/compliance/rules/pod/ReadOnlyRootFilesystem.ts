import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod } from '../pod-helpers';

/** Every container's root filesystem is read-only, set explicitly; writable paths come from volumes. */
export const ReadOnlyRootFilesystem: Rule = {
  id: 'ReadOnlyRootFilesystem',
  title: 'securityContext.readOnlyRootFilesystem is true on every container',
  fix: 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write',
  helpUri: 'https://hub.armosec.io/docs/c-0017',
  check: (object) => checkPod(object, (pod, findings) => {
    for (const c of pod.containers) {
      if (c.securityContext?.readOnlyRootFilesystem !== true) {
        findings.push({ path: `${c.path}.securityContext.readOnlyRootFilesystem`, message: `${describeContainer(c)} has a writable root filesystem` });
      }
    }
  }),
};
