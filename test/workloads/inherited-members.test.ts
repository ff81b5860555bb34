import { ApiObject, Chart, Cron, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { HardenedCronJob, HardenedDaemonSet, HardenedDeployment, HardenedJob, HardenedStatefulSet } from '../../src';
import { INHERITED_MEMBERS, MemberSection } from '../../src/workloads/inherited-members';
import { small } from '../helpers';

// Every member a hardened workload and the objects it hands out inherit is classified in
// INHERITED_MEMBERS, and each classification holds: a cdk8s-plus upgrade that adds a member
// fails here until someone decides what the member does on a hardened workload.

const container = { image: 'registry.acme.example/web:1.4.2', portNumber: 8080, resources: small };
const init = { image: 'registry.acme.example/migrate:1.0.0', resources: small };

interface Kind {
  readonly name: string;
  /** A hardened workload with one container and one init container. */
  hardened(chart: Chart): kplus.Workload;
  /** The cdk8s-plus workload it extends, built the same way. */
  plain(chart: Chart): kplus.Workload;
}

const KINDS: Kind[] = [
  {
    name: 'HardenedDeployment',
    hardened: c => new HardenedDeployment(c, 'web', { metadata: { namespace: 'shop' }, containers: [container], initContainers: [init] }),
    plain: c => new kplus.Deployment(c, 'plain', { containers: [container], initContainers: [init] }),
  },
  {
    name: 'HardenedStatefulSet',
    hardened: c => new HardenedStatefulSet(c, 'web', { metadata: { namespace: 'shop' }, containers: [container], initContainers: [init] }),
    plain: c => new kplus.StatefulSet(c, 'plain', { service: new kplus.Service(c, 'plain-service', { ports: [{ port: 80 }] }), containers: [container], initContainers: [init] }),
  },
  {
    name: 'HardenedDaemonSet',
    hardened: c => new HardenedDaemonSet(c, 'web', { metadata: { namespace: 'shop' }, containers: [container], initContainers: [init] }),
    plain: c => new kplus.DaemonSet(c, 'plain', { containers: [container], initContainers: [init] }),
  },
  {
    name: 'HardenedJob',
    hardened: c => new HardenedJob(c, 'web', { metadata: { namespace: 'shop' }, containers: [container], initContainers: [init] }),
    plain: c => new kplus.Job(c, 'plain', { containers: [container], initContainers: [init] }),
  },
  {
    name: 'HardenedCronJob',
    hardened: c => new HardenedCronJob(c, 'web', { metadata: { namespace: 'shop' }, schedule: Cron.daily(), containers: [container], initContainers: [init] }),
    plain: c => new kplus.CronJob(c, 'plain', { schedule: Cron.daily(), containers: [container], initContainers: [init] }),
  },
];

type MemberKind = 'method' | 'accessor' | 'field';

/**
 * The members an object has from its classes: every name on its prototype chain (methods and
 * getters, TypeScript-private ones included) and its own fields, except `_`-prefixed state.
 */
function membersOf(obj: object): Map<string, MemberKind> {
  const found = new Map<string, MemberKind>();
  for (let p = Object.getPrototypeOf(obj); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name === 'constructor' || found.has(name)) continue;
      const d = Object.getOwnPropertyDescriptor(p, name)!;
      found.set(name, d.get !== undefined || d.set !== undefined ? 'accessor' : 'method');
    }
  }
  for (const name of Object.keys(obj)) {
    if (!name.startsWith('_') && !found.has(name)) found.set(name, 'field');
  }
  return found;
}

/** The function a name resolves to on an object (a method, or a getter). */
function implementation(obj: object, name: string): unknown {
  for (let p: object | null = obj; p !== null; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d.get ?? d.value;
  }
  return undefined;
}

/** The classification of a member, if the section has one (not what a plain object inherits). */
function ruleOf(section: MemberSection, name: string) {
  const members = INHERITED_MEMBERS[section];
  return Object.prototype.hasOwnProperty.call(members, name) ? members[name] : undefined;
}

function read(obj: object, name: string): unknown {
  return (obj as Record<string, unknown>)[name];
}

/** One object handed out by a hardened workload, next to the cdk8s-plus object it stands for. */
interface Visit {
  readonly kind: Kind;
  readonly section: MemberSection;
  readonly path: string;
  readonly plain: object;
  readonly hardened: object;
  /** The same object on a fresh hardened workload. */
  readonly locate: (workload: kplus.Workload) => object;
}

