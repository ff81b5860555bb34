import { cdk8s, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

// The released version; CHANGELOG.md's newest entry must name it (test/release/package.test.ts).
const VERSION = '0.1.0';

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
  // Node 20 and later; the tests run on Node 20 and 22 (.ci/run).
  minNodeVersion: '20.0.0',

  // cdk8s 2.x (current) and constructs >= 10.5 as peers, with matching dev dependencies.
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.5.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  // The manifest reader (src/compliance/kube-reader.ts) relies on the order of js-yaml's parse
  // events, so the version is pinned; jsii libraries must bundle their runtime dependencies.
  bundledDeps: ['js-yaml@4.3.2'],
  // the SARIF Multitool validates our SARIF output in the tests
  devDeps: ['@types/node@^20', '@types/js-yaml@^4.0.9', 'typescript@~6.0', 'ts-node@^10', 'cdk8s-cli@^2.200.0', 'yaml@^2.8.0', '@microsoft/sarif-multitool@^5.7.0',
    // CEL evaluators: the admission tests run the generated CEL against the rule fixtures
    '@bufbuild/cel@^0.6.1', '@bufbuild/protobuf@^2.6.2', '@marcbachmann/cel-js@^8.0.0'],
  bin: { 'cdk8s-hardening': 'lib/cli/main.js' },

  // Target names follow cdk8s-plus-27's own (org.cdk8s.plus27, Org.Cdk8s.Plus27, cdk8s_plus_27).
  publishToPypi: {
    distName: 'cdk8s-hardening',
    module: 'cdk8s_hardening',
  },
  publishToMaven: {
    javaPackage: 'org.cdk8s.hardening',
    mavenGroupId: 'org.cdk8s',
    mavenArtifactId: 'cdk8s-hardening',
  },
  publishToNuget: {
    dotNetNamespace: 'Org.Cdk8s.Hardening',
    packageId: 'Org.Cdk8s.Hardening',
  },
  publishToGo: {
    moduleName: 'github.com/cdk8s-hardening/cdk8s-hardening-go',
    packageName: 'cdk8shardening',
  },

  // Source maps as .js.map files next to the JavaScript (sources embedded, since src/ does not
  // ship), never inline: inline maps were 70% of the JavaScript every require() reads.
  tsconfig: {
    compilerOptions: {
      inlineSourceMap: false,
      sourceMap: true,
      inlineSources: true,
    },
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
      // records what the tests synthesize when test/self-check.test.ts asks (test/support/capture.ts)
      setupFilesAfterEnv: ['<rootDir>/test/support/capture.ts'],
      // the real etcd and kube-apiserver (kube/build.sh), started once per run when the run
      // includes test/kubernetes/, and stopped at its end
      globalSetup: '<rootDir>/test/kubernetes/global-setup.ts',
      globalTeardown: '<rootDir>/test/kubernetes/global-teardown.ts',
    },
  },
  gitignore: ['/examples/dist/', '/bench/results/', '*.tgz'],
  npmignoreEnabled: true,
});

project.package.addVersion(VERSION);

// Examples in README.md are translated to every language by jsii-rosetta, strictly: one that
// does not compile fails the build. Fixtures (names earlier examples declared) are in rosetta/.
project.package.file.addOverride('jsii.metadata.jsii.rosetta.strict', true);

// jsii warnings (reserved words included) stay visible: we choose names that raise none.
project.compileTask.reset('jsii');

// Examples, the cdk8s app file and tooling never ship in the package (test/release/package.test.ts
// pins what does).
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/cdk8s.yaml');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('/docs/');
project.addPackageIgnore('/rosetta/');
// the Go modules of the real Kubernetes components the tests build and start (kube/build.sh)
project.addPackageIgnore('/kube/');
project.addPackageIgnore('/.jsii.tabl.json');
project.addPackageIgnore('/.compatignore');
project.gitignore.exclude('/.jsii.tabl.json');

// No `any` in the library: manifests are read as `unknown` and narrowed. Tests may read
// synthesized JSON loosely.
project.eslint?.addRules({ '@typescript-eslint/no-explicit-any': 'error' });
project.eslint?.addOverride({ files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } });

// `npm run build` is the whole test suite: jsii compile (jsii rules), API.md, the API compared with
// the previous release, the README examples compiled and translated, every language's sources
// generated, jest (which checks them), eslint and the npm tarball. Other languages are packaged by
// release machines (`npx projen package-all`; README "Release").
const compat = project.tasks.tryFind('compat')!;
compat.reset('ts-node --transpile-only --project projenrc/tsconfig.json projenrc/compat.ts');
compat.description = 'Compare the API with the previous release in CHANGELOG.md (jsii-diff); the first release has none';
const rosettaExtract = project.addTask('rosetta:extract', {
  description: 'Compile the README and doc-comment examples (strict) and translate them for every jsii language',
  exec: 'jsii-rosetta extract --strict',
});
const bindings = project.addTask('bindings', {
  description: 'Generate the Python, Java, Go and .NET sources with translated examples, without packaging, to dist/bindings/',
  exec: 'jsii-pacmak --code-only --force --rosetta-unknown-snippets fail --targets python,java,go,dotnet --outdir dist/bindings',
});
project.postCompileTask.spawn(compat);
project.postCompileTask.spawn(rosettaExtract);
project.postCompileTask.spawn(bindings);
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);
// A release machine's packages carry the translated examples, or fail (no TypeScript fenced as Python).
for (const language of ['python', 'java', 'dotnet', 'go']) {
  project.tasks.tryFind(`package:${language}`)!.reset(`jsii-pacmak -v --target ${language} --rosetta-unknown-snippets fail`);
}

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
