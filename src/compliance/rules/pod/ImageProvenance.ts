import { imageRegistry } from '../../../standards/images';
import { apiGroupOf } from '../../../standards/kinds';
import {
  CLUSTER_IMAGE_POLICY_KIND, KYVERNO_CLUSTER_POLICY_KIND, KYVERNO_GROUP, KYVERNO_POLICY_KIND, kyvernoPatternMatches,
  SIGSTORE_GROUP, SIGSTORE_INCLUDE_LABEL, sigstoreGlobMatches,
} from '../../../standards/provenance';
import { asArray, asObject, asString, asStringMap, isObject } from '../../json';
import { describeContainer, describeObject, KubeObject, namespaceOf, podSpecOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleContext, RuleFinding } from '../../rule';

/** A signature policy among the objects: what it covers, and where. */
interface SignaturePolicy {
  readonly object: KubeObject;
  readonly sigstore: boolean;
  /** For a namespaced Kyverno Policy: the only namespace it covers. */
  readonly namespace?: string;
  covers(image: string): boolean;
}

const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === 'string');

function sigstorePolicy(object: KubeObject): SignaturePolicy {
  const globs = asArray(asObject(object.json.spec)?.images).map(i => asString(asObject(i)?.glob)).filter((g): g is string => g !== undefined);
  return { object, sigstore: true, covers: image => globs.some(g => sigstoreGlobMatches(g, image)) };
}

function kyvernoPolicy(object: KubeObject): SignaturePolicy {
  const patterns: string[] = [];
  for (const rule of asArray(asObject(object.json.spec)?.rules)) {
    for (const verify of asArray(asObject(rule)?.verifyImages)) {
      if (!isObject(verify)) continue;
      patterns.push(...strings(verify.imageReferences));
      // the single `image` of Kyverno's first verifyImages syntax
      const image = asString(verify.image);
      if (image !== undefined) patterns.push(image);
    }
  }
  return {
    object,
    sigstore: false,
    namespace: object.kind === KYVERNO_POLICY_KIND ? namespaceOf(object.namespace) : undefined,
    covers: image => patterns.some(p => kyvernoPatternMatches(p, image)),
  };
}

const cache = new WeakMap<readonly KubeObject[], readonly SignaturePolicy[]>();

/** The signature policies among the objects: ClusterImagePolicies, and Kyverno policies with verifyImages rules. */
function signaturePolicies(context: RuleContext): readonly SignaturePolicy[] {
  let found = cache.get(context.objects);
  if (!found) {
    const sigstore = context.ofKind(CLUSTER_IMAGE_POLICY_KIND).filter(o => apiGroupOf(o.apiVersion) === SIGSTORE_GROUP).map(sigstorePolicy);
    const kyverno = [...context.ofKind(KYVERNO_CLUSTER_POLICY_KIND), ...context.ofKind(KYVERNO_POLICY_KIND)]
      .filter(o => apiGroupOf(o.apiVersion) === KYVERNO_GROUP)
      .filter(o => asArray(asObject(o.json.spec)?.rules).some(r => asArray(asObject(r)?.verifyImages).length > 0))
      .map(kyvernoPolicy);
    cache.set(context.objects, found = [...sigstore, ...kyverno]);
  }
  return found;
}

/**
 * Image provenance, once enabled, covers every image: when the objects checked include a
 * signature policy (a sigstore policy-controller ClusterImagePolicy, or a Kyverno ClusterPolicy
 * or Policy with `verifyImages`), every container image of every workload must be covered by
 * one. A ClusterImagePolicy covers a workload whose Namespace opts in (label
 * `policy.sigstore.dev/include: "true"`), or whose Namespace is not among the objects; a Kyverno
 * Policy covers its own namespace. Without any signature policy among the objects the rule is
 * not applicable.
 */
export const ImageProvenance: Rule = {
  id: 'ImageProvenance',
  title: 'when image signatures are verified, every workload image is covered by a signature policy',
  fix: `add the image's registry or repository to an ImageSignaturePolicy (ClusterImagePolicy glob or Kyverno imageReferences); for policy-controller, label the namespace ${SIGSTORE_INCLUDE_LABEL}: "true"`,
  helpUri: 'https://docs.sigstore.dev/policy-controller/overview/',
  check: (object, context) => {
    const pod = podSpecOf(object);
    if (!pod) return NOT_APPLICABLE;
    const policies = signaturePolicies(context);
    if (policies.length === 0) return NOT_APPLICABLE;
    const namespace = namespaceOf(object.namespace);
    const nsObject = context.find('Namespace', undefined, namespace);
    const optedIn = !nsObject || asStringMap(asObject(nsObject.json.metadata)?.labels)[SIGSTORE_INCLUDE_LABEL] === 'true';
    const findings: RuleFinding[] = [];
    for (const c of pod.containers) {
      const image = asString(c.json.image);
      if (image === undefined) continue;
      const covering = policies.filter(p => (p.namespace === undefined || p.namespace === namespace) && p.covers(image));
      const where = `${describeContainer(c)} runs ${JSON.stringify(image)} (registry ${imageRegistry(image)})`;
      if (covering.length === 0) {
        findings.push({ path: `${c.path}.image`, message: `${where}, which no signature policy among the objects covers` });
      } else if (!optedIn && covering.every(p => p.sigstore)) {
        findings.push({
          path: `${c.path}.image`,
          message: `${where}: ${covering.map(p => describeObject(p.object)).join(', ')} covers it, but Namespace ${namespace} does not carry ${SIGSTORE_INCLUDE_LABEL}: "true", so policy-controller does not check its pods`,
          fix: `label Namespace ${namespace} ${SIGSTORE_INCLUDE_LABEL}: "true" (HardenedNamespace: requireSignedImages)`,
        });
      }
    }
    return outcome(findings);
  },
};
