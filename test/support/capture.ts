// With CDK8S_HARDENING_CAPTURE_DIR set, every app a test synthesizes whose objects all come from
// the library's constructs is written to that folder after the test, as one YAML stream with the
// test's file and name: test/self-check.test.ts checks each with the command's check.
//
// What counts: a chart's `toJson()` that returned (a test expecting an error synthesizes
// nothing), and only when every ApiObject of every chart of the app has, among itself and its
// scopes below the chart, an instance of a class the library exports. An app holding any object
// a test built by hand (a plain cdk8s-plus Deployment as a bad example), or changed through
// the JSON patch escape hatch (which the check is there to catch), is not a construct
// configuration of the library, and is left out whole.
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { dump } from 'js-yaml';
import * as library from '../../src';

const dir = process.env.CDK8S_HARDENING_CAPTURE_DIR;

if (dir) {
  const classes = Object.values(library).filter((v): v is abstract new (...args: never[]) => unknown => typeof v === 'function' && typeof v.prototype === 'object');
  const ours = (c: IConstruct) => !Chart.isChart(c) && classes.some(k => c instanceof k);
  /** The charts synthesized in the current test, by app, with their last output. */
  let apps = new Map<IConstruct, Map<Chart, unknown[]>>();
  const toJson = Chart.prototype.toJson;
  Chart.prototype.toJson = function (this: Chart): any[] {
    const out = toJson.call(this);
    const root = this.node.root;
    let charts = apps.get(root);
    if (!charts) apps.set(root, charts = new Map());
    charts.set(this, out);
    return out;
  };
  // ApiObject keeps its JSON patches in a private field
  const patched = (o: ApiObject) => ((o as unknown as { patches?: unknown[] }).patches ?? []).length > 0;
  let count = 0;
  afterEach(() => {
    const state = expect.getState();
    for (const [root, charts] of apps) {
      const objects = root.node.findAll().filter(ApiObject.isApiObject);
      const foreign = objects.filter(o => !o.node.scopes.some(ours) || patched(o));
      if (objects.length === 0 || foreign.length > 0) continue;
      const docs = [...charts.values()].flat();
      const name = `${path.basename(state.testPath ?? 'unknown')}-${process.pid}-${count++}.yaml`;
      const header = `# ${path.relative(process.cwd(), state.testPath ?? '')} :: ${state.currentTestName ?? ''}\n`.replace(/\n(?!$)/g, ' ');
      fs.writeFileSync(path.join(dir, name), header + docs.map(d => dump(d, { noRefs: true, lineWidth: -1 })).join('---\n'));
    }
    apps = new Map();
  });
}
