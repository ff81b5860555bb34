import { asString, asStringMap } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, isSet, PSS_URI, render, sub } from '../pod-helpers';

const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * AppArmor may not be turned off: `appArmorProfile.type` (pod and containers) is unset,
 * RuntimeDefault or Localhost; the older annotations are `runtime/default` or `localhost/*`.
 */
export const AppArmorProfile: Rule = {
  id: 'AppArmorProfile',
  title: 'AppArmor profile is unset, RuntimeDefault or Localhost',
  fix: 'set appArmorProfile.type to RuntimeDefault (or Localhost with a profile), never Unconfined',
  helpUri: `${PSS_URI}#baseline`,
  check: (object) => checkPod(object, (pod, findings) => {
    const podType = sub(pod.securityContext, 'appArmorProfile')?.type;
    if (isSet(podType) && !ALLOWED_TYPES.has(asString(podType) ?? '')) {
      findings.push({ path: `${pod.path}.securityContext.appArmorProfile.type`, message: `the pod's AppArmor profile type is ${render(podType)}` });
    }
    for (const c of pod.containers) {
      const type = sub(c.securityContext, 'appArmorProfile')?.type;
      if (isSet(type) && !ALLOWED_TYPES.has(asString(type) ?? '')) {
        findings.push({ path: `${c.path}.securityContext.appArmorProfile.type`, message: `${describeContainer(c)} has AppArmor profile type ${render(type)}` });
      }
    }
    const annotations = asStringMap(pod.metadata?.annotations);
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(ANNOTATION_PREFIX)) continue;
      if (value !== 'runtime/default' && !value.startsWith('localhost/')) {
        findings.push({ path: `${pod.metadataPath}.annotations["${key}"]`, message: `AppArmor annotation for container "${key.slice(ANNOTATION_PREFIX.length)}" is ${JSON.stringify(value)}` });
      }
    }
  }),
};
