import { TOKEN_AUTOMOUNT_REASON_ANNOTATION } from '../../../standards/annotations';
import { asArray, asObject, asString, dig } from '../../json';
import { Rule } from '../../rule';
import { checkPod } from '../pod-helpers';

/**
 * A projected `serviceAccountToken` volume source is the pod's ServiceAccount token, mounted,
 * whatever `automountServiceAccountToken` says: it needs the reason a mounted token needs. The
 * hardened workloads record that reason in `cdk8s-hardening.io/automount-token-reason`
 * (`automountServiceAccountTokenReason`); without it, a projected token is a finding (or an
 * acknowledgement of this rule on the object).
 */
export const ProjectedServiceAccountToken: Rule = {
  id: 'ProjectedServiceAccountToken',
  title: 'no projected ServiceAccount token without the reason a mounted token needs',
  fix: `remove the projected serviceAccountToken source; a pod that needs the API mounts its token with automountServiceAccountTokenReason (${TOKEN_AUTOMOUNT_REASON_ANNOTATION})`,
  helpUri: 'https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken',
  check: (object) => checkPod(object, (pod, findings) => {
    const reason = asString(dig(object.json, 'metadata', 'annotations', TOKEN_AUTOMOUNT_REASON_ANNOTATION))?.trim() ?? '';
    if (reason !== '') return;
    asArray(pod.spec.volumes).forEach((v, i) => {
      const volume = asObject(v) ?? {};
      asArray(dig(volume, 'projected', 'sources')).forEach((s, j) => {
        if (asObject(s)?.serviceAccountToken === undefined) return;
        findings.push({
          path: `${pod.path}.volumes[${i}].projected.sources[${j}].serviceAccountToken`,
          message: `volume "${asString(volume.name) ?? ''}" mounts the pod's ServiceAccount token (a projected serviceAccountToken) without a recorded reason`,
        });
      });
    });
  }),
};