/** Every object reachable through the `members` links, from each kind's workload. */
function visits(): Visit[] {
  const result: Visit[] = [];
  for (const kind of KINDS) {
    const chart = Testing.chart();
    const queue: Visit[] = [{ kind, section: 'Workload', path: kind.name, plain: kind.plain(chart), hardened: kind.hardened(chart), locate: w => w }];
    while (queue.length > 0) {
      const visit = queue.shift()!;
      result.push(visit);
      for (const [member] of membersOf(visit.plain)) {
        const rule = ruleOf(visit.section, member);
        if (!rule?.members) continue;
        const pick = (value: unknown): unknown => Array.isArray(value) ? value[0] : value;
        const plain = pick(read(visit.plain, member));
        const hardened = pick(read(visit.hardened, member));
        if (typeof plain !== 'object' || plain === null || typeof hardened !== 'object' || hardened === null) {
          throw new Error(`${visit.path}.${member} holds no ${rule.members} to check`);
        }
        const parent = visit.locate;
        queue.push({
          kind,
          section: rule.members,
          path: `${visit.path}.${member}${Array.isArray(read(visit.plain, member)) ? '[0]' : ''}`,
          plain,
          hardened,
          locate: w => pick(read(parent(w), member)) as object,
        });
      }
    }
  }
  return result;
}

const VISITS = visits();

/**
 * For each field classified `hardened` whose object is cdk8s-plus's own: a change that weakens
 * the pod through it. Synthesis must fail after it.
 */
const WEAKENING: { [S in MemberSection]?: { [field: string]: (target: any, workload: kplus.Workload) => void } } = {
  Workload: {
    node: t => t.node.tryRemoveChild('RoleBinding'),
    apiObject: (_t, w) => ApiObject.of(w).addJsonPatch(JsonPatch.add(`${w instanceof HardenedCronJob ? '/spec/jobTemplate' : ''}/spec/template/spec/hostNetwork`, true)),
    restartPolicy: t => {
      t.restartPolicy = t instanceof HardenedJob || t instanceof HardenedCronJob ? kplus.RestartPolicy.ALWAYS : kplus.RestartPolicy.NEVER;
    },
    serviceAccount: t => { t.serviceAccount = kplus.ServiceAccount.fromServiceAccountName(t, 'shared', 'default'); },
    securityContext: t => { t.securityContext = new kplus.PodSecurityContext({ user: 0 }); },
    automountServiceAccountToken: t => { t.automountServiceAccountToken = true; },
    hostNetwork: t => { t.hostNetwork = true; },
    replicas: t => { t.replicas = -3; },
    schedule: t => { t.schedule = Cron.schedule({ minute: '61' }); },
  },
  Container: {
    image: t => { t.image = 'nginx:latest'; },
    resources: t => { t.resources = { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(0) } }; },
    mounts: (t, w) => t.mounts.push({ path: '/host', volume: kplus.Volume.fromHostPath(w, 'host', 'host', { path: '/' }) }),
    securityContext: t => { t.securityContext = new kplus.ContainerSecurityContext({ privileged: true }); },
  },
  ContainerSecurityContext: {
    ensureNonRoot: t => { t.ensureNonRoot = false; },
    privileged: t => { t.privileged = true; },
    readOnlyRootFilesystem: t => { t.readOnlyRootFilesystem = false; },
    user: t => { t.user = 0; },
    group: t => { t.group = 0; },
    allowPrivilegeEscalation: t => { t.allowPrivilegeEscalation = true; },
    capabilities: t => { t.capabilities = { add: [kplus.Capability.NET_RAW] }; },
  },
  PodSecurityContext: {
    ensureNonRoot: t => { t.ensureNonRoot = false; },
    user: t => { t.user = 0; },
    group: t => { t.group = 0; },
    fsGroup: t => { t.fsGroup = 0; },
  },
  ApiObjectMetadataDefinition: {
    namespace: t => { t.namespace = 'kube-system'; },
  },
  Service: {
    type: t => { t.type = kplus.ServiceType.NODE_PORT; },
  },
};

describe('INHERITED_MEMBERS', () => {
  test('walks every section from the five workload kinds', () => {
    expect([...new Set(VISITS.map(v => v.section))].sort()).toEqual(Object.keys(INHERITED_MEMBERS).sort());
  });

  test('classifies every member inherited by the hardened workloads and the objects they hand out', () => {
    const unclassified = VISITS.flatMap(v => [...membersOf(v.plain).keys()]
      .filter(m => ruleOf(v.section, m) === undefined)
      .map(m => `${v.section}.${m} (${v.path})`));
    expect([...new Set(unclassified)]).toEqual([]);
  });

  test('classifies nothing that cdk8s-plus does not have', () => {
    const seen = new Set(VISITS.flatMap(v => [...membersOf(v.plain).keys()].map(m => `${v.section}.${m}`)));
    const stale = Object.entries(INHERITED_MEMBERS)
      .flatMap(([section, members]) => Object.keys(members).map(m => `${section}.${m}`))
      .filter(m => !seen.has(m));
    expect(stale).toEqual([]);
  });

  test('gives a reason for every member, and the hardened way for every refused one', () => {
    for (const [section, members] of Object.entries(INHERITED_MEMBERS)) {
      for (const [member, rule] of Object.entries(members)) {
        expect({ member: `${section}.${member}`, reason: rule.reason.length > 10 }).toEqual({ member: `${section}.${member}`, reason: true });
        if (rule.verdict === 'refused') expect(rule.instead).toMatch(/^(use|add|grant|expose) /);
      }
    }
  });
});

