import { asArray, asString, isObject } from '../../json';
import { Rule } from '../../rule';
import { checkPod, PSS_URI } from '../pod-helpers';

const ALLOWED = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/** Restricted pods use only volume types that do not reach into the node or a storage backend directly. */
export const VolumeTypes: Rule = {
  id: 'VolumeTypes',
  title: `volumes are only of the types ${[...ALLOWED].join(', ')}`,
  fix: 'use a persistentVolumeClaim (or csi / ephemeral) volume instead of a direct volume source',
  helpUri: `${PSS_URI}#restricted`,
  check: (object) => checkPod(object, (pod, findings) => {
    asArray(pod.spec.volumes).forEach((v, i) => {
      if (!isObject(v)) return;
      for (const [key, value] of Object.entries(v)) {
        if (key === 'name' || value === undefined || value === null || ALLOWED.has(key)) continue;
        findings.push({ path: `${pod.path}.volumes[${i}].${key}`, message: `volume "${asString(v.name) ?? i}" is of the restricted type ${key}` });
      }
    });
  }),
};
