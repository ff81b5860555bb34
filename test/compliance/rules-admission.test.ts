import { messagesOf, outcomeOf, pathsOf, ruleFixtures } from './rule-fixtures';
import { runCheck } from '../../src/compliance/engine';
import { toKubeObject } from '../../src/compliance/objects';
import { CompliancePack } from '../../src/compliance/packs';

const F = ruleFixtures();

describe('AdmissionPolicyWeakened', () => {
  const A = F.AdmissionPolicyWeakened;
  test('Compliance: a policy that fails closed, conditions that are not constant false, bindings that deny', () => {
    const holding = [A.generated, A.noFailurePolicy, A.conditionNotFalse, A.conditionMentioningFalse, A.conditionUnbalanced,
      A.bindingDenies, A.bindingDeniesAndAudits];
    for (const f of holding) {
      expect(outcomeOf('AdmissionPolicyWeakened', f)).toEqual({ status: 'compliant' });
    }
  });
  test('fails a policy that fails open, of any origin', () => {
    expect(pathsOf('AdmissionPolicyWeakened', A.failOpen)).toEqual(['spec.failurePolicy']);
    expect(messagesOf('AdmissionPolicyWeakened', A.failOpenOfAnyOrigin)).toEqual(['the policy fails open (failurePolicy: Ignore): a request it cannot evaluate is admitted unchecked']);
  });
  test('fails a match condition that is the constant false however it is spelled', () => {
    expect(pathsOf('AdmissionPolicyWeakened', A.conditionFalse)).toEqual(['spec.matchConditions[1].expression']);
    expect(messagesOf('AdmissionPolicyWeakened', A.conditionNotTrue)).toEqual(['match condition "not-a-built-in-controller" is the constant " !( true ) ", so the policy applies to no request']);
    expect(pathsOf('AdmissionPolicyWeakened', A.conditionParenthesizedFalse)).toEqual(['spec.matchConditions[0].expression']);
    expect(pathsOf('AdmissionPolicyWeakened', A.conditionDoubleNegation)).toEqual(['spec.matchConditions[0].expression']);
  });
  test('fails a binding of a generated policy that warns, audits or does nothing', () => {
    expect(messagesOf('AdmissionPolicyWeakened', A.bindingWarns))
      .toEqual(['the binding of policy, the admission policy of ReadOnlyRootFilesystem, does not deny (validationActions: ["Warn","Audit"]): what the rule refuses is admitted']);
    expect(pathsOf('AdmissionPolicyWeakened', A.bindingAudits)).toEqual(['spec.validationActions']);
    expect(pathsOf('AdmissionPolicyWeakened', A.bindingNoActions)).toEqual(['spec.validationActions']);
  });
  test('not applicable: bindings of other policies or of a policy not among the objects, webhooks', () => {
    for (const f of [A.bindingOfAnotherOriginWarns, A.bindingWithoutItsPolicy, A.webhook, A.otherGroup]) {
      expect(outcomeOf('AdmissionPolicyWeakened', f)).toEqual({ status: 'not-applicable' });
    }
  });
  test('fails under the NSA/CISA pack as an error, and the acknowledgement on the binding lifts it', () => {
    const binding = A.bindingWarns.object;
    const objects = [binding, ...A.bindingWarns.others].map(j => toKubeObject(j));
    const result = runCheck(objects, { packs: [CompliancePack.NSA_CISA] });
    expect(result.findings.map(f => [f.ruleId, f.severity])).toEqual([['AdmissionPolicyWeakened', 'error']]);
    binding.metadata.annotations = { 'acknowledged.cdk8s-hardening.io/AdmissionPolicyWeakened': 'migration: warn for two weeks (PLAT-12)' };
    const acked = runCheck([binding, ...A.bindingWarns.others].map(j => toKubeObject(j)), { packs: [CompliancePack.NSA_CISA] });
    expect(acked.findings).toEqual([]);
    expect(acked.acknowledged.map(f => f.ruleId)).toEqual(['AdmissionPolicyWeakened']);
  });
});

describe('ImageSignatureWeakened', () => {
  const S = F.ImageSignatureWeakened;
  test('Compliance: enforcing policies, by digest, for named signers or keys', () => {
    for (const f of [S.sigstoreEnforced, S.sigstoreEnforceMode, S.sigstoreKey, S.kyvernoEnforced, S.kyvernoDefaults]) {
      expect(outcomeOf('ImageSignatureWeakened', f)).toEqual({ status: 'compliant' });
    }
  });
  test('fails policy-controller in warn mode, and wildcard identities', () => {
    expect(pathsOf('ImageSignatureWeakened', S.sigstoreWarn)).toEqual(['spec.mode']);
    expect(pathsOf('ImageSignatureWeakened', S.sigstoreWildcardIssuer)).toEqual(['spec.authorities[0].keyless.identities[0].issuer']);
    expect(messagesOf('ImageSignatureWeakened', S.sigstoreWildcardSubject)).toEqual(['the keyless subject "*" is a wildcard: any signer it matches passes, not one identity']);
    expect(pathsOf('ImageSignatureWeakened', S.sigstoreSubjectPattern)).toEqual(['spec.authorities[0].keyless.identities[0].subject']);
    expect(pathsOf('ImageSignatureWeakened', S.sigstoreAnyIssuerRegExp)).toEqual(['spec.authorities[0].keyless.identities[0].issuerRegExp']);
    expect(outcomeOf('ImageSignatureWeakened', S.sigstoreAnchoredRegExp)).toEqual({ status: 'compliant' });
  });
  test('fails Kyverno in Audit (policy or rule), without digests, with wildcard identities', () => {
    const V = 'spec.rules[0].verifyImages[0]';
    expect(pathsOf('ImageSignatureWeakened', S.kyvernoAudit)).toEqual(['spec.validationFailureAction']);
    expect(pathsOf('ImageSignatureWeakened', S.kyvernoAuditLowerCase)).toEqual(['spec.validationFailureAction']);
    expect(pathsOf('ImageSignatureWeakened', S.kyvernoRuleAudit)).toEqual([`${V}.failureAction`]);
    expect(pathsOf('ImageSignatureWeakened', S.kyvernoNoMutateDigest)).toEqual([`${V}.mutateDigest`]);
    expect(pathsOf('ImageSignatureWeakened', S.kyvernoNoVerifyDigest)).toEqual([`${V}.verifyDigest`]);
    expect(pathsOf('ImageSignatureWeakened', S.kyvernoWildcardIssuer)).toEqual([`${V}.attestors[0].entries[0].keyless.issuer`]);
    expect(pathsOf('ImageSignatureWeakened', S.kyvernoWildcardSubject)).toEqual([`${V}.attestors[0].entries[0].keyless.subject`]);
    expect(pathsOf('ImageSignatureWeakened', S.kyvernoAnySubjectRegExp)).toEqual([`${V}.attestors[0].entries[0].keyless.subjectRegExp`]);
    expect(pathsOf('ImageSignatureWeakened', S.kyvernoNamespacedAudit)).toEqual(['spec.validationFailureAction']);
  });
  test('not applicable: Kyverno policies that verify no image, kinds of other groups', () => {
    expect(outcomeOf('ImageSignatureWeakened', S.kyvernoValidateOnlyAudit)).toEqual({ status: 'not-applicable' });
    expect(outcomeOf('ImageSignatureWeakened', S.otherGroup)).toEqual({ status: 'not-applicable' });
  });
});
