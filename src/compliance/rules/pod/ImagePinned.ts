import { imagePinProblem } from '../../../standards/images';
import { asString } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod } from '../pod-helpers';

/**
 * Every container, init container and ephemeral container runs a pinned image: a valid
 * reference with a version tag other than a moving one (`MOVING_TAGS`: `latest`, `stable`, `edge`,
 * `rolling`... in any letter case), or a digest a runtime
 * verifies. The hardened constructs refuse anything else at construct time; this rule holds
 * manifests from elsewhere (and the cluster's admission policies) to the same.
 */
export const ImagePinned: Rule = {
  id: 'ImagePinned',
  title: 'every container image is pinned by a version tag (not latest, stable, edge or another moving tag), or by digest',
  fix: 'pin a version tag ("registry.acme.example/api:1.4.2") or the digest your registry reports ("registry.acme.example/api@sha256:<64 hex digits>")',
  helpUri: 'https://kubernetes.io/docs/concepts/containers/images/#image-names',
  check: (object) => checkPod(object, (pod, findings) => {
    for (const c of pod.containers) {
      const image = asString(c.json.image);
      if (image === undefined) {
        findings.push({ path: `${c.path}.image`, message: `${describeContainer(c)} names no image` });
        continue;
      }
      const problem = imagePinProblem(image);
      if (problem !== undefined) {
        findings.push({ path: `${c.path}.image`, message: `${describeContainer(c)} runs ${JSON.stringify(image)}: ${problem}` });
      }
    }
  }),
};
