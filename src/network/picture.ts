// The reachability graph drawn as SVG, and the standalone HTML page that carries it: laid out
// here, with no script and no resource from elsewhere, so the page works offline and the SVG
// shows wherever SVG does (a browser, GitHub). Nothing here is part of the public API.

/** One arrow of the picture. @internal */
export interface PictureEdge {
  readonly source: string;
  readonly destination: string;
  readonly label: string;
  /** Shown on hover: the policies behind the arrow. */
  readonly title: string;
}

/** What the picture shows. @internal */
export interface PictureGraph {
  /** Every node, workloads first, as `NetworkReachability.nodes`. */
  readonly nodes: readonly string[];
  /** The nodes drawn as workloads (boxes); the others are outside peers (rounded). */
  readonly workloads: readonly string[];
  readonly edges: readonly PictureEdge[];
}

// Text is drawn in a monospace font, so its width is known without a browser: 0.6 em a character.
const FONT_SIZE = 12;
const CHAR_WIDTH = FONT_SIZE * 0.6;
const FONT_FAMILY = '\'DejaVu Sans Mono\', Menlo, Consolas, monospace';
const NODE_HEIGHT = 30;
const NODE_PAD = 12;
const NODE_GAP = 26;
const LABEL_HEIGHT = 18;
const LABEL_PAD = 6;
const LOOP_ROOM = 34;
const MARGIN = 20;

/** Escapes text for XML and HTML content and attribute values. @internal */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function textWidth(text: string): number {
  return [...text].length * CHAR_WIDTH;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * Layers from left to right: a node's column is the longest chain of arrows leading to it (arrows
 * that close a cycle and arrows to the node itself left out), then the nodes of each column are
 * ordered by the mean position of their neighbours, a few sweeps each way.
 */
function layout(graph: PictureGraph): { columns: string[][]; column: Map<string, number> } {
  const index = new Map(graph.nodes.map((n, i) => [n, i]));
  const out = new Map<string, string[]>(graph.nodes.map(n => [n, []]));
  for (const e of graph.edges) if (e.source !== e.destination) out.get(e.source)!.push(e.destination);

  // keep the arrows that do not close a cycle (depth-first, in node order)
  const state = new Map<string, 'open' | 'done'>();
  const forward = new Map<string, string[]>(graph.nodes.map(n => [n, []]));
  const visit = (n: string) => {
    state.set(n, 'open');
    for (const m of out.get(n)!) {
      if (state.get(m) === 'open') continue;
      forward.get(n)!.push(m);
      if (!state.has(m)) visit(m);
    }
    state.set(n, 'done');
  };
  for (const n of graph.nodes) if (!state.has(n)) visit(n);

  const before = new Map<string, string[]>(graph.nodes.map(n => [n, []]));
  for (const [from, tos] of forward) for (const to of tos) before.get(to)!.push(from);
  const column = new Map<string, number>();
  const depth = (n: string): number => {
    const known = column.get(n);
    if (known !== undefined) return known;
    const d = Math.max(0, ...before.get(n)!.map(m => depth(m) + 1));
    column.set(n, d);
    return d;
  };
  for (const n of graph.nodes) depth(n);

  const columns: string[][] = [];
  for (const n of graph.nodes) (columns[column.get(n)!] ??= []).push(n);
  for (let i = 0; i < columns.length; i++) columns[i] ??= [];

  const linked = new Map<string, string[]>(graph.nodes.map(n => [n, []]));
  for (const e of graph.edges) {
    if (e.source === e.destination) continue;
    linked.get(e.source)!.push(e.destination);
    linked.get(e.destination)!.push(e.source);
  }
  const position = new Map<string, number>();
  const place = () => columns.forEach(c => c.forEach((n, i) => position.set(n, i)));
  place();
  for (let sweep = 0; sweep < 6; sweep++) {
    const order = sweep % 2 === 0 ? columns.keys() : [...columns.keys()].reverse().values();
    for (const ci of order) {
      const mean = (n: string) => {
        const ns = linked.get(n)!.filter(m => column.get(m) !== ci);
        return ns.length === 0 ? position.get(n)! : ns.reduce((s, m) => s + position.get(m)!, 0) / ns.length;
      };
      const means = new Map(columns[ci].map(n => [n, mean(n)]));
      columns[ci].sort((a, b) => means.get(a)! - means.get(b)! || index.get(a)! - index.get(b)!);
      place();
    }
  }
  return { columns, column };
}

