import { asObject, asString } from '../../json';
import { COMPLIANT, NOT_APPLICABLE, outcome, Rule } from '../../rule';

/**
 * No PersistentVolume is a directory of a node: a pod that claims a hostPath PersistentVolume
 * reads and writes the node's filesystem through a `persistentVolumeClaim` volume, which Pod
 * Security Admission allows even at `restricted` (it sees the claim, not the volume behind it).
 */
export const PersistentVolumeHostPath: Rule = {
  id: 'PersistentVolumeHostPath',
  title: 'no PersistentVolume has a hostPath source',
  fix: 'back the PersistentVolume with a storage driver (CSI, or a local volume with node affinity for node disks), never hostPath',
  helpUri: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
  kinds: ['PersistentVolume'],
  check: (object) => {
    if (object.kind !== 'PersistentVolume' || object.apiVersion !== 'v1') return NOT_APPLICABLE;
    const hostPath = asObject(object.json.spec)?.hostPath;
    if (hostPath === undefined || hostPath === null) return COMPLIANT;
    const path = asString(asObject(hostPath)?.path) ?? '?';
    return outcome([{
      path: 'spec.hostPath',
      message: `PersistentVolume "${object.name}" is the node directory ${JSON.stringify(path)}: whoever claims it reads and writes the node's filesystem`,
    }]);
  },
};
