// What README.md and docs/*.md state about the code, asserted against the code: the command's
// usage, the pack tables, the rule counts, the admission figures' rule split, the volume types,
// the control-plane files and the quota arithmetic. A change to the code that makes a sentence
// untrue fails here, naming the sentence.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Cron, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AdmissionGuardrails, CompliancePack, HardenedControlPlane, HardenedCronJob, HardenedDaemonSet, HardenedDeployment, HardenedJob, HardenedNamespace,
  HardenedStatefulSet, Severity,
} from '../../src';
import { runCli } from '../../src/cli/run';
import { RULES } from '../../src/compliance/rules';
import { RESTRICTED_VOLUME_TYPES } from '../../src/standards/pss';
import { parseQuantity } from '../../src/standards/quantity';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const README = read('README.md');
const COMPLIANCE = read('docs/compliance.md');
const ADMISSION = read('docs/admission.md');

/** The text of a Markdown section, from its heading to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex(l => l.replace(/^#+ /, '') === heading && /^#+ /.test(l));
  if (start < 0) throw new Error(`no section "${heading}"`);
  const level = /^#+/.exec(lines[start])![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The rows of the first Markdown table in `text` whose header starts with `firstHeader`, as cells. */
function table(text: string, firstHeader: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex(l => l.startsWith(`| ${firstHeader} |`));
  if (start < 0) throw new Error(`no table with the header "${firstHeader}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(' | ').map(c => c.trim()));
  }
  return rows;
}

/** Every match of the first group of `re` in `text`. */
function all(text: string, re: RegExp): string[] {
  return [...text.matchAll(re)].map(m => m[1]);
}

/** Reads one sentence with a number out of a text, or fails naming the sentence that is missing. */
function numberIn(text: string, re: RegExp): number {
  const m = re.exec(text.replace(/\s+/g, ' '));
  if (!m) throw new Error(`the docs no longer say ${re}`);
  return Number(m[1].replace(/,/g, ''));
}

describe('docs/compliance.md: the command', () => {
  test('the usage shown is what `--help` prints', () => {
    let help = '';
    expect(runCli(['--help'], { out: t => { help += t; }, err: () => undefined })).toBe(0);
    const shown = /\n```text\n([\s\S]*?)```\n/.exec(section(COMPLIANCE, 'The command'));
    expect(shown?.[1]).toEqual(help);
  });

  test('every option the help lists is in the shown usage, stdin included', () => {
    const shown = section(COMPLIANCE, 'The command');
    for (const option of ['--pss-version', '-q, --quiet', '-R, --recursive', '--exclude', '--max-file-size', '--jobs', '-h, --help', '--version', 'or - for standard input']) {
      expect(shown).toContain(option);
    }
  });
});

describe('docs/compliance.md: the pack table', () => {
  const rows = table(section(COMPLIANCE, 'Rules and packs'), 'Pack (`--pack`)');

  test('lists every pack, in the order reports list them', () => {
    expect(rows.map(r => r[0])).toEqual(CompliancePack.all().map(p => `\`${p.name}\``));
  });

  test.each(CompliancePack.all().map(p => [p.name, p] as const))('%s: the row names exactly the pack\'s rules, and which are warnings', (name, pack) => {
    const row = rows.find(r => r[0] === `\`${name}\``)![1].split(' — ')[0];
    const named = new Set(all(row, /\b([A-Z][A-Za-z0-9]+)\b/g).filter(w => RULES.has(w)));
    // "every baseline rule, plus ..." stands for the baseline pack's PSS rules
    if (row.startsWith('every baseline rule')) for (const id of CompliancePack.PSS_BASELINE.ruleIds) named.add(id);
    expect([...named].sort()).toEqual([...pack.ruleIds].sort());
    const warnings = all(row, /\b([A-Z][A-Za-z0-9]+) \((?:[^)]*, )?warning\)/g);
    expect(warnings.sort()).toEqual(pack.rules.filter(r => r.severity === Severity.WARNING).map(r => r.ruleId).sort());
  });
});