interface Box { x: number; y: number; width: number; height: number }

/**
 * The graph as an SVG document: workloads as boxes, outside peers as rounded boxes, one arrow per
 * edge with its label in the gap after the source's column, a loop above a node for an edge to
 * itself. Every node is a `<g class="node">` with `data-node`, every arrow a `<g class="edge">`
 * with `data-source` and `data-destination`.
 * @internal
 */
export function renderSvg(graph: PictureGraph): string {
  const { columns, column } = layout(graph);
  const loops = new Set(graph.edges.filter(e => e.source === e.destination).map(e => e.source));

  const columnWidth = columns.map(c => Math.max(0, ...c.map(n => textWidth(n) + 2 * NODE_PAD)));
  // the labels of the arrows leaving a column sit in the gap after it
  const gapWidth = columns.map((_, ci) => Math.max(40, ...graph.edges
    .filter(e => e.source !== e.destination && column.get(e.source) === ci).map(e => textWidth(e.label) + 2 * LABEL_PAD)) + 60);

  const boxes = new Map<string, Box>();
  let x = MARGIN;
  let height = 0;
  columns.forEach((c, ci) => {
    let y = MARGIN;
    for (const n of c) {
      if (loops.has(n)) y += LOOP_ROOM;
      const width = textWidth(n) + 2 * NODE_PAD;
      boxes.set(n, { x: x + (columnWidth[ci] - width) / 2, y, width, height: NODE_HEIGHT });
      y += NODE_HEIGHT + NODE_GAP;
    }
    height = Math.max(height, y);
    x += columnWidth[ci] + gapWidth[ci];
  });

  // labels: at the middle of the gap after the source, at the height the arrow passes there,
  // then pushed apart so that none overlaps another in the same gap
  interface Placed { edge: PictureEdge; lx: number; ly: number; from: Box; to: Box }
  const placed: Placed[] = [];
  columns.forEach((_, ci) => {
    const leaving = graph.edges.filter(e => e.source !== e.destination && column.get(e.source) === ci);
    const gapStart = boxes.size === 0 ? 0 : Math.max(...columns[ci].map(n => boxes.get(n)!.x + boxes.get(n)!.width));
    const lx = gapStart + gapWidth[ci] / 2;
    const wanted = leaving.map(edge => {
      const from = boxes.get(edge.source)!;
      const to = boxes.get(edge.destination)!;
      const fy = from.y + from.height / 2;
      const ty = to.y + to.height / 2;
      const fx = from.x + from.width;
      const t = to.x > fx ? Math.min(1, (lx - fx) / (to.x - fx)) : 0.5;
      return { edge, lx, ly: fy + (ty - fy) * t, from, to };
    }).sort((a, b) => a.ly - b.ly || a.edge.destination.localeCompare(b.edge.destination));
    for (let i = 1; i < wanted.length; i++) {
      wanted[i].ly = Math.max(wanted[i].ly, wanted[i - 1].ly + LABEL_HEIGHT + 4);
    }
    placed.push(...wanted);
    for (const p of wanted) height = Math.max(height, p.ly + LABEL_HEIGHT);
  });
  let width = x - (gapWidth[gapWidth.length - 1] ?? 0) + MARGIN;
  for (const p of placed) width = Math.max(width, p.lx + textWidth(p.edge.label) / 2 + LABEL_PAD + MARGIN);

  const parts: string[] = [];
  for (const p of placed) {
    const fx = p.from.x + p.from.width;
    const fy = p.from.y + p.from.height / 2;
    const tx = p.to.x;
    const ty = p.to.y + p.to.height / 2;
    const half = textWidth(p.edge.label) / 2 + LABEL_PAD;
    const a = p.lx - half;
    const b = p.lx + half;
    const bend = (x1: number, x2: number) => Math.max(30, Math.abs(x2 - x1) / 2);
    const d = `M${round(fx)},${round(fy)} C${round(fx + bend(fx, a))},${round(fy)} ${round(a - bend(fx, a))},${round(p.ly)} ${round(a)},${round(p.ly)}`
      + ` L${round(b)},${round(p.ly)} C${round(b + bend(b, tx))},${round(p.ly)} ${round(tx - bend(b, tx))},${round(ty)} ${round(tx - 2)},${round(ty)}`;
    parts.push(edgeGroup(p.edge, d, p.lx, p.ly));
  }
  for (const n of loops) {
    const edge = graph.edges.find(e => e.source === n && e.destination === n)!;
    const box = boxes.get(n)!;
    const x1 = box.x + box.width * 0.65;
    const x2 = box.x + box.width * 0.35;
    const top = box.y - LOOP_ROOM + 4;
    const d = `M${round(x1)},${round(box.y)} C${round(x1)},${round(top)} ${round(x2)},${round(top)} ${round(x2)},${round(box.y - 2)}`;
    parts.push(edgeGroup(edge, d, box.x + box.width / 2, top + 6));
  }
  for (const n of graph.nodes) {
    const box = boxes.get(n)!;
    const workload = graph.workloads.includes(n);
    parts.push(`<g class="node ${workload ? 'workload' : 'peer'}" data-node="${escapeXml(n)}">`
      + `<title>${escapeXml(workload ? `workload ${n}` : `outside peer: ${n}`)}</title>`
      + `<rect x="${round(box.x)}" y="${round(box.y)}" width="${round(box.width)}" height="${box.height}" rx="${workload ? 3 : NODE_HEIGHT / 2}"/>`
      + `<text x="${round(box.x + box.width / 2)}" y="${round(box.y + box.height / 2)}">${escapeXml(n)}</text></g>`);
  }

  const w = Math.ceil(Math.max(width, 2 * MARGIN));
  const h = Math.ceil(height + MARGIN);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="network-paths" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${escapeXml(FONT_FAMILY)}" font-size="${FONT_SIZE}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    '<style>.node rect{stroke:#333;stroke-width:1.2}.node.workload rect{fill:#e8f0fe}.node.peer rect{fill:#fdf3e1}'
      + '.node text,.edge text{text-anchor:middle;dominant-baseline:central;fill:#111}'
      + '.edge path{fill:none;stroke:#555;stroke-width:1.2;marker-end:url(#arrow)}.edge rect{fill:#fff;stroke:#bbb;stroke-width:0.6}</style>',
    '<rect width="100%" height="100%" fill="#fff"/>',
    ...parts,
    '</svg>',
  ].join('\n') + '\n';
}

