import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { validateAbsolutePath } from './audit-policy';
import { ConfigurationObject } from './configuration-object';
import { invalidInput } from '../errors';
import { APISERVER_CONFIG_API_VERSION, AUTHENTICATION_CONFIG_V1_MINOR, AUTHENTICATION_CONFIG_V1BETA1, HEALTH_ENDPOINTS, MIN_KUBEADM_MINOR } from '../standards/control-plane';
import { LATEST_KNOWN_MINOR, releaseMinor } from '../standards/kubernetes-version';

/**
 * Props for `HardenedAuthenticationConfiguration`.
 */
export interface HardenedAuthenticationConfigurationProps {
  /**
   * Let anonymous requests reach the health endpoints (`/livez`, `/readyz`, `/healthz`) and
   * nothing else. kubeadm's liveness, readiness and startup probes of the API server, and load
   * balancer health checks, are anonymous: with anonymous access off altogether
   * (`--anonymous-auth=false`) they fail with 401 and the kubelet restarts the API server
   * (kubernetes/kubeadm#798). With `false`, anonymous access is off entirely: replace those
   * probes first.
   *
   * @default true — NSA/CISA §"Authentication": no anonymous access; only the health checks,
   * which reveal nothing, are answered without credentials (CIS 1.2.1, Kubernetes 1.32+).
   */
  readonly anonymousHealthChecks?: boolean;

  /**
   * The Kubernetes release the API server runs (`v1.NN.P`): the file is
   * `apiserver.config.k8s.io/v1` from 1.34, `v1beta1` before.
   *
   * @default - the newest release this library knows
   */
  readonly kubernetesVersion?: string;

  /**
   * Where the file goes on each control-plane node (the API server's `--authentication-config`).
   * @default '/etc/kubernetes/authentication/config.yaml'
   */
  readonly path?: string;
}

/**
 * The API server's structured authentication configuration (`AuthenticationConfiguration`),
 * restricting anonymous requests to the health endpoints. It replaces `--anonymous-auth` (the
 * two cannot be combined); add JWT authenticators (which replace the `--oidc-*` flags) with a
 * JSON patch on `apiObject`.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-authenticator-configuration
 */
export class HardenedAuthenticationConfiguration extends Construct {
  /** Where the file goes on each control-plane node. */
  public readonly path: string;
  /** Whether anonymous requests reach the health endpoints. */
  public readonly anonymousHealthChecks: boolean;
  /** The configuration object (escape hatch). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: HardenedAuthenticationConfigurationProps = {}) {
    super(scope, id);
    this.path = validateAbsolutePath(this, 'path', props.path ?? '/etc/kubernetes/authentication/config.yaml');
    this.anonymousHealthChecks = props.anonymousHealthChecks ?? true;
    let minor = LATEST_KNOWN_MINOR;
    if (props.kubernetesVersion !== undefined) {
      const m = releaseMinor(props.kubernetesVersion);
      if (m === undefined || m < MIN_KUBEADM_MINOR) {
        throw invalidInput(this, 'kubernetesVersion', `must be a Kubernetes release v1.${MIN_KUBEADM_MINOR}.0 or newer (anonymous access limited to chosen endpoints is on by default from 1.32)`,
          props.kubernetesVersion, `write the release your control plane runs, e.g. "v1.${MIN_KUBEADM_MINOR + 1}.2"`);
      }
      minor = m;
    }
    this.apiObject = new ConfigurationObject(this, 'Resource', {
      apiVersion: minor >= AUTHENTICATION_CONFIG_V1_MINOR ? APISERVER_CONFIG_API_VERSION : AUTHENTICATION_CONFIG_V1BETA1,
      kind: 'AuthenticationConfiguration',
      anonymous: this.anonymousHealthChecks
        ? { enabled: true, conditions: HEALTH_ENDPOINTS.map(path => ({ path })) }
        : { enabled: false },
    });
  }
}
