import { Testing } from 'cdk8s';
import { Json } from './fixtures';
import { AuditLevel, ControlPlaneChart, HardenedAuditPolicy } from '../../src';
import { AUDIT_VERBS, auditLevelFor, AuditRequest, AuditRuleShape, CREDENTIAL_RESOURCES } from '../../src/standards/audit';
import { runRule } from '../compliance/fixtures';

function policy(props: ConstructorParameters<typeof HardenedAuditPolicy>[2] = {}): { json: Json; rules: AuditRuleShape[] } {
  const chart = new ControlPlaneChart(Testing.app(), 'control-plane');
  const p = new HardenedAuditPolicy(chart, 'audit', props);
  return { json: Testing.synth(chart)[0], rules: p._rules };
}

const USERS: Array<[string, string[]]> = [
  ['alice', ['developers', 'system:authenticated']],
  ['system:kube-controller-manager', ['system:authenticated']],
  ['system:node:worker-1', ['system:nodes', 'system:authenticated']],
  ['system:serviceaccount:ci:deployer', ['system:serviceaccounts', 'system:authenticated']],
  ['system:anonymous', ['system:unauthenticated']],
];

/** Every request to a resource: each verb, user, namespace and name. */
function requestsTo(group: string, resource: string): AuditRequest[] {
  return AUDIT_VERBS.flatMap(verb => USERS.flatMap(([user, groups]) => ['', 'kube-system', 'payments'].flatMap(namespace =>
    ['', 'db-password'].map(name => ({ user, groups, verb, group, resource, namespace, name })))));
}

