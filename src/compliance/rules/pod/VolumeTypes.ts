import { PSS_CHECKS, RESTRICTED_VOLUME_TYPES } from '../../../standards/pss';
import { asArray, asString, isObject } from '../../json';
import { Rule } from '../../rule';
import { checkPss, pssRule } from '../pod-helpers';

/** Restricted pods use only volume types that do not reach into the node or a storage backend directly. */
export const VolumeTypes: Rule = {
  id: 'VolumeTypes',
  title: `volumes are only of the types ${RESTRICTED_VOLUME_TYPES.join(', ')}`,
  fix: 'use a persistentVolumeClaim (or csi / ephemeral) volume instead of a direct volume source',
  ...pssRule(PSS_CHECKS.restrictedVolumes),
  check: (object, context) => checkPss(object, context, PSS_CHECKS.restrictedVolumes, (pod, variant, findings) => {
    const allowed = variant.allowed ?? [];
    asArray(pod.spec.volumes).forEach((v, i) => {
      if (!isObject(v)) return;
      for (const [key, value] of Object.entries(v)) {
        if (key === 'name' || value === undefined || value === null || allowed.includes(key)) continue;
        findings.push({ path: `${pod.path}.volumes[${i}].${key}`, message: `volume "${asString(v.name) ?? i}" is of the restricted type ${key}` });
      }
    });
  }),
};
