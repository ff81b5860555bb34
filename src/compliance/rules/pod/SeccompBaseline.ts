import { PSS_CHECKS, SECCOMP_CONTAINER_ANNOTATION_PREFIX, SECCOMP_POD_ANNOTATION, seccompAnnotationAllowed } from '../../../standards/pss';
import { asString, asStringMap } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPss, pssRule, render, sub } from '../pod-helpers';

/**
 * Seccomp may not be turned off: a `seccompProfile` (pod and containers) has type RuntimeDefault
 * or Localhost. Before 1.19 the check reads the alpha seccomp annotations instead.
 */
export const SeccompBaseline: Rule = {
  id: 'SeccompBaseline',
  title: 'seccompProfile.type is never Unconfined',
  fix: 'set seccompProfile.type to RuntimeDefault (or Localhost with a profile)',
  ...pssRule(PSS_CHECKS.seccompProfileBaseline),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.seccompProfileBaseline, (pod, variant, findings) => {
    if (variant.seccompAnnotations) {
      const annotations = asStringMap(pod.metadata?.annotations);
      const keys = [SECCOMP_POD_ANNOTATION, ...pod.containers.map(c => `${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${c.name}`)];
      for (const key of keys) {
        const value = annotations[key];
        if (value !== undefined && !seccompAnnotationAllowed(value)) {
          findings.push({ path: `${pod.metadataPath}.annotations["${key}"]`, message: `the seccomp annotation ${key} is ${JSON.stringify(value)}` });
        }
      }
      return;
    }
    const allowed = variant.allowed ?? [];
    const profile = sub(pod.securityContext, 'seccompProfile');
    if (profile && !allowed.includes(asString(profile.type) ?? '')) {
      findings.push({ path: `${pod.path}.securityContext.seccompProfile.type`, message: `the pod's seccomp profile type is ${render(profile.type ?? '')}` });
    }
    for (const c of pod.containers) {
      const own = sub(c.securityContext, 'seccompProfile');
      if (own && !allowed.includes(asString(own.type) ?? '')) {
        findings.push({ path: `${c.path}.securityContext.seccompProfile.type`, message: `${describeContainer(c)} sets seccomp profile type ${render(own.type ?? '')}` });
      }
    }
  }),
};