describe('HardenedAuditPolicy', () => {
  test('defaults: credentials at Metadata first, RequestReceived omitted, no metadata', () => {
    const { json } = policy();
    expect(json).toMatchSnapshot();
    expect(json.apiVersion).toBe('audit.k8s.io/v1');
    expect(json.kind).toBe('Policy');
    expect(json.metadata).toBeUndefined();
    expect(json.omitStages).toEqual(['RequestReceived']);
    expect(json.rules[0]).toEqual({
      level: 'Metadata',
      resources: [{ group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] }, { group: 'authentication.k8s.io', resources: ['tokenreviews'] }],
    });
    expect(json.rules[json.rules.length - 1]).toEqual({ level: 'Metadata' });
    expect(runRule('AuditPolicySecrets', json)).toEqual({ status: 'compliant' });
  });

  test('ordering invariant: no request to a credential resource is ever logged with its body, whatever rules are added', () => {
    const { rules } = policy({
      additionalCredentialResources: [{ group: 'acme.example', resources: ['apikeys'] }],
      rules: [
        { level: AuditLevel.REQUEST_RESPONSE },
        { level: AuditLevel.REQUEST_RESPONSE, resources: [{ group: '', resources: ['secrets', 'configmaps'] }] },
        { level: AuditLevel.REQUEST, users: ['alice'], namespaces: ['payments'], resources: [{ group: '', resources: ['*'] }] },
        { level: AuditLevel.REQUEST_RESPONSE, resources: [{ group: 'acme.example' }] },
      ],
    });
    const targets = [...CREDENTIAL_RESOURCES, { group: 'acme.example', resource: 'apikeys' }];
    let checked = 0;
    for (const { group, resource } of targets) {
      for (const request of requestsTo(group, resource)) {
        expect({ request, level: auditLevelFor(rules, request) }).toEqual({ request, level: 'Metadata' });
        checked++;
      }
    }
    expect(checked).toBe(5 * AUDIT_VERBS.length * USERS.length * 3 * 2);
  });

  test('levels: exec in full, security changes in full, workload changes with the request, noise dropped, the rest at Metadata', () => {
    const { rules } = policy();
    const alice = { user: 'alice', groups: ['system:authenticated'] };
    const level = (r: Partial<AuditRequest>) => auditLevelFor(rules, { ...alice, verb: 'get', ...r } as AuditRequest);
    expect(level({ verb: 'create', resource: 'pods/exec', namespace: 'shop' })).toBe('RequestResponse');
    expect(level({ verb: 'get', resource: 'pods/portforward', namespace: 'shop' })).toBe('RequestResponse');
    expect(level({ verb: 'patch', resource: 'pods/ephemeralcontainers', namespace: 'shop' })).toBe('RequestResponse');
    expect(level({ verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' })).toBe('RequestResponse');
    expect(level({ verb: 'update', group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations' })).toBe('RequestResponse');
    expect(level({ verb: 'patch', resource: 'namespaces' })).toBe('RequestResponse');
    expect(level({ verb: 'list', group: 'rbac.authorization.k8s.io', resource: 'roles' })).toBe('Metadata');
    expect(level({ verb: 'create', group: 'apps', resource: 'deployments', namespace: 'shop' })).toBe('Request');
    expect(level({ verb: 'get', resource: 'pods/proxy', namespace: 'shop' })).toBe('Metadata');
    expect(level({ path: '/livez' })).toBe('None');
    expect(level({ path: '/readyz/etcd' })).toBe('None');
    expect(level({ path: '/metrics' })).toBe('Metadata');
    expect(level({ verb: 'create', resource: 'events', namespace: 'shop' })).toBe('None');
    expect(level({ user: 'system:kube-scheduler', verb: 'watch', resource: 'pods' })).toBe('None');
    expect(level({ user: 'system:node:worker-1', groups: ['system:nodes'], verb: 'get', resource: 'nodes' })).toBe('None');
    expect(level({ user: 'system:node:worker-1', groups: ['system:nodes'], verb: 'patch', resource: 'nodes/status' })).toBe('Metadata');
    expect(level({ verb: 'delete', group: 'acme.example', resource: 'widgets', namespace: 'shop' })).toBe('Metadata');
  });

  test('rules of your own come after credentials, exec and proxies, before the noise and the defaults', () => {
    const { json } = policy({ rules: [{ level: AuditLevel.NONE, users: ['system:serviceaccount:monitoring:prometheus'], verbs: ['get', 'list', 'watch'] }] });
    expect(json.rules[3]).toEqual({ level: 'None', users: ['system:serviceaccount:monitoring:prometheus'], verbs: ['get', 'list', 'watch'] });
    expect(json.rules[2].resources[0].resources).toEqual(['pods/proxy', 'services/proxy', 'nodes/proxy']);
  });

  test('fails an unknown verb, a rule on resources and URLs at once, credentials without resources, a relative path', () => {
    expect(() => policy({ rules: [{ level: AuditLevel.METADATA, verbs: ['read'] }] }))
      .toThrow('[control-plane/audit] rules[0].verbs: not a verb the API server audits; got "read". Fix: use get, list, watch');
    expect(() => policy({ rules: [{ level: AuditLevel.METADATA, resources: [{ resources: ['pods'] }], nonResourceUrls: ['/metrics'] }] }))
      .toThrow(/rules\[0\]: a rule matches resources or non-resource URLs, never both/);
    expect(() => policy({ additionalCredentialResources: [{ group: 'acme.example' }] })).toThrow(/additionalCredentialResources\[0\]\.resources: name the resources/);
    expect(() => policy({ path: 'audit/policy.yaml' })).toThrow(/path: must be an absolute file path on the node; got "audit\/policy.yaml"/);
  });

  test('fails a rule of your own that drops every request (None without a filter); a narrowed None rule is kept', () => {
    expect(() => policy({ rules: [{ level: AuditLevel.NONE }] }))
      .toThrow(/\[control-plane\/audit\] rules\[0\]: a rule at level None without users, groups, verbs, namespaces, resources or URLs drops every request the rules after it would log.*Fix: name the requests to drop/);
    expect(() => policy({ rules: [{ level: AuditLevel.NONE, verbs: [] }] })).toThrow(/rules\[0\]: a rule at level None without users/);
    expect(policy({ rules: [{ level: AuditLevel.NONE, users: ['system:serviceaccount:monitoring:prometheus'], verbs: ['get', 'list', 'watch'] }] }).rules[3].level).toBe('None');
  });
});
