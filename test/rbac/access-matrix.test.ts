import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { everyOptionRbac } from './util';
import { exampleRbac } from '../../examples/rbac';
import { SeparatedRbac } from '../../src/rbac';
import { accessGrid, rbacModelFromManifests, renderAccessMatrix } from '../../src/rbac/access-matrix';

function everything(): { rbac: SeparatedRbac; manifests: () => unknown[] } {
  const chart = Testing.chart();
  const rbac = everyOptionRbac(chart);
  return { rbac, manifests: () => Testing.synth(chart) };
}

/** The row of the "Who holds which role" table (or a later one) that starts with `firstCell`. */
function row(matrix: string, firstCell: string): string {
  const found = matrix.replace(/### At a glance[\s\S]*?\n\n(?=###)/, '').split('\n').filter(l => l.startsWith(`| ${firstCell}`));
  if (found.length !== 1) throw new Error(`expected one row starting with "${firstCell}", found ${found.length}`);
  return found[0];
}

describe('accessMatrix', () => {
  test.each([
    ['the example', () => {
      const chart = Testing.chart();
      return { rbac: exampleRbac(chart, ['storefront', 'payments']), manifests: () => Testing.synth(chart) };
    }],
    ['every option', everything],
  ])('%s: the matrix is what the synthesized manifests say', (_name, make) => {
    // GIVEN
    const { rbac, manifests } = make();
    // WHEN
    const fromManifests = renderAccessMatrix(rbacModelFromManifests(manifests()));
    // THEN
    expect(rbac.accessMatrix()).toEqual(fromManifests);
  });

  test('a rule patched in through the escape hatch shows up in the manifests\' matrix, not in the construct\'s', () => {
    // GIVEN
    const { rbac, manifests } = everything();
    const before = rbac.accessMatrix();
    // WHEN
    const developerRole = rbac.node.findChild('payments').node.findChild('DeveloperRole');
    ApiObject.of(developerRole).addJsonPatch(JsonPatch.add('/rules/-', { apiGroups: [''], resources: ['secrets'], verbs: ['list'] }));
    const fromManifests = renderAccessMatrix(rbacModelFromManifests(manifests()));
    // THEN
    expect(rbac.accessMatrix()).toEqual(before);
    expect(fromManifests).not.toEqual(before);
    expect(row(fromManifests, 'read Secrets')).toContain('developers (namespace `payments`)');
    expect(row(before, 'read Secrets')).not.toContain('developers');
  });

  test('every option: snapshot', () => {
    // GIVEN
    const { rbac } = everything();
    // THEN
    expect(rbac.accessMatrix()).toMatchSnapshot();
  });

  test('marks the break-glass binding and gives the reasons', () => {
    // GIVEN
    const { rbac } = everything();
    // WHEN
    const matrix = rbac.accessMatrix();
    // THEN
    expect(row(matrix, '**BREAK-GLASS**')).toBe('| **BREAK-GLASS** break-glass (cluster-admin) | Group `k8s-break-glass` | ClusterRole `cluster-admin` (built-in, unrestricted) | cluster-wide | control-plane recovery, see runbook RB-7 |');
    expect(row(matrix, 'developers (exec grant)')).toContain('on-call debugging of the ledger (INC-42)');
    expect(row(matrix, 'workload grant')).toBe('| workload grant | ServiceAccount `payments/payments-controller` | Role `hardening:workload:payments-controller` | namespace `payments` | leader election between replicas |');
  });

  test('sensitive capabilities: who reads Secrets, runs commands in pods, escalates', () => {
    // GIVEN
    const { rbac } = everything();
    // WHEN
    const matrix = rbac.accessMatrix();
    // THEN
    expect(row(matrix, 'read Secrets')).toBe('| read Secrets (`get`/`list`/`watch`/`patch` on `secrets`: a patch returns the whole Secret) | cluster administrators (cluster-wide); break-glass (cluster-admin) (cluster-wide) |');
    expect(row(matrix, 'administer the cluster')).toBe('| administer the cluster (`cluster-admin`, or a role that amounts to it) | cluster administrators (cluster-wide); break-glass (cluster-admin) (cluster-wide) |');
    expect(row(matrix, 'run pods of one')).toBe('| run pods of one\'s choosing (write pods, workload controllers or operators\' pod-running kinds; Kubescape C-0188) | break-glass (cluster-admin) (cluster-wide); deployers (namespace `payments`) |');
    expect(row(matrix, 'run commands in pods')).toBe('| run commands in pods (`pods/exec`, `pods/attach`, `pods/ephemeralcontainers`) | break-glass (cluster-admin) (cluster-wide); developers (exec grant) (namespace `payments`) |');
    expect(row(matrix, '`escalate`')).toBe('| `escalate`, `bind` or `impersonate` | cluster administrators (cluster-wide); break-glass (cluster-admin) (cluster-wide) |');
    expect(row(matrix, 'create pods directly')).toBe('| create pods directly (`create` on `pods`) | break-glass (cluster-admin) (cluster-wide) |');
  });

  test('at a glance: a row per binding, a column per capability, as the capabilities table says', () => {
    // GIVEN
    const { rbac, manifests } = everything();
    // WHEN
    const matrix = rbac.accessMatrix();
    const grid = accessGrid(rbacModelFromManifests(manifests()));
    // THEN
    const glance = /### At a glance\n\n([\s\S]*?)\n\n###/.exec(matrix)![1].split('\n');
    expect(glance[0]).toBe('| Holder | administer | read Secrets | write Secrets | exec in pods | port-forward | create pods | run pods | change RBAC | escalate, bind, impersonate | mint tokens | write nodes |');
    expect(glance).toContain('| **BREAK-GLASS** break-glass (cluster-admin) (cluster-wide) |' + ' **yes** |'.repeat(11));
    expect(glance).toContain('| developers (exec grant) (namespace `payments`) | - | - | - | **yes** | - | - | - | - | - | - | - |');
    expect(glance).toHaveLength(2 + grid.rows.length);
    // each column holds exactly the holders that the capabilities table names
    const table = /### Sensitive capabilities\n\n([\s\S]*?)\n\n###/.exec(matrix)![1].split('\n').slice(2);
    expect(table).toHaveLength(grid.columns.length);
    grid.columns.forEach((_column, i) => {
      const heldBy = table[i].split(' | ').slice(-1)[0].replace(/ \|$/, '');
      const yes = grid.rows.filter(r => r.cells[i]).map(r => r.holder);
      expect(yes.length === 0 ? 'nobody' : yes.join('; ')).toBe(heldBy);
    });
  });

  test('without subjects, the matrix says so', () => {
    // GIVEN
    const rbac = new SeparatedRbac(Testing.chart(), 'rbac');
    // WHEN
    const matrix = rbac.accessMatrix();
    // THEN
    expect(row(matrix, '(none)')).toBe('| (none) | | | | |');
    expect(row(matrix, 'read Secrets')).toContain('| nobody |');
  });
});
