// The pictures, seen by a real browser: the Mermaid text parses and renders with the mermaid
// package, and the HTML page of `network --format html` renders in headless Chromium (Debian's
// chromium, driven by playwright-core) with every workload and every path, checked on the
// rendered DOM and SVG geometry rather than on pixels. Without chromium the tests are skipped,
// except in CI (CI=true), where a missing chromium fails them: .ci/chromium installs it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Browser, chromium, Page } from 'playwright-core';
import { ExampleCluster, synthExample } from '../../examples/main';
import { NetworkReachability } from '../../src';
import { EXIT, runCli } from '../../src/cli/run';

function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c): c is string => c !== undefined && c !== '' && fs.existsSync(c));
}

const executablePath = findChromium();
const inCi = process.env.CI === 'true';
const describeBrowser = executablePath !== undefined || inCi ? describe : describe.skip;
const MERMAID = require.resolve('mermaid/dist/mermaid.min.js');

describeBrowser('in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const requests: string[] = [];
  /** The one URL the page may load: itself. */
  let own: string | undefined;

  beforeAll(async () => {
    if (executablePath === undefined) {
      throw new Error('chromium is not installed (CI=true: the browser tests must run); .ci/chromium installs it');
    }
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // nothing may be fetched: the page is standalone, and mermaid is given to the page by the test
    await page.route('**/*', route => {
      if (route.request().url() === own) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'network-browser-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const reach = NetworkReachability.of(new ExampleCluster(Testing.app(), 'cluster'));

  /** Parses and renders Mermaid text with the mermaid package; the rendered nodes' and arrows' labels. */
  async function mermaid(text: string): Promise<{ nodes: string[]; edges: string[]; arrows: number }> {
    await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: MERMAID });
    return page.evaluate(async source => {
      const m = (window as any).mermaid;
      m.initialize({ startOnLoad: false, securityLevel: 'strict' });
      await m.parse(source); // throws on text that is not Mermaid
      const { svg } = await m.render('picture', source);
      const out = document.getElementById('out')!;
      out.innerHTML = svg;
      const texts = (selector: string) => [...out.querySelectorAll(selector)].map(e => (e.textContent ?? '').trim());
      return { nodes: texts('g.node'), edges: texts('g.edgeLabel').filter(t => t !== ''), arrows: out.querySelectorAll('path.flowchart-link').length };
    }, text);
  }

  test('the example\'s Mermaid text parses and renders: a node per workload and peer, an arrow per path', async () => {
    const rendered = await mermaid(reach.toMermaid());
    expect([...rendered.nodes].sort()).toEqual([...reach.nodes].sort());
    expect(rendered.arrows).toBe(reach.paths.length);
    expect([...rendered.edges].sort()).toEqual(reach.paths.map(p => p.ports.join(', ')).sort());
    expect(requests).toEqual([]);
  });

  test('fails to parse Mermaid text that is not Mermaid (the check can fail)', async () => {
    await expect(mermaid('flowchart LR\n  n0["a"] -->|"unclosed| n1\n')).rejects.toThrow(/Parse error|Lexical error|Expecting/);
    // a quote inside a label is escaped, so that one parses
    const quoted = NetworkReachability.fromManifests(JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'a"b' } }, spec: { containers: [{ name: 'web', image: 'web:1.0.0' }] } } } },
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'in', namespace: 'shop' }, spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x"y' } } }] }] } }],
    }));
    const rendered = await mermaid(quoted.toMermaid());
    expect(rendered.nodes).toContain('pods of namespace x"y');
  });

  test('the example\'s HTML page shows every workload, every path and who holds what, and fetches nothing', async () => {
    // GIVEN the page, as the command writes it
    synthExample(path.join(dir, 'dist'));
    const file = path.join(dir, 'network.html');
    const status = runCli(['network', '--format', 'html', '--output', file, path.join(dir, 'dist')], { out: () => undefined, err: () => undefined });
    expect(status).toBe(EXIT.CLEAN);
    // WHEN Chromium renders it
    own = `file://${file}`;
    await page.goto(own);
    const shot = await page.screenshot({ fullPage: true });
    const seen = await page.evaluate(() => {
      const box = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      const nodes = [...document.querySelectorAll('svg.network-paths g.node')].map(g => ({
        id: g.getAttribute('data-node')!,
        kind: g.classList.contains('workload') ? 'workload' : 'peer',
        text: g.querySelector('text')!.textContent!,
        shape: box(g.querySelector('rect')!),
        label: box(g.querySelector('text')!),
        fill: getComputedStyle(g.querySelector('rect')!).fill,
      }));
      const edges = [...document.querySelectorAll('svg.network-paths g.edge')].map(g => {
        const p = g.querySelector('path') as SVGPathElement;
        const end = p.getPointAtLength(p.getTotalLength());
        const start = p.getPointAtLength(0);
        const ctm = p.getScreenCTM()!;
        const at = (q: DOMPoint) => ({ x: q.x * ctm.a + ctm.e, y: q.y * ctm.d + ctm.f });
        return {
          source: g.getAttribute('data-source')!,
          destination: g.getAttribute('data-destination')!,
          text: g.querySelector('text')!.textContent!,
          label: box(g.querySelector('rect')!),
          start: at(start),
          end: at(end),
          marker: getComputedStyle(p).markerEnd,
        };
      });
      const rows = [...document.querySelectorAll('table.paths tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent));
      const access = [...document.querySelectorAll('table.access tbody tr')].map(tr => tr.querySelector('th')!.textContent);
      return { nodes, edges, rows, access, title: document.title };
    });

    // THEN a node per workload and outside peer, each label inside its shape, no two shapes overlapping
    expect(shot.length).toBeGreaterThan(10_000);
    expect(seen.nodes.map(n => `${n.kind} ${n.id}`)).toEqual(reach.nodes.map(n => `${reach.workloads.includes(n) ? 'workload' : 'peer'} ${n}`));
    for (const n of seen.nodes) {
      expect(n.text).toBe(n.id);
      expect(n.fill).not.toBe('none');
      expect(n.label.left).toBeGreaterThanOrEqual(n.shape.left);
      expect(n.label.right).toBeLessThanOrEqual(n.shape.right);
      expect(n.label.top).toBeGreaterThanOrEqual(n.shape.top);
      expect(n.label.bottom).toBeLessThanOrEqual(n.shape.bottom);
    }
    const overlap = (a: { left: number; top: number; right: number; bottom: number }, b: typeof a) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const [i, a] of seen.nodes.entries()) {
      for (const b of seen.nodes.slice(i + 1)) expect(overlap(a.shape, b.shape) ? `${a.id} overlaps ${b.id}` : '').toBe('');
    }
    // an arrow per path, labelled with its ports, from its source's shape to its destination's
    expect(seen.edges.map(e => `${e.source} -> ${e.destination}: ${e.text}`).sort())
      .toEqual(reach.paths.map(p => `${p.source} -> ${p.destination}: ${p.ports.join(', ')}`).sort());
    const shapeOf = new Map(seen.nodes.map(n => [n.id, n.shape]));
    const near = (pt: { x: number; y: number }, s: { left: number; top: number; right: number; bottom: number }) =>
      pt.x >= s.left - 3 && pt.x <= s.right + 3 && pt.y >= s.top - 3 && pt.y <= s.bottom + 3;
    for (const e of seen.edges) {
      expect(near(e.start, shapeOf.get(e.source)!) ? '' : `${e.source} -> ${e.destination} does not start at its source`).toBe('');
      expect(near(e.end, shapeOf.get(e.destination)!) ? '' : `${e.source} -> ${e.destination} does not end at its destination`).toBe('');
      expect(e.marker).toMatch(/url\(.*#arrow.*\)/);
    }
    // no arrow's label covers a node's shape or another label
    for (const [i, e] of seen.edges.entries()) {
      for (const n of seen.nodes) expect(overlap(e.label, n.shape) ? `label of ${e.source} -> ${e.destination} covers ${n.id}` : '').toBe('');
      for (const f of seen.edges.slice(i + 1)) {
        expect(overlap(e.label, f.label) ? `labels of ${e.source} -> ${e.destination} and ${f.source} -> ${f.destination} overlap` : '').toBe('');
      }
    }
    // the table lists the same paths, and the access grid has a row per binding of SeparatedRbac
    expect(seen.rows.map(r => `${r[0]} -> ${r[1]}: ${r[2]}`)).toEqual(reach.paths.map(p => `${p.source} -> ${p.destination}: ${p.ports.join(', ')}`));
    expect(seen.access).toContain('cluster administrators (cluster-wide)');
    expect(seen.access).toContain('deployers (namespace storefront)');
    // nothing was fetched: no script, stylesheet, font or image from elsewhere
    expect(requests).toEqual([]);
  });
});
