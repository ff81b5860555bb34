import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Testing } from 'cdk8s';
import { exampleRbac } from '../../examples/rbac';

// docs/rbac.md embeds the access matrix of the example cluster. This test keeps it current:
// it fails when the text differs from what accessMatrix() produces, and rewrites it, on purpose,
// with UPDATE_RBAC_DOCS=1 (as `jest -u` does for snapshots).

const DOC = join(__dirname, '..', '..', 'docs', 'rbac.md');
const START = '<!-- access-matrix:start -->\n';
const END = '<!-- access-matrix:end -->';
const EXAMPLE_TENANTS = ['storefront', 'payments'];

function split(doc: string): { before: string; matrix: string; after: string } {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/rbac.md lacks the markers ${START.trim()} ... ${END}`);
  return { before: doc.slice(0, start + START.length), matrix: doc.slice(start + START.length, end), after: doc.slice(end) };
}

describe('docs/rbac.md', () => {
  test('its access matrix is the one the example synthesizes', () => {
    // GIVEN
    const doc = readFileSync(DOC, 'utf-8');
    const { before, matrix, after } = split(doc);
    // WHEN
    const expected = exampleRbac(Testing.chart(), EXAMPLE_TENANTS).accessMatrix();
    if (process.env.UPDATE_RBAC_DOCS === '1' && matrix !== expected) {
      writeFileSync(DOC, before + expected + after);
    }
    // THEN
    expect(process.env.UPDATE_RBAC_DOCS === '1' ? split(readFileSync(DOC, 'utf-8')).matrix : matrix).toEqual(expected);
  });

  test('the example gives each tenant a deployer and a developer binding', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const rbac = exampleRbac(chart, EXAMPLE_TENANTS);
    const manifests = Testing.synth(chart) as Array<{ kind: string; metadata: { name: string; namespace?: string } }>;
    // THEN
    expect(rbac.tenantNames).toEqual(EXAMPLE_TENANTS);
    for (const tenant of EXAMPLE_TENANTS) {
      for (const persona of ['deployer', 'developer']) {
        expect(manifests.filter(m => m.kind === 'RoleBinding' && m.metadata.namespace === tenant && m.metadata.name === `hardening:${persona}`)).toHaveLength(1);
      }
    }
  });
});
