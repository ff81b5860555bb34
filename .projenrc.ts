import { cdk8s, github, javascript, ReleasableCommits } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { ReleasePipeline } from './projenrc/release-pipeline';

// The released version; CHANGELOG.md's newest entry must name it (test/release/package.test.ts).
// A release build (projen's `release` task, RELEASE=true) carries the version the bump chose.
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
    '@bufbuild/cel@^0.6.1', '@bufbuild/protobuf@^2.6.2', '@marcbachmann/cel-js@^8.0.0',
    // the CycloneDX SBOM attached to each release (`npx projen sbom`)
    '@cyclonedx/cyclonedx-npm@^6.0.1',
    // the network picture's tests: mermaid parses the Mermaid text, and the HTML page renders in
    // headless Chromium (Debian's chromium, driven by playwright-core)
    'mermaid@^12.3.0', 'playwright-core@^1.65.1',
    // reads live clusters for `check --cluster` (src/cluster/client.ts), which loads it when run: not a
    // dependency of the package, since jsii accepts only jsii modules as dependencies unless bundled,
    // and bundling its tree (72 packages, 72 MB) would weigh on everyone who never reads a cluster
    '@kubernetes/client-node@^1.4.0'],
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

  // GitHub Actions, generated (projenrc/release-pipeline.ts hardens them); `.ci/run` is the gate
  // that runs anywhere. The build runs on pull requests and on main; it fails on a generated file
  // that is not committed (no bot pushes to pull requests).
  github: true,
  githubOptions: { mergify: false, pullRequestLint: false },
  buildWorkflow: true,
  buildWorkflowOptions: {
    workflowTriggers: { pullRequest: {}, push: { branches: ['main'] }, workflowDispatch: {} },
    permissions: { contents: github.workflows.JobPermission.READ },
    mutableBuild: false,
  },
  workflowNodeVersion: '22.x',
  // Every push to main whose CHANGELOG lists a change under Unreleased releases: the bump
  // (conventional commits: a breaking change, `area!:` or BREAKING CHANGE, bumps the minor version
  // before 1.0 and the major after; from 1.0 `feat` the minor; else the patch) picks the version,
  // the CHANGELOG's Unreleased section becomes its entry and its release notes
  // (projenrc/release-notes.ts), and publib publishes to npm (with provenance), PyPI, Maven
  // Central, NuGet and the Go module repository. The bump starts from the newest tag v<version>:
  // the commit of 0.1.0 is to be tagged v0.1.0 once (a bump from no tag is refused).
  release: true,
  releasableCommits: ReleasableCommits.exec('ts-node --transpile-only --project projenrc/tsconfig.json projenrc/release-notes.ts --releasable-commits'),
  npmProvenance: true,
  jsiiReleaseVersion: '0.2.1061', // publib, pinned
  depsUpgrade: true,
  depsUpgradeOptions: { workflowOptions: { schedule: javascript.UpgradeDependenciesSchedule.WEEKLY } },
  pullRequestTemplate: false,

  // A changed snapshot must fail the test run; `npm run test:update` updates on purpose.
  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      collectCoverage: false,
      testTimeout: 60_000,
      // records what the tests synthesize when test/self-check.test.ts asks (test/support/capture.ts);
      // fails a test that asserts nothing (test/support/assertions.ts)
      setupFilesAfterEnv: ['<rootDir>/test/support/capture.ts', '<rootDir>/test/support/assertions.ts'],
      // the real etcd and kube-apiserver (kube/build.sh), started once per run when the run
      // includes test/kubernetes/, and stopped at its end
      globalSetup: '<rootDir>/test/kubernetes/global-setup.ts',
      globalTeardown: '<rootDir>/test/kubernetes/global-teardown.ts',
      // test/languages/ compares what the Python, Java and Go consumers synthesized with the
      // TypeScript example: .ci/languages builds the artifacts, runs the consumers, then those tests
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/languages/'],
    },
  },
  gitignore: ['/examples/dist/', '/bench/results/', '*.tgz', '/consumers/java/target/', '__pycache__/'],
  npmignoreEnabled: true,
});

if (process.env.RELEASE !== 'true') project.package.addVersion(VERSION);
new ReleasePipeline(project);

// Examples in README.md are translated to every language by jsii-rosetta, strictly: one that
// does not compile fails the build. Fixtures (names earlier examples declared) are in rosetta/.
project.package.file.addOverride('jsii.metadata.jsii.rosetta.strict', true);

