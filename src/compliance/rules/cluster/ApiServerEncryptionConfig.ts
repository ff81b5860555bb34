import { checkFlags, DOCS, FLAG_KINDS, missingFlag } from './flags';
import { COMPONENTS, FLAGS } from '../../../standards/control-plane';
import { Rule } from '../../rule';

/**
 * The API server encrypts Secrets at rest: `--encryption-provider-config` is set (Kubescape
 * C-0066; NSA/CISA §"Secrets"). EncryptionProviders checks the file itself.
 */
export const ApiServerEncryptionConfig: Rule = {
  id: 'ApiServerEncryptionConfig',
  title: 'kube-apiserver --encryption-provider-config is set',
  fix: `set --${FLAGS.ENCRYPTION_PROVIDER_CONFIG} to an EncryptionConfiguration with a KMS v2 provider first (SecretsEncryption), mounted into the API server`,
  helpUri: DOCS.ENCRYPTION,
  kinds: FLAG_KINDS,
  check: (object) => checkFlags(object, [COMPONENTS.API_SERVER], (flags, findings) => {
    if (!flags.get(FLAGS.ENCRYPTION_PROVIDER_CONFIG)?.value) {
      findings.push(missingFlag(flags, FLAGS.ENCRYPTION_PROVIDER_CONFIG, 'Secrets are stored in etcd in plaintext', '/etc/kubernetes/encryption/config.yaml'));
    }
  }),
};
