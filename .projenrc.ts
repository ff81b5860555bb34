import { cdk8s, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-hardening',
  description:
    'Secure-by-default cdk8s constructs and a compliance engine for the NSA/CISA Kubernetes Hardening Guide v1.1 and the Pod Security Standards.',
  author: 'cdk8s-hardening maintainers',
  authorAddress: 'maintainers@cdk8s-hardening.dev',
  repositoryUrl: 'https://github.com/cdk8s-hardening/cdk8s-hardening.git',
  defaultReleaseBranch: 'main',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'kubernetes', 'security', 'hardening', 'nsa', 'cisa', 'pod-security-standards', 'kubescape'],
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  jsiiVersion: '~6.0.0',

  // cdk8s 2.x (current) and constructs >= 10.5 as peers, with matching dev dependencies.
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.5.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  // The CLI reads YAML with line numbers; jsii libraries must bundle their runtime dependencies.
  bundledDeps: ['yaml@^2.8.0'],
  // the SARIF Multitool validates our SARIF output in the tests
  devDeps: ['@types/node@^20', 'typescript@~6.0', 'ts-node@^10', 'cdk8s-cli@^2.200.0', '@microsoft/sarif-multitool@^5.7.0',
    // CEL evaluators: the admission tests run the generated CEL against the rule fixtures
    '@bufbuild/cel@^0.6.1', '@bufbuild/protobuf@^2.6.2', '@marcbachmann/cel-js@^8.0.0'],
  bin: { 'cdk8s-hardening': 'lib/cli/main.js' },

  publishToPypi: {
    distName: 'cdk8s-hardening',
    module: 'cdk8s_hardening',
  },

  // CI is `.ci/run`; no generated workflows, no release automation.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  // A changed snapshot must fail the test run; `npm run test:update` updates on purpose.
  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      collectCoverage: false,
      testTimeout: 60_000,
    },
  },
  gitignore: ['/examples/dist/', '/bench/results/', '*.tgz'],
  npmignoreEnabled: true,
});

// jsii warnings (reserved words included) stay visible: we choose names that raise none.
project.compileTask.reset('jsii');

// Examples, the cdk8s app file and tooling never ship in the package.
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/cdk8s.yaml');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('/docs/');

// No `any` in the library: manifests are read as `unknown` and narrowed. Tests may read
// synthesized JSON loosely.
project.eslint?.addRules({ '@typescript-eslint/no-explicit-any': 'error' });
project.eslint?.addOverride({ files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } });

// `npm run build` is the whole test suite: jsii compile (jsii rules), API.md, jest, eslint and
// the npm tarball. Other languages are packaged by release machines (`npx projen package-all`).
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

// The example cluster, synthesized to examples/dist/*.k8s.yaml (not jsii's dist/).
project.addTask('example', {
  description: 'Synthesize the example cluster under examples/ to examples/dist/',
  exec: 'ts-node --project examples/tsconfig.json examples/main.ts',
});

// Benchmarks: measured here, written down in docs/benchmarks.md, never part of the tests.
project.addTask('bench', {
  description: 'Synthesis and compliance-check benchmarks (not part of the tests)',
  exec: 'ts-node --project examples/tsconfig.json --transpile-only bench/run.ts',
});

// Kubernetes CEL compatibility of the JavaScript CEL implementations (docs/admission.md).
project.addTask('bench:cel', {
  description: 'Kubernetes CEL compatibility of @bufbuild/cel and @marcbachmann/cel-js (not part of the tests)',
  exec: 'ts-node --project examples/tsconfig.json --transpile-only bench/cel-compat.ts',
});

project.synth();
