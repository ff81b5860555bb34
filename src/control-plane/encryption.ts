import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { validateAbsolutePath } from './audit-policy';
import { ConfigurationObject } from './configuration-object';
import { invalidInput } from '../errors';
import {
  APISERVER_CONFIG_API_VERSION, IDENTITY_PROVIDER, KMS_API_VERSION, KMS_PROVIDER, LOCAL_KEY_PROVIDERS, SECRETS_RESOURCE,
} from '../standards/control-plane';

/**
 * A KMS v2 plugin: the gRPC server on each control-plane node that encrypts the data keys with a
 * key held in an external key management service (cloud KMS, Vault, an HSM).
 *
 * @see https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/
 */
export interface KmsPluginOptions {
  /** The provider's name: unique in the configuration, stored with every object it encrypts (no ":"). */
  readonly name: string;
  /** The plugin's UNIX domain socket, e.g. `unix:///var/run/kms-plugin/socket.sock`. */
  readonly endpoint: string;
  /**
   * How long the API server waits for the plugin.
   * @default Duration.seconds(3) — the API server's own default
   */
  readonly timeout?: Duration;
}

/**
 * A provider that wrote data still in etcd, listed after the current KMS plugin so the API
 * server can read that data until it has been rewritten.
 */
export interface PreviousEncryptionProvider {
  /** The provider: `kms`. Local-key providers (`aescbc`, `aesgcm`, `secretbox`) are refused. */
  readonly provider: string;
  /** The previous KMS plugin, for type `kms`. @default - none */
  readonly kms?: KmsPluginOptions;
}

/**
 * Props for `SecretsEncryption`.
 */
export interface SecretsEncryptionProps {
  /** The KMS v2 plugin that encrypts new writes. */
  readonly kms: KmsPluginOptions;

  /**
   * Resources encrypted at rest, e.g. `configmaps` or `<resource>.<group>` for a custom resource.
   * `secrets` is always included.
   *
   * @default ['secrets'] — NSA/CISA §"Secrets": encrypt Secrets at rest; Kubescape C-0066.
   */
  readonly resources?: string[];

  /**
   * Earlier providers, tried after the current one for reading data they wrote (KMS rotation).
   *
   * @default - none
   */
  readonly previousProviders?: PreviousEncryptionProvider[];

  /**
   * Keep `identity` as the last provider, so the API server can read objects written before
   * encryption was turned on. It never writes with it: the first provider encrypts every write.
   * Turn it off once every object has been rewritten (`kubectl get secrets -A -o json | kubectl replace -f -`).
   *
   * @default true
   */
  readonly readUnencrypted?: boolean;

  /**
   * Where the file goes on each control-plane node (the API server's `--encryption-provider-config`).
   *
   * @default '/etc/kubernetes/encryption/config.yaml'
   */
  readonly path?: string;
}

const SOCKET = /^unix:\/\/(\/[^\s]+)$/;

/**
 * Encryption at rest for Secrets (`apiserver.config.k8s.io/v1` `EncryptionConfiguration`): a
 * KMS v2 provider first (every write is encrypted with a data key that the external KMS wraps),
 * then any previous KMS providers, then `identity` only for reading data written before.
 *
 * No key material is ever in code or in the output: local-key providers (`aescbc`, `aesgcm`,
 * `secretbox`) keep their key in this file, next to the API server that holds the data, and are
 * refused.
 *
 * @see https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/
 */
export class SecretsEncryption extends Construct {
  /** Where the file goes on each control-plane node. */
  public readonly path: string;
  /** The resources encrypted at rest. */
  public readonly resources: string[];
  /** The directories of the KMS plugins' sockets, which the API server must see. */
  public readonly socketDirectories: string[];
  /** The configuration object (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: SecretsEncryptionProps) {
    super(scope, id);
    this.path = validateAbsolutePath(this, 'path', props.path ?? '/etc/kubernetes/encryption/config.yaml');
    this.resources = [...new Set([SECRETS_RESOURCE, ...(props.resources ?? [])])];
    for (const r of this.resources) {
      if (!/^[a-z0-9][a-z0-9.-]*$/.test(r) && r !== '*.*') {
        throw invalidInput(this, 'resources', 'not a resource name', r, 'write it like "configmaps" or "widgets.acme.example"');
      }
    }
    const kms = [this.kmsProvider('kms', props.kms)];
    (props.previousProviders ?? []).forEach((p, i) => {
      const field = `previousProviders[${i}]`;
      if (LOCAL_KEY_PROVIDERS.includes(p.provider)) {
        throw invalidInput(this, `${field}.provider`, `a ${p.provider} provider keeps its key in the configuration file, on the same disk as the API server that reads the data; no key belongs in code or in the output`, p.provider,
          'keep the old file only until every Secret is rewritten under KMS (`kubectl get secrets -A -o json | kubectl replace -f -`), then drop it; a KMS plugin keeps the key in an external KMS, see https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/');
      }
      if (p.provider === IDENTITY_PROVIDER) {
        throw invalidInput(this, `${field}.provider`, 'identity reads unencrypted data and is only ever last', p.provider, 'use readUnencrypted instead');
      }
      if (p.provider !== KMS_PROVIDER || !p.kms) {
        throw invalidInput(this, field, 'a previous provider is a KMS plugin', p, 'give { provider: "kms", kms: { name, endpoint } }');
      }
      kms.push(this.kmsProvider(`${field}.kms`, p.kms));
    });
    const names = kms.map(k => k.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) {
      throw invalidInput(this, 'kms.name', 'every KMS provider needs its own name (the name is stored with the data it encrypted)', duplicate, 'rename one of them');
    }
    this.socketDirectories = [...new Set(kms.map(k => k.endpoint.replace(/^unix:\/\//, '').replace(/\/[^/]*$/, '') || '/'))];
    const providers: unknown[] = kms.map(k => ({ [KMS_PROVIDER]: k }));
    if (props.readUnencrypted ?? true) providers.push({ [IDENTITY_PROVIDER]: {} });

    this.apiObject = new ConfigurationObject(this, 'Resource', {
      apiVersion: APISERVER_CONFIG_API_VERSION,
      kind: 'EncryptionConfiguration',
      resources: [{ resources: this.resources, providers }],
    });
  }

  private kmsProvider(field: string, options: KmsPluginOptions): { apiVersion: string; name: string; endpoint: string; timeout: string } {
    if (!/^[^:\s]+$/.test(options.name)) {
      throw invalidInput(this, `${field}.name`, 'a KMS provider name is stored with the data it encrypts and may not be empty or contain ":" or spaces', options.name, 'name it like "vault" or "cloud-kms"');
    }
    if (!SOCKET.test(options.endpoint)) {
      throw invalidInput(this, `${field}.endpoint`, 'a KMS v2 plugin listens on a UNIX domain socket', options.endpoint, 'write it like "unix:///var/run/kms-plugin/socket.sock"');
    }
    const seconds = options.timeout?.toSeconds() ?? 3;
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw invalidInput(this, `${field}.timeout`, 'must be a whole number of seconds, at least 1', seconds, 'use Duration.seconds(3)');
    }
    return { apiVersion: KMS_API_VERSION, name: options.name, endpoint: options.endpoint, timeout: `${seconds}s` };
  }
}
