import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigurationObject } from './configuration-object';
import { invalidInput } from '../errors';
import {
  AUDIT_API_VERSION, AUDIT_VERBS, AuditRuleShape, CREDENTIAL_RESOURCES, EVENT_RESOURCES, GroupResource,
  INTERACTIVE_SUBRESOURCES, NODES_GROUP, NOISE_URLS, OMITTED_STAGE, PROXY_SUBRESOURCES, READ_VERBS, SECURITY_RESOURCES, SYSTEM_READERS,
  WORKLOAD_RESOURCES, WRITE_VERBS,
} from '../standards/audit';

/**
 * How much of a request the API server writes to the audit log.
 *
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy
 */
export class AuditLevel {
  /** Nothing. */
  public static readonly NONE = new AuditLevel('None');
  /** Who, what, when: user, verb, resource, namespace, name, response code; never a body. */
  public static readonly METADATA = new AuditLevel('Metadata');
  /** Metadata and the request body. */
  public static readonly REQUEST = new AuditLevel('Request');
  /** Metadata, the request body and the response body. */
  public static readonly REQUEST_RESPONSE = new AuditLevel('RequestResponse');

  private constructor(
    /** The level's name in the policy. */
    public readonly value: string,
  ) {}
}

/** Resources of one API group, as an audit rule matches them. */
export interface AuditResource {
  /**
   * The API group.
   * @default '' — the core group (pods, secrets, ...)
   */
  readonly group?: string;
  /**
   * Resources of the group: `pods`, a subresource `pods/log`, `*`, `*\/scale`, `pods/*`.
   * @default - every resource of the group
   */
  readonly resources?: string[];
  /**
   * Object names.
   * @default - every object
   */
  readonly resourceNames?: string[];
}

/** A rule of an audit policy: requests it matches and the level they are logged at. */
export interface AuditPolicyRule {
  /** The level of the requests this rule matches. */
  readonly level: AuditLevel;
  /** User names. @default - every user */
  readonly users?: string[];
  /** User groups. @default - every group */
  readonly userGroups?: string[];
  /** Verbs (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`). @default - every verb */
  readonly verbs?: string[];
  /** Namespaces (`''` for cluster-scoped objects). @default - every namespace */
  readonly namespaces?: string[];
  /** Resources. @default - every resource (unless `nonResourceUrls` is set) */
  readonly resources?: AuditResource[];
  /** Non-resource paths (`/metrics`, `/healthz*`). @default - none */
  readonly nonResourceUrls?: string[];
}

/**
 * Props for `HardenedAuditPolicy`.
 */
export interface HardenedAuditPolicyProps {
  /**
   * Rules of your own. They are placed after the rules for credentials, interactive access and
   * proxies (so no rule of yours can make the policy log a Secret's body) and before the rules
   * that drop noise and set the defaults; the API server uses the first rule that matches.
   *
   * @default - none
   */
  readonly rules?: AuditPolicyRule[];

  /**
   * Resources that carry credentials besides Secrets, ConfigMaps, TokenReviews and
   * `serviceaccounts/token` (for example a custom resource holding keys): logged at Metadata only.
   *
   * @default - none
   */
  readonly additionalCredentialResources?: AuditResource[];

  /**
   * Where the policy file goes on each control-plane node (the API server's `--audit-policy-file`).
   *
   * @default '/etc/kubernetes/audit/policy.yaml'
   */
  readonly path?: string;
}

function toShape(rule: AuditPolicyRule): AuditRuleShape {
  return {
    level: rule.level.value,
    users: rule.users,
    userGroups: rule.userGroups,
    verbs: rule.verbs,
    namespaces: rule.namespaces,
    resources: rule.resources?.map(r => ({ group: r.group ?? '', resources: r.resources, resourceNames: r.resourceNames })),
    nonResourceURLs: rule.nonResourceUrls,
  };
}

function byGroup(list: ReadonlyArray<{ readonly group: string; readonly resource: string }>): Array<{ group: string; resources: string[] }> {
  const groups = new Map<string, string[]>();
  for (const { group, resource } of list) groups.set(group, [...(groups.get(group) ?? []), resource]);
  return [...groups].map(([group, resources]) => ({ group, resources }));
}

/**
 * An audit policy (`audit.k8s.io/v1` `Policy`) that records who did what without ever logging
 * a credential. Rules, in the order the API server tries them (first match wins):
 *
 * 1. Secrets, ConfigMaps, TokenReviews, `serviceaccounts/token` (and
 *    `additionalCredentialResources`): **Metadata**, first of all, so no request or response
 *    body carrying a credential is ever logged (NSA/CISA §"Audit logging": production policies
 *    log Secrets at Metadata only).
 * 2. `pods/exec`, `pods/attach`, `pods/portforward`, `pods/ephemeralcontainers`: **RequestResponse**.
 * 3. `pods/proxy`, `services/proxy`, `nodes/proxy`: **Metadata** (their bodies are arbitrary traffic).
 * 4. Your `rules`.
 * 5. Noise: health and version endpoints, events, and reads by the scheduler, the controller
 *    manager, kube-proxy, the API server and the kubelets: **None**.
 * 6. Changes to RBAC, admission configuration, CRDs, certificate signing requests, namespaces,
 *    service accounts, network policies and runtime classes: **RequestResponse**.
 * 7. Changes to pods and workloads: **Request**.
 * 8. Everything else: **Metadata**.
 *
 * The `RequestReceived` stage is omitted (each request is logged once, when it completes) and
 * so are managed fields.
 *
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
 */
