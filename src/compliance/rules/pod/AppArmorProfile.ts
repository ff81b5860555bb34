import { APPARMOR_CONTAINER_ANNOTATION_PREFIX, appArmorAnnotationAllowed, PSS_CHECKS } from '../../../standards/pss';
import { asString, asStringMap } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule, render, sub } from '../pod-helpers';

/**
 * AppArmor may not be turned off: an `appArmorProfile` (pod and containers) has type
 * RuntimeDefault or Localhost; the older annotations are empty, `runtime/default` or `localhost/*`.
 */
export const AppArmorProfile: Rule = {
  id: 'AppArmorProfile',
  title: 'AppArmor profile is unset, RuntimeDefault or Localhost',
  fix: 'set appArmorProfile.type to RuntimeDefault (or Localhost with a profile), never Unconfined',
  ...pssRule(PSS_CHECKS.appArmorProfile),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.appArmorProfile, (pod, variant, findings) => {
    const allowed = variant.allowed ?? [];
    const profile = sub(pod.securityContext, 'appArmorProfile');
    if (profile && !allowed.includes(asString(profile.type) ?? '')) {
      findings.push({ path: `${pod.path}.securityContext.appArmorProfile.type`, message: `the pod's AppArmor profile type is ${render(profile.type ?? '')}` });
    }
    for (const c of pod.containers) {
      const own = sub(c.securityContext, 'appArmorProfile');
      if (own && !allowed.includes(asString(own.type) ?? '')) {
        findings.push({ path: `${c.path}.securityContext.appArmorProfile.type`, message: `${describeContainer(c)} has AppArmor profile type ${render(own.type ?? '')}` });
      }
    }
    const annotations = asStringMap(pod.metadata?.annotations);
    for (const [key, value] of Object.entries(annotations)) {
      if (key.startsWith(APPARMOR_CONTAINER_ANNOTATION_PREFIX) && !appArmorAnnotationAllowed(value)) {
        findings.push({ path: `${pod.metadataPath}.annotations["${key}"]`, message: `AppArmor annotation for container "${key.slice(APPARMOR_CONTAINER_ANNOTATION_PREFIX.length)}" is ${JSON.stringify(value)}` });
      }
    }
  }),
};
