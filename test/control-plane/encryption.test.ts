import { Duration, Testing } from 'cdk8s';
import { Json, KMS } from './fixtures';
import { ControlPlaneChart, SecretsEncryption, SecretsEncryptionProps } from '../../src';
import { runRule } from '../compliance/fixtures';

function encryption(props: Partial<SecretsEncryptionProps> = {}): { json: Json; construct: SecretsEncryption } {
  const chart = new ControlPlaneChart(Testing.app(), 'control-plane');
  const construct = new SecretsEncryption(chart, 'encryption', { kms: KMS, ...props });
  return { json: Testing.synth(chart)[0], construct };
}

describe('SecretsEncryption', () => {
  test('defaults: Secrets, KMS v2 first, identity last for reading old data, no key anywhere', () => {
    const { json, construct } = encryption();
    expect(json).toMatchSnapshot();
    expect(json).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [{
        resources: ['secrets'],
        providers: [{ kms: { apiVersion: 'v2', name: 'vault', endpoint: 'unix:///var/run/kms-plugin/socket.sock', timeout: '3s' } }, { identity: {} }],
      }],
    });
    expect(JSON.stringify(json)).not.toMatch(/secret"\s*:|keys/);
    expect(construct.path).toBe('/etc/kubernetes/encryption/config.yaml');
    expect(construct.socketDirectories).toEqual(['/var/run/kms-plugin']);
    expect(runRule('EncryptionProviders', json)).toEqual({ status: 'compliant' });
  });

  test('more resources, a previous KMS plugin for rotation, no identity once data is rewritten', () => {
    const { json, construct } = encryption({
      resources: ['configmaps', 'secrets'],
      previousProviders: [{ provider: 'kms', kms: { name: 'vault-2024', endpoint: 'unix:///var/run/kms-old/socket.sock', timeout: Duration.seconds(10) } }],
      readUnencrypted: false,
    });
    expect(json.resources[0].resources).toEqual(['secrets', 'configmaps']);
    expect(json.resources[0].providers.map((p: Json) => p.kms.name)).toEqual(['vault', 'vault-2024']);
    expect(json.resources[0].providers[1].kms.timeout).toBe('10s');
    expect(construct.socketDirectories).toEqual(['/var/run/kms-plugin', '/var/run/kms-old']);
  });

  test('fails a local-key provider, with a fix explaining KMS', () => {
    expect(() => encryption({ previousProviders: [{ provider: 'aescbc' }] })).toThrow(
      /previousProviders\[0\]\.provider: a aescbc provider keeps its key in the configuration file.*Fix: keep the old file only until every Secret is rewritten under KMS.*a KMS plugin keeps the key in an external KMS/);
    expect(() => encryption({ previousProviders: [{ provider: 'secretbox' }] })).toThrow(/secretbox provider keeps its key/);
  });

  test('fails identity as a previous provider, a TCP endpoint, a name with ":", a name used twice, a fractional timeout', () => {
    expect(() => encryption({ previousProviders: [{ provider: 'identity' }] })).toThrow(/identity reads unencrypted data and is only ever last.*readUnencrypted/);
    expect(() => encryption({ kms: { name: 'vault', endpoint: 'tcp://10.0.0.5:9000' } })).toThrow(/kms\.endpoint: a KMS v2 plugin listens on a UNIX domain socket; got "tcp:\/\/10.0.0.5:9000"/);
    expect(() => encryption({ kms: { name: 'k8s:vault', endpoint: KMS.endpoint } })).toThrow(/kms\.name: a KMS provider name .* may not be empty or contain ":"/);
    expect(() => encryption({ previousProviders: [{ provider: 'kms', kms: KMS }] })).toThrow(/kms\.name: every KMS provider needs its own name .*; got "vault"/);
    expect(() => encryption({ kms: { ...KMS, timeout: Duration.millis(500) } })).toThrow();
    expect(() => encryption({ resources: ['Secrets'] })).toThrow(/resources: not a resource name; got "Secrets"/);
  });
});
