import { PSS_CHECKS } from '../../../standards/pss';
import { asArray, asObject, asString, isObject } from '../../json';
import { Rule } from '../../rule';
import { checkPss, pssRule } from '../pod-helpers';

/** hostPath volumes mount the node's filesystem into the pod. */
export const HostPathVolumes: Rule = {
  id: 'HostPathVolumes',
  title: 'no hostPath volumes',
  fix: 'replace the hostPath volume with an emptyDir, configMap, secret, projected or persistentVolumeClaim volume',
  ...pssRule(PSS_CHECKS.hostPathVolumes),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.hostPathVolumes, (pod, _variant, findings) => {
    asArray(pod.spec.volumes).forEach((v, i) => {
      if (isObject(v) && v.hostPath !== undefined && v.hostPath !== null) {
        const path = asString(asObject(v.hostPath)?.path) ?? '?';
        findings.push({ path: `${pod.path}.volumes[${i}].hostPath`, message: `volume "${asString(v.name) ?? i}" mounts the node path ${JSON.stringify(path)}` });
      }
    });
  }),
};
