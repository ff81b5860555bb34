// `cdk8s-hardening network`: the paths the policies of the inputs allow, as Mermaid and a table;
// and the Markdown report of `check` carries the same picture.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT, runCli } from '../../src/cli/run';

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "web:1.0.0", ports: [{ containerPort: 8080, name: http }] }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: "api:1.0.0", ports: [{ containerPort: 8443 }] }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-to-api, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  policyTypes: [Egress]
  egress: [{ to: [{ podSelector: { matchLabels: { app: api } } }], ports: [{ port: 8443 }] }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-from-web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 8443 }] }]
`;

function run(args: string[]): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const status = runCli(args, { out: t => { out += t; }, err: t => { err += t; } });
  return { status, out, err };
}

let dir: string;
let file: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'network-cli-'));
  file = path.join(dir, 'app.yaml');
  fs.writeFileSync(file, MANIFESTS);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('network prints the Mermaid picture and the table of the paths', () => {
  const { status, out, err } = run(['network', file]);
  expect({ status, err }).toEqual({ status: EXIT.CLEAN, err: '' });
  expect(out).toBe([
    '```mermaid',
    'flowchart LR',
    '  n0["shop/api"]',
    '  n1["shop/web"]',
    '  n1 -->|"TCP 8443"| n0',
    '```',
    '',
    '| From | To | Ports | Allowed by |',
    '| --- | --- | --- | --- |',
    '| shop/web | shop/api | TCP 8443 | egress: NetworkPolicy shop/web-to-api; ingress: NetworkPolicy shop/api-from-web |',
    '',
  ].join('\n'));
});

test('network --format json gives the nodes and paths', () => {
  const { status, out } = run(['network', '--format', 'json', file]);
  expect(status).toBe(EXIT.CLEAN);
  expect(JSON.parse(out)).toEqual({
    nodes: ['shop/api', 'shop/web'],
    paths: [{ source: 'shop/web', destination: 'shop/api', ports: ['TCP 8443'], policies: ['egress: NetworkPolicy shop/web-to-api', 'ingress: NetworkPolicy shop/api-from-web'] }],
  });
});

test('fails an unknown format and a missing path with the usage', () => {
  expect(run(['network', '--format', 'png', file])).toMatchObject({ status: EXIT.UNUSABLE, err: expect.stringMatching(/--format must be one of markdown, table, mermaid, svg, html, json/) });
  expect(run(['network'])).toMatchObject({ status: EXIT.UNUSABLE, err: expect.stringMatching(/no PATH given[\s\S]*Usage: cdk8s-hardening network/) });
});

test('network --format svg draws a node per workload and an arrow per path', () => {
  const { status, out, err } = run(['network', '--format', 'svg', file]);
  expect({ status, err }).toEqual({ status: EXIT.CLEAN, err: '' });
  expect(out).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect([...out.matchAll(/<g class="node (\w+)" data-node="([^"]+)">/g)].map(m => `${m[1]} ${m[2]}`)).toEqual(['workload shop/api', 'workload shop/web']);
  expect([...out.matchAll(/<g class="edge" data-source="([^"]+)" data-destination="([^"]+)">[\s\S]*?<text[^>]*>([^<]*)<\/text>/g)].map(m => `${m[1]} -> ${m[2]}: ${m[3]}`))
    .toEqual(['shop/web -> shop/api: TCP 8443']);
});

test('network --format html writes a standalone page with the picture, the table and the access grid', () => {
  const rbac = `${MANIFESTS}---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: deployer, namespace: shop, labels: { cdk8s-hardening.io/persona: deployer } }
rules: [{ apiGroups: [apps], resources: [deployments], verbs: [create, update] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: deployer, namespace: shop, labels: { cdk8s-hardening.io/persona: deployer } }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: ci }]
`;
  const input = path.join(dir, 'with-rbac.yaml');
  fs.writeFileSync(input, rbac);
  const page = path.join(dir, 'network.html');
  const { status, out, err } = run(['network', '--format', 'html', '--output', page, input]);
  expect({ status, out, err }).toEqual({ status: EXIT.CLEAN, out: '', err: '' });
  const html = fs.readFileSync(page, 'utf8');
  expect(html).toMatch(/^<!DOCTYPE html>/);
  // nothing loaded from elsewhere: no script, no link, no src or href
  expect(html).not.toMatch(/<script|<link|\bsrc=|\bhref=|@import|url\((?!#)/);
  expect(html).toContain('<g class="node workload" data-node="shop/web">');
  expect(html).toContain('<tr><td>shop/web</td><td>shop/api</td><td>TCP 8443</td><td>egress: NetworkPolicy shop/web-to-api; ingress: NetworkPolicy shop/api-from-web</td></tr>');
  // the deployers run pods of their choosing (they write Deployments), and nothing else of note
  const row = /<tr><th scope="row">deployers \(namespace shop\)<\/th>(.*?)<td>Group ci<\/td>/.exec(html);
  expect([...row![1].matchAll(/<td class="(yes|no)" title="([^"]+)">/g)].filter(m => m[1] === 'yes').map(m => m[2])).toEqual(['run pods']);
  // without RBAC objects of SeparatedRbac, no access section
  expect(run(['network', '--format', 'html', file]).out).not.toContain('Access (RBAC)');
});

test('fails an output that is one of the inputs, and leaves it as it was', () => {
  expect(run(['network', '--format', 'html', '--output', file, file])).toMatchObject({ status: EXIT.UNUSABLE, err: expect.stringMatching(/is one of the inputs/) });
  expect(fs.readFileSync(file, 'utf8')).toBe(MANIFESTS);
});

test('the Markdown report of check ends with the network paths', () => {
  const { out } = run(['check', '--format', 'markdown', file]);
  expect(out).toContain('## Network paths');
  expect(out).toContain('```mermaid\nflowchart LR\n  n0["shop/api"]\n  n1["shop/web"]\n  n1 -->|"TCP 8443"| n0\n```');
});