// The generated cases, as flat tables over every visit: a table is never empty, and the last test
// fails when a classified member has no case, so no case can vanish without a failure.
const MEMBERS = VISITS.flatMap(visit => [...membersOf(visit.plain)].flatMap(([name, kind]) => {
  const rule = ruleOf(visit.section, name);
  return rule ? [{ visit, name, kind, rule }] : [];
}));
type Member = (typeof MEMBERS)[number];
const table = (members: Member[]) => members.map(m => [`${m.visit.path}.${m.name}`, m] as const);

/** Whether a field holds an object of another class than cdk8s-plus's (not cdk8s-plus's own object, changed). */
function isReplaced(m: Member): boolean {
  const plainValue = read(m.visit.plain, m.name);
  const hardenedValue = read(m.visit.hardened, m.name);
  return typeof hardenedValue === 'object' && hardenedValue !== null
    && (typeof plainValue !== 'object' || plainValue === null || hardenedValue.constructor !== plainValue.constructor);
}

const OVERRIDDEN = MEMBERS.filter(m => m.kind !== 'field' && m.rule.verdict !== 'safe');
const REFUSED = MEMBERS.filter(m => m.rule.verdict === 'refused');
const HARDENED_FIELDS = MEMBERS.filter(m => m.kind === 'field' && m.rule.verdict === 'hardened');
const REPLACED = HARDENED_FIELDS.filter(isReplaced);
const KEPT = HARDENED_FIELDS.filter(m => !isReplaced(m));

test.each(table(OVERRIDDEN))('%s does not use the cdk8s-plus implementation', (_name, m) => {
  expect(implementation(m.visit.hardened, m.name)).not.toBe(implementation(m.visit.plain, m.name));
});

test.each(table(REFUSED))('%s is refused, naming the hardened way', (_name, m) => {
  const call = () => (read(m.visit.hardened, m.name) as (...args: unknown[]) => unknown).call(m.visit.hardened);
  expect(call).toThrow(/^\[test\/[a-z-]+\] /);
  expect(call).toThrow(m.rule.instead!);
});

test.each(table(REPLACED))('%s is the library\'s own object, which cannot be swapped back', (_name, m) => {
  const plainValue = read(m.visit.plain, m.name);
  const hardenedValue = read(m.visit.hardened, m.name) as object;
  // a drop-in: of a subclass of cdk8s-plus's class, where cdk8s-plus has an object there
  if (typeof plainValue === 'object' && plainValue !== null) {
    expect(hardenedValue).toBeInstanceOf(plainValue.constructor);
    expect(hardenedValue.constructor).not.toBe(plainValue.constructor);
  }
  // the field is fixed: assigning cdk8s-plus's object (or any other) fails, and nothing changes
  const chart = Testing.chart();
  const target = m.visit.locate(m.visit.kind.hardened(chart)) as Record<string, unknown>;
  const own = target[m.name];
  expect(own).toBeInstanceOf(hardenedValue.constructor);
  expect(() => { target[m.name] = plainValue ?? {}; }).toThrow(TypeError);
  expect(target[m.name]).toBe(own);
});

test.each(table(KEPT))('%s is a hardened object, or weakening it fails synthesis', (_name, m) => {
  const weaken = WEAKENING[m.visit.section]?.[m.name];
  expect({ field: `${m.visit.section}.${m.name}`, weakening: weaken !== undefined }).toEqual({ field: `${m.visit.section}.${m.name}`, weakening: true });
  const chart = Testing.chart();
  const workload = m.visit.kind.hardened(chart);
  expect(() => {
    weaken!(m.visit.locate(workload), workload);
    Testing.synth(chart);
  }).toThrow(/^\[test\/web(-headless)?\] /);
});

test('every member classified hardened or refused has a generated case', () => {
  const cased = new Set([...OVERRIDDEN, ...REFUSED, ...HARDENED_FIELDS].map(m => `${m.visit.section}.${m.name}`));
  const classified = Object.entries(INHERITED_MEMBERS)
    .flatMap(([section, members]) => Object.entries(members).filter(([, rule]) => rule.verdict !== 'safe').map(([member]) => `${section}.${member}`));
  expect(classified.filter(m => !cased.has(m))).toEqual([]);
  expect([REPLACED.length, KEPT.length].every(n => n > 0)).toBe(true);
});
