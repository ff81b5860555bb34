import { KubeObject } from '../compliance/objects';
import { escapeXml, HtmlSection, renderHtmlPage } from '../network/picture';
import { NetworkReachability } from '../network/reachability';
import { accessGrid, rbacModelFromManifests } from '../rbac/access-matrix';

/**
 * The access grid of the RBAC objects that carry the persona label (those `SeparatedRbac`
 * writes) as an HTML table: a row per binding, a column per sensitive capability; none when the
 * objects hold no such binding.
 * @internal
 */
export function accessGridHtml(objects: readonly KubeObject[]): string | undefined {
  const grid = accessGrid(rbacModelFromManifests(objects.map(o => o.json)));
  if (grid.rows.length === 0) return undefined;
  const plain = (s: string) => escapeXml(s.replace(/`/g, ''));
  return [
    '<table class="access">',
    `<thead><tr><th>Holder</th>${grid.columns.map(c => `<th>${plain(c)}</th>`).join('')}<th>Subjects</th><th>Role</th></tr></thead>`,
    '<tbody>',
    ...grid.rows.map(r => `<tr${r.breakGlass ? ' class="break-glass"' : ''}><th scope="row">${plain(r.holder)}</th>${r.cells.map((c, i) => (c
      ? `<td class="yes" title="${plain(grid.columns[i])}">yes</td>`
      : `<td class="no" title="${plain(grid.columns[i])}">-</td>`)).join('')}<td>${plain(r.subjects)}</td><td>${plain(r.role)}</td></tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

/**
 * The page of `network --format html`: the network picture and its paths, then who holds which
 * sensitive capability when the input has the persona-labelled RBAC objects.
 * @internal
 */
export function formatNetworkHtml(objects: readonly KubeObject[], title: string): string {
  const sections: HtmlSection[] = NetworkReachability._fromObjects(objects)._htmlSections();
  const access = accessGridHtml(objects);
  if (access !== undefined) sections.push({ heading: 'Access (RBAC)', html: access });
  return renderHtmlPage(title, sections);
}