describe('docs/admission.md: the numbers of rules', () => {
  const numbers = ADMISSION.slice(ADMISSION.indexOf('**Numbers.**'));
  const pss = [...RULES.values()].filter(r => r.pss !== undefined).map(r => r.id);
  const controlPlane = CompliancePack.CONTROL_PLANE.ruleIds.filter(id => !CompliancePack.PSS_BASELINE.ruleIds.includes(id));
  /** The rules with no policy that are neither PSS checks nor control-plane rules. */
  const others = () => [...RULES.keys()]
    .filter(id => AdmissionGuardrails.whyNotExpressible(id) !== undefined && !pss.includes(id) && !controlPlane.includes(id));
  const cannot = table(section(ADMISSION, 'What single-object CEL cannot express'), 'Rule');

  test('"N of the engine\'s M rules are expressible"', () => {
    expect(numberIn(numbers, /(\d+) of the engine's \d+ rules are expressible/)).toBe(AdmissionGuardrails.expressibleRuleIds().length);
    expect(numberIn(numbers, /of the engine's (\d+) rules/)).toBe(RULES.size);
  });

  test('the rules that are not expressible add up', () => {
    expect(numberIn(numbers, /(\d+) are Pod Security Standards checks/)).toBe(pss.length);
    expect(numberIn(numbers, /(\d+) read control-plane and node files/)).toBe(controlPlane.length);
    const rest = others();
    expect(numberIn(numbers, /and (\d+) are in the table/)).toBe(rest.length);
    expect(AdmissionGuardrails.expressibleRuleIds().length + pss.length + controlPlane.length + rest.length).toBe(RULES.size);
  });

  test('the "cannot express" table names every other rule, and the PSS rules by their number', () => {
    const rest = others();
    const named = cannot.map(r => r[0]).filter(c => RULES.has(c));
    expect(named.sort()).toEqual(rest.sort());
    expect(numberIn(cannot.map(r => r[0]).join('\n'), /the (\d+) Pod Security Standards rules/)).toBe(pss.length);
  });
});

describe('the volume types a hardened workload accepts', () => {
  const expected = [...RESTRICTED_VOLUME_TYPES].sort();

  test('README.md lists them all', () => {
    const list = /volume types of the restricted profile are accepted \(([^)]*)\)/.exec(README.replace(/\s+/g, ' '))![1];
    expect(list.split(', ').sort()).toEqual(expected);
  });

  test('docs/workloads.md lists them all', () => {
    const text = read('docs/workloads.md').replace(/\s+/g, ' ');
    const list = /only the types the restricted profile allows — ([^.]*)\./.exec(text)![1];
    expect(list.split(', ').sort()).toEqual(expected);
  });
});

test('nodeFiles() returns the number of files README.md and docs/control-plane.md state', () => {
  const app = new App();
  const files = new HardenedControlPlane(app, 'control-plane', {
    kubernetesVersion: 'v1.33.2',
    kms: { name: 'vault', endpoint: 'unix:///var/run/vault-kms/socket.sock' },
  }).nodeFiles();
  expect(numberIn(README, /controlPlane\.nodeFiles\(\); \/\/ (\d+) files/)).toBe(files.length);
  expect(numberIn(read('docs/control-plane.md'), /controlPlane\.nodeFiles\(\); \/\/ (\d+) files/)).toBe(files.length);
  expect(files[0].path).toBe('/etc/kubernetes/kubeadm-config.yaml');
  expect(files[0].content).toMatch(/kind: ClusterConfiguration[\s\S]*kind: KubeletConfiguration/);
});

test('README.md: how many of cdk8s-plus-27\'s default 1 CPU requests the default quota fits', () => {
  const chart = Testing.chart();
  new kplus.Deployment(chart, 'plain', { containers: [{ image: 'registry.acme.example/web:1.4.2' }] });
  new HardenedNamespace(chart, 'ns', { name: 'shop' });
  const manifests = Testing.synth(chart);
  const request = parseQuantity(manifests.find(m => m.kind === 'Deployment').spec.template.spec.containers[0].resources.requests.cpu)!;
  const quota = parseQuantity(manifests.find(m => m.kind === 'ResourceQuota').spec.hard['requests.cpu'])!;
  expect(request).toBe(1);
  const sentence = /cdk8s-plus-27's own 1 CPU requests would fit only (\d+) pods in the default quota's (\d+) CPU of requests/.exec(README.replace(/\s+/g, ' '))!;
  expect(Number(sentence[2])).toBe(quota);
  expect(Number(sentence[1])).toBe(Math.floor(quota / request));
});

// The props a hardened workload inherits from cdk8s-plus-27 keep cdk8s-plus's doc comments (jsii
// refuses a re-declared interface member, JSII5015), so each props interface states, in every
// language's docs (the jsii assembly, API.md), the three whose behaviour the library changes.
// Each statement is checked against the behaviour here.
describe('the inherited props whose behaviour the library changes', () => {
  const assembly = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8'));
  const small = {
    cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
    memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
  };
  const containers = [{ image: 'registry.acme.example/web:1.4.2', portNumber: 8080, resources: small }];
  const KINDS = [
    { name: 'HardenedDeployment', make: (c: Chart, p: object) => new HardenedDeployment(c, 'w', { containers, ...p }), toCompletion: false },
    { name: 'HardenedStatefulSet', make: (c: Chart, p: object) => new HardenedStatefulSet(c, 'w', { containers, ...p }), toCompletion: false },
    { name: 'HardenedDaemonSet', make: (c: Chart, p: object) => new HardenedDaemonSet(c, 'w', { containers, ...p }), toCompletion: false },
    { name: 'HardenedJob', make: (c: Chart, p: object) => new HardenedJob(c, 'w', { containers, ...p }), toCompletion: true },
    { name: 'HardenedCronJob', make: (c: Chart, p: object) => new HardenedCronJob(c, 'w', { containers, schedule: Cron.daily(), ...p }), toCompletion: true },
  ];

  test.each(KINDS.map(k => [k.name, k] as const))('%sProps says so, and it is so', (name, kind) => {
    const docs = assembly.types[`cdk8s-hardening.${name}Props`].docs.remarks.replace(/\s+/g, ' ');
    expect(docs).toContain('`isolate` defaults to true');
    expect(docs).toContain('`serviceAccount` is refused');
    expect(docs).toContain(kind.toCompletion ? '`restartPolicy` defaults to `Never` and refuses `Always`' : '`restartPolicy` accepts only `Always`, the default');

    const chart = Testing.chart();
    kind.make(chart, {});
    const manifests = Testing.synth(chart);
    expect(manifests.filter(m => m.kind === 'NetworkPolicy' && m.spec.policyTypes?.length === 2 && !m.spec.ingress && !m.spec.egress)).toHaveLength(1);
    const workload = kind.name.replace('Hardened', '');
    const pod = JSON.stringify(manifests.find(m => m.kind === workload));
    expect(pod).toContain(`"restartPolicy":"${kind.toCompletion ? 'Never' : 'Always'}"`);
    expect(() => kind.make(Testing.chart(), { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'default') })).toThrow(/serviceAccount/);
    expect(() => kind.make(Testing.chart(), { restartPolicy: kind.toCompletion ? kplus.RestartPolicy.ALWAYS : kplus.RestartPolicy.NEVER })).toThrow(/restartPolicy/);
  });
});

describe('README.md: the HardenedNamespace table', () => {
  const rows = table(section(README, 'HardenedNamespace'), 'object');
  const cell = (object: string) => rows.find(r => r[0] === object)?.[1] ?? '';
  const chart = Testing.chart();
  new HardenedNamespace(chart, 'payments', { name: 'payments' });
  const manifests = Testing.synth(chart);
  const of = (kind: string) => manifests.find(m => m.kind === kind);

  test('Namespace: the PSA labels and the pinned version', () => {
    const labels = of('Namespace').metadata.labels;
    const text = cell('`Namespace`');
    expect(text).toContain(`pinned (\`${labels['pod-security.kubernetes.io/enforce-version']}\``);
    for (const mode of ['enforce', 'audit', 'warn']) expect(labels[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
    expect(text).toContain('`pod-security.kubernetes.io/enforce`, `audit`, `warn` = `restricted`');
    expect(text).toContain('`audit-version`/`warn-version` = `latest`');
    expect([labels['pod-security.kubernetes.io/audit-version'], labels['pod-security.kubernetes.io/warn-version']]).toEqual(['latest', 'latest']);
  });

  test('ResourceQuota quota: every figure', () => {
    const hard = of('ResourceQuota').spec.hard;
    expect(cell('`ResourceQuota quota`')).toBe(`requests ${hard['requests.cpu']} CPU / ${hard['requests.memory']}, limits ${hard['limits.cpu']} CPU / ${hard['limits.memory']}, `
      + `${hard.pods} pods, ${hard.persistentvolumeclaims} PVCs, ${hard['services.loadbalancers']} LoadBalancers, ${hard['services.nodeports']} NodePorts`);
  });

  test('LimitRange container-limits: every figure, and the workloads\' default resources that repeat them', () => {
    const [limits] = of('LimitRange').spec.limits;
    expect(cell('`LimitRange container-limits`')).toBe(`default request ${limits.defaultRequest.cpu} / ${limits.defaultRequest.memory}, `
      + `default limit ${limits.default.cpu} / ${limits.default.memory}, max ${limits.max.cpu} / ${limits.max.memory}`);
    expect(README.replace(/\s+/g, ' ')).toContain(`or ${limits.defaultRequest.cpu} / ${limits.default.cpu} CPU and ${limits.defaultRequest.memory} / ${limits.default.memory} memory (the \`HardenedNamespace\` LimitRange defaults`);
  });
});