function edgeGroup(edge: PictureEdge, d: string, lx: number, ly: number): string {
  const half = textWidth(edge.label) / 2 + LABEL_PAD;
  return `<g class="edge" data-source="${escapeXml(edge.source)}" data-destination="${escapeXml(edge.destination)}">`
    + `<title>${escapeXml(edge.title)}</title><path d="${d}"/>`
    + `<rect x="${round(lx - half)}" y="${round(ly - LABEL_HEIGHT / 2)}" width="${round(2 * half)}" height="${LABEL_HEIGHT}" rx="3"/>`
    + `<text x="${round(lx)}" y="${round(ly)}">${escapeXml(edge.label)}</text></g>`;
}

/** One section of an HTML page: a heading and HTML content. @internal */
export interface HtmlSection {
  readonly heading: string;
  readonly html: string;
}

/** A table as HTML: header cells, then rows of text cells. @internal */
export function htmlTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, className?: string): string {
  const cls = className ? ` class="${escapeXml(className)}"` : '';
  return `<table${cls}>\n<thead><tr>${header.map(h => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n`
    + rows.map(r => `<tr>${r.map(c => `<td>${escapeXml(c)}</td>`).join('')}</tr>`).join('\n')
    + '\n</tbody>\n</table>';
}

/**
 * A standalone HTML page: no script, no stylesheet or font from elsewhere.
 * @internal
 */
export function renderHtmlPage(title: string, sections: readonly HtmlSection[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:1.5em;color:#111}'
      + 'table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #ccc;padding:0.3em 0.6em;text-align:left;vertical-align:top}'
      + 'th{background:#f3f3f3;position:sticky;top:0}tbody tr:nth-child(even){background:#fafafa}'
      + 'td.yes{text-align:center;font-weight:bold;color:#a40000}td.no{text-align:center;color:#999}'
      + '.picture{overflow:auto;border:1px solid #ddd;padding:0.5em;margin-bottom:1.5em}</style>',
    '</head>',
    '<body>',
    `<h1>${escapeXml(title)}</h1>`,
    ...sections.flatMap(s => [`<section><h2>${escapeXml(s.heading)}</h2>`, s.html, '</section>']),
    '</body>',
    '</html>',
  ].join('\n') + '\n';
}
