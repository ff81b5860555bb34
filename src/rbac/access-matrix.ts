// The data SeparatedRbac synthesizes, and the access matrix rendered from it.
//
// `SeparatedRbac` builds an `RbacModel`, synthesizes every object from it, and renders
// `accessMatrix()` from it. `rbacModelFromManifests` rebuilds the same model from synthesized
// manifests, so a test (or a reviewer's tool) can check that the matrix describes what is really
// applied, escape-hatch patches included. Nothing here is part of the public API.

import { RuleData } from './persona-rules';
import { PERSONA_LABEL, REASON_ANNOTATION } from '../standards/annotations';
import {
  adminEquivalence, CLUSTER_ADMIN_ROLE, CONTAINER_ENTRY, ESCALATION_VERBS, podRunningGrants, RBAC_GROUP, RBAC_RESOURCES, SECRET_READ_VERBS, WILDCARD,
} from '../standards/rbac';


/** Persona label values, in the order the matrix lists them, with their display names. @internal */
export const PERSONAS: ReadonlyArray<readonly [string, string]> = [
  ['cluster-admin', 'cluster administrators'],
  ['break-glass', 'break-glass (cluster-admin)'],
  ['infrastructure-manager', 'infrastructure managers'],
  ['auditor', 'auditors'],
  ['deployer', 'deployers'],
  ['developer', 'developers'],
  ['developer-exec', 'developers (exec grant)'],
  ['viewer', 'viewers'],
  ['workload', 'workload grant'],
];

