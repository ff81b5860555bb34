import { apiGroupOf } from '../../../standards/kinds';
import {
  CLUSTER_IMAGE_POLICY_KIND, isMatchAnyIdentityRegExp, isWildcardIdentity, KYVERNO_AUDIT_ACTION, KYVERNO_CLUSTER_POLICY_KIND, KYVERNO_GROUP,
  KYVERNO_POLICY_KIND,
  SIGSTORE_GROUP, SIGSTORE_WARN_MODE,
} from '../../../standards/provenance';
import { asArray, asObject, asString, isObject } from '../../json';
import { KubeObject } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

function wildcards(identity: unknown, path: string, findings: RuleFinding[]): void {
  const o = asObject(identity);
  for (const field of ['issuer', 'subject']) {
    const value = asString(o?.[field]);
    if (value !== undefined && isWildcardIdentity(value)) {
      findings.push({
        path: `${path}.${field}`,
        message: `the keyless ${field} ${JSON.stringify(value)} is a wildcard: any signer it matches passes, not one identity`,
        fix: `name the exact ${field} of the signing identity (the CI workflow and the OIDC issuer it signs with)`,
      });
    }
    const re = asString(o?.[`${field}RegExp`]);
    if (re !== undefined && isMatchAnyIdentityRegExp(re)) {
      findings.push({
        path: `${path}.${field}RegExp`,
        message: `the keyless ${field}RegExp ${JSON.stringify(re)} matches any ${field}: any signer passes, not one identity`,
        fix: `anchor the expression on the exact ${field} of the signing identity (^...$), or give ${field} itself`,
      });
    }
  }
}

function sigstoreFindings(object: KubeObject): RuleFinding[] {
  const spec = asObject(object.json.spec);
  const findings: RuleFinding[] = [];
  if (asString(spec?.mode) === SIGSTORE_WARN_MODE) {
    findings.push({ path: 'spec.mode', message: `the policy is in mode ${SIGSTORE_WARN_MODE}: unsigned images are admitted with a warning`, fix: 'remove mode (enforce is the default)' });
  }
  asArray(spec?.authorities).forEach((a, i) => {
    asArray(asObject(asObject(a)?.keyless)?.identities).forEach((id, j) => wildcards(id, `spec.authorities[${i}].keyless.identities[${j}]`, findings));
  });
  return findings;
}

const isAudit = (v: unknown) => typeof v === 'string' && v.toLowerCase() === KYVERNO_AUDIT_ACTION;

function kyvernoFindings(object: KubeObject): RuleFinding[] | undefined {
  const spec = asObject(object.json.spec);
  const findings: RuleFinding[] = [];
  let verifies = false;
  const audit = (path: string, value: unknown) => findings.push({
    path, message: `${path.split('.').pop()}: ${String(value)} admits images whose signature does not verify, with a report only`, fix: 'set it to Enforce',
  });
  asArray(spec?.rules).forEach((rule, i) => {
    asArray(asObject(rule)?.verifyImages).forEach((verify, j) => {
      if (!isObject(verify)) return;
      verifies = true;
      const path = `spec.rules[${i}].verifyImages[${j}]`;
      if (isAudit(verify.failureAction)) audit(`${path}.failureAction`, verify.failureAction);
      for (const field of ['mutateDigest', 'verifyDigest']) {
        if (verify[field] === false) {
          findings.push({ path: `${path}.${field}`, message: `${field}: false lets a tag through unresolved: the image that runs may not be the one verified`, fix: `remove ${field} (true is the default)` });
        }
      }
      asArray(verify.attestors).forEach((attestor, k) => {
        asArray(asObject(attestor)?.entries).forEach((entry, l) => wildcards(asObject(entry)?.keyless, `${path}.attestors[${k}].entries[${l}].keyless`, findings));
      });
    });
  });
  if (!verifies) return undefined;
  if (isAudit(spec?.validationFailureAction)) audit('spec.validationFailureAction', spec?.validationFailureAction);
  return findings;
}

/**
 * Signature policies that hold: a policy-controller ClusterImagePolicy enforces (no `mode: warn`);
 * a Kyverno ClusterPolicy or Policy with `verifyImages` enforces (no `validationFailureAction` or
 * `failureAction` Audit), keeps digests (no `mutateDigest: false` or `verifyDigest: false`); and
 * keyless identities name one signer (no wildcard issuer or subject, no `issuerRegExp` or
 * `subjectRegExp` that matches any identity).
 */
export const ImageSignatureWeakened: Rule = {
  id: 'ImageSignatureWeakened',
  title: 'image signature policies enforce, by digest, for named signers',
  fix: 'enforce, keep digests, name the exact issuer and subject (no wildcard, no expression that matches any); or acknowledge the weakening with its reason (ImageSignaturePolicy weakeningReason)',
  helpUri: 'https://docs.sigstore.dev/policy-controller/overview/',
  kinds: [CLUSTER_IMAGE_POLICY_KIND, KYVERNO_CLUSTER_POLICY_KIND, KYVERNO_POLICY_KIND],
  check: (object) => {
    const group = apiGroupOf(object.apiVersion);
    if (object.kind === CLUSTER_IMAGE_POLICY_KIND && group === SIGSTORE_GROUP) return outcome(sigstoreFindings(object));
    if ((object.kind === KYVERNO_CLUSTER_POLICY_KIND || object.kind === KYVERNO_POLICY_KIND) && group === KYVERNO_GROUP) {
      const findings = kyvernoFindings(object);
      return findings === undefined ? NOT_APPLICABLE : outcome(findings);
    }
    return NOT_APPLICABLE;
  },
};
