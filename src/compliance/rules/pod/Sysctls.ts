import { versionName } from '../../../standards/kubernetes-version';
import { latestSafeSysctls, PSS_CHECKS } from '../../../standards/pss';
import { asArray, asString, isObject } from '../../json';
import { Rule } from '../../rule';
import { checkPss, pssRule } from '../pod-helpers';

/** Only the safe, namespaced sysctls of the version may be set. */
export const Sysctls: Rule = {
  id: 'Sysctls',
  title: 'securityContext.sysctls holds only the safe set',
  fix: `remove the sysctl; allowed (newest version): ${latestSafeSysctls().join(', ')}`,
  ...pssRule(PSS_CHECKS.sysctls),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.sysctls, (pod, variant, findings) => {
    const allowed = variant.allowed ?? [];
    asArray(pod.securityContext?.sysctls).forEach((s, i) => {
      const name = isObject(s) ? asString(s.name) : undefined;
      if (!name || !allowed.includes(name)) {
        findings.push({
          path: `${pod.path}.securityContext.sysctls[${i}].name`,
          message: `the pod sets the unsafe sysctl ${JSON.stringify(name ?? s)}`,
          fix: `remove the sysctl; allowed at ${versionName(context.pssMinor(object))}: ${allowed.join(', ')}`,
        });
      }
    });
  }),
};
