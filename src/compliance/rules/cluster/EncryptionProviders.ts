import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { APISERVER_CONFIG_API_VERSION, IDENTITY_PROVIDER, SECRETS_RESOURCE } from '../../../standards/control-plane';
import { asArray, asObject, asString } from '../../json';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/** Whether an encryption configuration resource name covers Secrets (`secrets`, `*.` for the core group, `*.*`). */
function coversSecrets(resource: string): boolean {
  return resource === SECRETS_RESOURCE || resource === '*.' || resource === '*.*';
}

/**
 * An EncryptionConfiguration encrypts Secrets: an entry covers them, and no entry's first
 * provider is `identity` (the first provider encrypts every write; `identity` writes plaintext
 * and belongs last, for reading data written before encryption). Kubescape C-0066.
 */
export const EncryptionProviders: Rule = {
  id: 'EncryptionProviders',
  title: 'the encryption configuration encrypts Secrets, never with identity first',
  fix: 'list secrets with a KMS v2 provider first and identity last (SecretsEncryption)',
  helpUri: DOCS.ENCRYPTION,
  kinds: [CONFIG_KINDS.ENCRYPTION],
  check: (object) => {
    const config = configurationOf(object, [APISERVER_CONFIG_API_VERSION], CONFIG_KINDS.ENCRYPTION);
    if (!config) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    let secretsCovered = false;
    asArray(config.resources).forEach((entry, i) => {
      const e = asObject(entry) ?? {};
      const names = asArray(e.resources).map(r => asString(r) ?? '');
      const first = asObject(asArray(e.providers)[0]);
      const firstType = first ? Object.keys(first)[0] : undefined;
      if (names.some(coversSecrets)) secretsCovered = secretsCovered || firstType !== undefined;
      if (firstType === undefined) {
        findings.push({ path: `resources[${i}].providers`, message: `the entry for ${names.join(', ') || 'no resource'} lists no provider` });
      } else if (firstType === IDENTITY_PROVIDER) {
        findings.push({ path: `resources[${i}].providers[0]`, message: `${names.join(', ') || 'the entry'} ${names.length === 1 ? 'is' : 'are'} written unencrypted: the first provider is identity` });
      }
    });
    if (!secretsCovered) {
      findings.push({ path: 'resources', message: 'no entry encrypts Secrets' });
    }
    return outcome(findings);
  },
};