// jsii warnings (reserved words included) stay visible: we choose names that raise none.
project.compileTask.reset('jsii');
// The command (`bin`) is compiled after `npm install` linked it, so npm never made it executable:
// `npx cdk8s-hardening` right after the README's first command needs the mode set here.
project.compileTask.exec('chmod +x lib/cli/main.js');

// Examples, the cdk8s app file and tooling never ship in the package (test/release/package.test.ts
// pins what does).
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/cdk8s.yaml');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('/tools/');
project.addPackageIgnore('/docs/');
project.addPackageIgnore('/rosetta/');
// the Go modules of the real Kubernetes components the tests build and start (kube/build.sh)
project.addPackageIgnore('/kube/');
// the Python, Java and Go teams' projects on the built artifacts (.ci/languages)
project.addPackageIgnore('/consumers/');
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
// npm packs a bundled dependency's files as its own package.json lists them (the .npmignore above
// does not reach them): js-yaml's dist/*.map (0.55 MB unpacked) are taken out of the tarball.
project.tasks.tryFind('package:js')!.exec('.ci/artifacts strip-js');
project.packageTask.spawn(project.tasks.tryFind('package:js')!);
// A release machine's packages carry the translated examples, or fail (no TypeScript fenced as Python).
for (const language of ['python', 'java', 'dotnet', 'go']) {
  project.tasks.tryFind(`package:${language}`)!.reset(`jsii-pacmak -v --target ${language} --rosetta-unknown-snippets fail`);
}

// Releases (`npx projen release`, the release workflow): the bump picks the version, the
// CHANGELOG's Unreleased section becomes its entry and the release notes, the build tests and
// packages that version (the SBOM included), and the unbump restores the committed files.
const sbom = project.addTask('sbom', {
  description: 'CycloneDX SBOM of the npm package (its runtime dependencies) to dist/sbom/',
  exec: '.ci/artifacts sbom',
});
project.packageTask.spawn(sbom);
const releaseNotes = project.addTask('release:notes', {
  description: 'Turn the CHANGELOG\'s Unreleased section into the entry of the bumped version; its text is the release notes (dist/changelog.md)',
  exec: 'ts-node --transpile-only --project projenrc/tsconfig.json projenrc/release-notes.ts',
});
const release = project.tasks.tryFind('release')!;
release.reset('rm -fr dist');
release.spawn(project.tasks.tryFind('bump')!);
release.spawn(releaseNotes);
release.spawn(project.buildTask);
release.spawn(project.tasks.tryFind('unbump')!);
release.exec('git diff --ignore-space-at-eol --exit-code');
const unbump = project.tasks.tryFind('unbump')!;
unbump.description = 'Restore the committed version and CHANGELOG.md after a release build';
unbump.reset('git checkout -- package.json CHANGELOG.md');

// The example cluster, synthesized to examples/dist/*.k8s.yaml (not jsii's dist/). The library is
// compiled first: the README's next line, `npx cdk8s-hardening check examples/dist/`, runs lib/.
const example = project.addTask('example', {
  description: 'Compile the library (lib/, which the check command runs) and synthesize the example cluster under examples/ to examples/dist/',
});
example.spawn(project.compileTask);
example.exec('ts-node --project examples/tsconfig.json examples/main.ts');

// Benchmarks: measured here, written down in docs/benchmarks.md, never part of the tests.
project.addTask('bench', {
  description: 'Synthesis and compliance-check benchmarks (not part of the tests)',
  exec: 'ts-node --project examples/tsconfig.json --transpile-only bench/run.ts',
  // `npm run bench -- --sizes 100 --rounds 1` (CI runs the smallest size)
  receiveArgs: true,
});

// The scanners teams use (Trivy, kube-score, kubeconform, conftest, and Kubescape and Polaris where
// their modules are served), built from their Go modules into the cache outside the clone and run
// on the same inputs as `check` (docs/benchmarks.md): minutes, so never run by .ci/run.
project.addTask('bench:peers', {
  description: 'Peers side by side with check on the same inputs (builds them from their Go modules into the cache; not part of the tests)',
  exec: 'ts-node --project examples/tsconfig.json --transpile-only bench/peers.ts',
  // `npm run bench:peers -- --big` adds about 200 MB of manifests
  receiveArgs: true,
});

// Kubernetes CEL compatibility of the JavaScript CEL implementations (docs/admission.md).
project.addTask('bench:cel', {
  description: 'Kubernetes CEL compatibility of @bufbuild/cel and @marcbachmann/cel-js (not part of the tests)',
  exec: 'ts-node --project examples/tsconfig.json --transpile-only bench/cel-compat.ts',
});

project.synth();