/** @internal */
export interface SubjectData {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** @internal */
export interface RoleData {
  readonly kind: string; // ClusterRole | Role
  readonly name: string;
  readonly namespace?: string;
  readonly persona: string;
  readonly rules: readonly RuleData[];
}

/** @internal */
export interface BindingData {
  readonly kind: string; // ClusterRoleBinding | RoleBinding
  readonly name: string;
  readonly namespace?: string;
  readonly persona: string;
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects: readonly SubjectData[];
  readonly reason?: string;
}

/** @internal */
export interface RbacModel {
  readonly roles: readonly RoleData[];
  readonly bindings: readonly BindingData[];
}

/** A capability worth calling out, and how to recognise it in a rule. */
interface Capability {
  readonly title: string;
  /** The column heading of the grid. */
  readonly short: string;
  readonly grants: (r: RuleData) => boolean;
}

function covers(r: RuleData, apiGroup: string, resources: readonly string[], verbs: readonly string[]): boolean {
  const any = (list: readonly string[], wanted: readonly string[]) => list.includes('*') || wanted.some(w => list.includes(w));
  return any(r.apiGroups, [apiGroup]) && any(r.resources, resources) && any(r.verbs, verbs);
}

const CAPABILITIES: readonly Capability[] = [
  { short: 'read Secrets', title: 'read Secrets (`get`/`list`/`watch`/`patch` on `secrets`: a patch returns the whole Secret)', grants: r => covers(r, '', ['secrets'], SECRET_READ_VERBS) },
  { short: 'write Secrets', title: 'write Secrets (`create`/`update`/`patch`/`delete` on `secrets`)', grants: r => covers(r, '', ['secrets'], ['create', 'update', 'patch', 'delete']) },
  {
    short: 'exec in pods',
    title: 'run commands in pods (`pods/exec`, `pods/attach`, `pods/ephemeralcontainers`)',
    grants: r => CONTAINER_ENTRY.some(e => covers(r, '', [e.resource], e.verbs)),
  },
  { short: 'port-forward', title: 'port-forward or proxy to pods (`pods/portforward`, `pods/proxy`)', grants: r => covers(r, '', ['pods/portforward', 'pods/proxy'], ['create', 'get']) },
  { short: 'create pods', title: 'create pods directly (`create` on `pods`)', grants: r => covers(r, '', ['pods'], ['create']) },
  {
    short: 'run pods',
    title: 'run pods of one\'s choosing (write pods, workload controllers or operators\' pod-running kinds; Kubescape C-0188)',
    grants: r => podRunningGrants(r).length > 0,
  },
  { short: 'change RBAC', title: 'change RBAC (write roles or bindings)', grants: r => covers(r, RBAC_GROUP, RBAC_RESOURCES, ['create', 'update', 'patch', 'delete', 'deletecollection']) },
  { short: 'escalate, bind, impersonate', title: '`escalate`, `bind` or `impersonate`', grants: r => r.verbs.some(v => v === WILDCARD || ESCALATION_VERBS.includes(v)) },
  { short: 'mint tokens', title: 'mint tokens (`serviceaccounts/token`)', grants: r => covers(r, '', ['serviceaccounts/token'], ['create']) },
  { short: 'write nodes', title: 'write nodes', grants: r => covers(r, '', ['nodes'], ['create', 'update', 'patch', 'delete']) },
];

/** Whether a binding makes its subjects administrators: `cluster-admin`, or a role that amounts to it (the engine's ClusterAdminBinding test). */
function administers(model: RbacModel, b: BindingData): boolean {
  if (b.roleRef.kind === 'ClusterRole' && b.roleRef.name === CLUSTER_ADMIN_ROLE) return true;
  const role = findRole(model, b);
  return role !== undefined && adminEquivalence(role.rules, b.kind === 'ClusterRoleBinding') !== undefined;
}

function personaRank(persona: string): number {
  const i = PERSONAS.findIndex(([p]) => p === persona);
  return i < 0 ? PERSONAS.length : i;
}

function personaTitle(persona: string): string {
  return PERSONAS.find(([p]) => p === persona)?.[1] ?? persona;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return '`' + text.replace(/`/g, '\'') + '`';
}

function renderSubject(s: SubjectData): string {
  const name = s.namespace === undefined ? s.name : `${s.namespace}/${s.name}`;
  return `${s.kind} ${code(name)}`;
}

function where(b: { kind: string; namespace?: string }): string {
  if (b.kind === 'ClusterRoleBinding' || b.kind === 'ClusterRole') return 'cluster-wide';
  return b.namespace === undefined ? 'namespace of the apply' : `namespace ${code(b.namespace)}`;
}

function compareBindings(a: BindingData, b: BindingData): number {
  return personaRank(a.persona) - personaRank(b.persona)
    || (a.namespace ?? '').localeCompare(b.namespace ?? '')
    || a.name.localeCompare(b.name);
}

function findRole(model: RbacModel, b: BindingData): RoleData | undefined {
  return model.roles.find(r => r.kind === b.roleRef.kind && r.name === b.roleRef.name
    && (r.kind === 'ClusterRole' || r.namespace === b.namespace));
}

function renderRole(b: BindingData): string {
  const role = `${b.roleRef.kind} ${code(b.roleRef.name)}`;
  return b.roleRef.kind === 'ClusterRole' && b.roleRef.name === CLUSTER_ADMIN_ROLE ? `${role} (built-in, unrestricted)` : role;
}

function holds(model: RbacModel, b: BindingData, capability: Capability): boolean {
  const unrestricted = b.roleRef.kind === 'ClusterRole' && b.roleRef.name === CLUSTER_ADMIN_ROLE;
  const role = findRole(model, b);
  return unrestricted || (role !== undefined && role.rules.some(capability.grants));
}

/** The access grid: one row per binding, one column per sensitive capability. @internal */
export interface AccessGrid {
  /** The capabilities, in short: "administer", "read Secrets", ... */
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<{
    /** "deployers (namespace `shop`)" */
    readonly holder: string;
    /** The break-glass binding, to stand out. */
    readonly breakGlass: boolean;
    readonly subjects: string;
    readonly role: string;
    /** Whether the row holds each column's capability. */
    readonly cells: readonly boolean[];
  }>;
}

/**
 * Who holds which sensitive capability, as a grid to scan: a row per binding (persona and
 * where), a column per capability.
 * @internal
 */
export function accessGrid(model: RbacModel): AccessGrid {
  const bindings = [...model.bindings].sort(compareBindings);
  return {
    columns: ['administer', ...CAPABILITIES.map(c => c.short)],
    rows: bindings.map(b => ({
      holder: `${personaTitle(b.persona)} (${where(b)})`,
      breakGlass: b.persona === 'break-glass',
      subjects: b.subjects.map(renderSubject).join(', '),
      role: renderRole(b),
      cells: [administers(model, b), ...CAPABILITIES.map(c => holds(model, b, c))],
    })),
  };
}

/**
 * Renders the model as Markdown: who holds which role where, which sensitive capabilities each
 * holder has, and every rule of every role.
 * @internal
 */
export function renderAccessMatrix(model: RbacModel): string {
  const bindings = [...model.bindings].sort(compareBindings);
  const lines: string[] = [];

  lines.push('### Who holds which role', '');
  lines.push('| Persona | Subjects | Role | Where | Reason |', '| --- | --- | --- | --- | --- |');
  for (const b of bindings) {
    const marker = b.persona === 'break-glass' ? '**BREAK-GLASS** ' : '';
    lines.push(`| ${marker}${cell(personaTitle(b.persona))} | ${cell(b.subjects.map(renderSubject).join(', '))} | ${cell(renderRole(b))} | ${where(b)} | ${cell(b.reason ?? '')} |`);
  }
  if (bindings.length === 0) lines.push('| (none) | | | | |');

  lines.push('', '### At a glance', '');
  const grid = accessGrid(model);
  lines.push(`| Holder | ${grid.columns.map(cell).join(' | ')} |`, `| --- |${grid.columns.map(() => ' :---: |').join('')}`);
  for (const r of grid.rows) lines.push(`| ${r.breakGlass ? '**BREAK-GLASS** ' : ''}${cell(r.holder)} | ${r.cells.map(c => (c ? '**yes**' : '-')).join(' | ')} |`);
  if (grid.rows.length === 0) lines.push(`| (none) |${grid.columns.map(() => ' |').join('')}`);

  lines.push('', '### Sensitive capabilities', '');
  lines.push('| Capability | Held by |', '| --- | --- |');
  const administrators = bindings.filter(b => administers(model, b)).map(b => `${personaTitle(b.persona)} (${where(b)})`);
  lines.push(`| ${cell('administer the cluster (`cluster-admin`, or a role that amounts to it)')} | ${cell(administrators.length === 0 ? 'nobody' : administrators.join('; '))} |`);
  for (const capability of CAPABILITIES) {
    const holders = bindings.filter(b => holds(model, b, capability)).map(b => `${personaTitle(b.persona)} (${where(b)})`);
    lines.push(`| ${cell(capability.title)} | ${cell(holders.length === 0 ? 'nobody' : holders.join('; '))} |`);
  }

  lines.push('', '### What each role allows');
  // Identical roles in several namespaces (one per tenant) are listed once, with their namespaces.
  const groups = new Map<string, { role: RoleData; places: string[] }>();
  const roles = [...model.roles].sort((a, b) => personaRank(a.persona) - personaRank(b.persona)
    || a.name.localeCompare(b.name) || (a.namespace ?? '').localeCompare(b.namespace ?? ''));
  for (const role of roles) {
    const key = JSON.stringify([role.kind, role.name, role.rules]);
    const group = groups.get(key) ?? { role, places: [] };
    group.places.push(where(role));
    groups.set(key, group);
  }
  for (const { role, places } of groups.values()) {
    lines.push('', `#### ${role.kind} ${code(role.name)}: ${cell(places.join(', '))}`, '');
    lines.push('| API group | Resources | Verbs |', '| --- | --- | --- |');
    for (const r of role.rules) {
      const groupsText = r.apiGroups.map(g => (g === '' ? 'core' : g)).join(', ');
      const names = r.resourceNames === undefined ? '' : ` (named ${r.resourceNames.map(code).join(', ')})`;
      lines.push(`| ${cell(groupsText)} | ${cell(r.resources.map(code).join(', ') + names)} | ${cell(r.verbs.join(', '))} |`);
    }
    if (role.rules.length === 0) lines.push('| (no rules) | | |');
  }
  return lines.join('\n') + '\n';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Rebuilds the model from synthesized manifests: the RBAC objects that carry the persona label.
 * @internal
 */
export function rbacModelFromManifests(manifests: readonly unknown[]): RbacModel {
  const roles: RoleData[] = [];
  const bindings: BindingData[] = [];
  for (const m of manifests) {
    if (!isRecord(m) || !isRecord(m.metadata)) continue;
    const labels = isRecord(m.metadata.labels) ? m.metadata.labels : {};
    const annotations = isRecord(m.metadata.annotations) ? m.metadata.annotations : {};
    const persona = optionalString(labels[PERSONA_LABEL]);
    if (persona === undefined || m.apiVersion !== 'rbac.authorization.k8s.io/v1') continue;
    const kind = String(m.kind);
    const name = String(m.metadata.name);
    const namespace = optionalString(m.metadata.namespace);
    if (kind === 'ClusterRole' || kind === 'Role') {
      const rules = (Array.isArray(m.rules) ? m.rules : []).filter(isRecord).map(r => ({
        apiGroups: strings(r.apiGroups),
        resources: strings(r.resources),
        verbs: strings(r.verbs),
        ...(r.resourceNames === undefined ? {} : { resourceNames: strings(r.resourceNames) }),
      }));
      roles.push({ kind, name, namespace, persona, rules });
    } else if ((kind === 'ClusterRoleBinding' || kind === 'RoleBinding') && isRecord(m.roleRef)) {
      const subjects = (Array.isArray(m.subjects) ? m.subjects : []).filter(isRecord).map(s => ({
        kind: String(s.kind), name: String(s.name), namespace: optionalString(s.namespace),
      }));
      bindings.push({
        kind,
        name,
        namespace,
        persona,
        roleRef: { kind: String(m.roleRef.kind), name: String(m.roleRef.name) },
        subjects,
        reason: optionalString(annotations[REASON_ANNOTATION]),
      });
    }
  }
  return { roles, bindings };
}