export class HardenedAuditPolicy extends Construct {
  /** Where the policy file goes on each control-plane node. */
  public readonly path: string;
  /** The policy object (escape hatch: `ApiObject.of(policy)`). */
  public readonly apiObject: ApiObject;
  /** The rules, in order, as the policy lists them. @internal */
  public readonly _rules: AuditRuleShape[];

  constructor(scope: Construct, id: string, props: HardenedAuditPolicyProps = {}) {
    super(scope, id);
    this.path = validateAbsolutePath(this, 'path', props.path ?? '/etc/kubernetes/audit/policy.yaml');

    const credentials: GroupResource[] = [...CREDENTIAL_RESOURCES];
    (props.additionalCredentialResources ?? []).forEach((r, i) => {
      if (!r.resources || r.resources.length === 0) {
        throw invalidInput(this, `additionalCredentialResources[${i}].resources`, 'name the resources that carry credentials', r.resources,
          'list them, e.g. { group: "acme.example", resources: ["apikeys"] }');
      }
      for (const resource of r.resources) credentials.push({ group: r.group ?? '', resource });
    });
    const own = (props.rules ?? []).map((rule, i) => this.validateRule(rule, i));

    this._rules = [
      { level: 'Metadata', resources: byGroup(credentials) },
      { level: 'RequestResponse', resources: [{ group: '', resources: [...INTERACTIVE_SUBRESOURCES] }] },
      { level: 'Metadata', resources: byGroup(PROXY_SUBRESOURCES) },
      ...own,
      { level: 'None', nonResourceURLs: [...NOISE_URLS] },
      { level: 'None', resources: EVENT_RESOURCES.map(g => ({ group: g.group, resources: [...g.resources] })) },
      { level: 'None', users: [...SYSTEM_READERS], verbs: [...READ_VERBS] },
      { level: 'None', userGroups: [NODES_GROUP], verbs: [...READ_VERBS] },
      { level: 'RequestResponse', verbs: [...WRITE_VERBS], resources: SECURITY_RESOURCES.map(g => ({ group: g.group, resources: g.resources.length > 0 ? [...g.resources] : undefined })) },
      { level: 'Request', verbs: [...WRITE_VERBS], resources: WORKLOAD_RESOURCES.map(g => ({ group: g.group, resources: [...g.resources] })) },
      { level: 'Metadata' },
    ];

    this.apiObject = new ConfigurationObject(this, 'Resource', {
      apiVersion: AUDIT_API_VERSION,
      kind: 'Policy',
      omitStages: [OMITTED_STAGE],
      omitManagedFields: true,
      rules: this._rules.map(r => JSON.parse(JSON.stringify(r))),
    });
  }

  private validateRule(rule: AuditPolicyRule, i: number): AuditRuleShape {
    const field = `rules[${i}]`;
    for (const verb of rule.verbs ?? []) {
      if (!AUDIT_VERBS.includes(verb)) {
        throw invalidInput(this, `${field}.verbs`, 'not a verb the API server audits', verb, `use ${AUDIT_VERBS.join(', ')}`);
      }
    }
    if ((rule.resources?.length ?? 0) > 0 && (rule.nonResourceUrls?.length ?? 0) > 0) {
      throw invalidInput(this, field, 'a rule matches resources or non-resource URLs, never both', { resources: rule.resources, nonResourceUrls: rule.nonResourceUrls },
        'split it into two rules');
    }
    const filtered = [rule.users, rule.userGroups, rule.verbs, rule.namespaces, rule.resources, rule.nonResourceUrls].some(f => (f?.length ?? 0) > 0);
    if (rule.level.value === 'None' && !filtered) {
      throw invalidInput(this, field, 'a rule at level None without users, groups, verbs, namespaces, resources or URLs drops every request the rules after it would log, and turns the audit log off (NSA/CISA "Audit logging")',
        rule.level.value, 'name the requests to drop, e.g. { level: AuditLevel.NONE, users: ["system:kube-proxy"], verbs: ["watch"] }');
    }
    return toShape(rule);
  }
}

/** An absolute path on the node, without `..`. @internal */
export function validateAbsolutePath(scope: Construct, field: string, path: string): string {
  if (!path.startsWith('/') || path.split('/').includes('..') || path.endsWith('/')) {
    throw invalidInput(scope, field, 'must be an absolute file path on the node', path, 'write it like "/etc/kubernetes/audit/policy.yaml"');
  }
  return path;
}
