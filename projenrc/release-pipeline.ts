// The GitHub Actions workflows projen generates (build, release, upgrade), hardened: every action
// pinned by commit, no permissions unless a job names them, write permissions only in the jobs
// that publish, a build-provenance attestation of every artifact published, and the SBOM and the
// SHA-256 checksums of every artifact attached to the GitHub release.
import { Component, github } from 'projen';
import { Job, JobPermission, JobStep } from 'projen/lib/github/workflows-model';
import { NodeProject } from 'projen/lib/javascript';

/**
 * Every action the workflows use, pinned by the commit of the release named in the comment. The
 * commits are those the actions' repositories tag; checkout, upload-artifact and download-artifact
 * are the commits projen itself pins.
 */
export const PINNED_ACTIONS: Record<string, { readonly ref: string; readonly release: string }> = {
  'actions/checkout': { ref: '3d3c42e5aac5ba805825da76410c181273ba90b1', release: 'v7.0.1' },
  'actions/upload-artifact': { ref: '043fb46d1a93c77aae656e7c1c64a875d1fc6a0a', release: 'v7.0.1' },
  'actions/download-artifact': { ref: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', release: 'v8.0.1' },
  'actions/setup-node': { ref: '820762786026740c76f36085b0efc47a31fe5020', release: 'v7.0.0' },
  'actions/setup-python': { ref: '5fda3b95a4ea91299a34e894583c3862153e4b97', release: 'v7.0.0' },
  'actions/setup-java': { ref: 'b6effb05e454b25005698d916606bdc6ffcbf961', release: 'v5.7.0' },
  'actions/setup-dotnet': { ref: 'a98b56852c35b8e3190ac28c8c2271da59106c68', release: 'v6.0.0' },
  'actions/setup-go': { ref: 'b7ad1dad31e06c5925ef5d2fc7ad053ef454303e', release: 'v7.0.0' },
  'actions/attest-build-provenance': { ref: 'a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32', release: 'v4.1.0' },
  'peter-evans/create-pull-request': { ref: '5f6978faf089d4d20b00c7766989d076bb2fc7f1', release: 'v8.1.1' },
};

/** `owner/name@commit` of a pinned action. */
export function pinned(action: string): string {
  const pin = PINNED_ACTIONS[action];
  if (!pin) throw new Error(`${action} is not pinned: add it to PINNED_ACTIONS with the commit of a release`);
  return `${action}@${pin.ref}`;
}

/** The files each publishing job of the release workflow publishes, attested before publishing. */
export const PUBLISHED_ARTIFACTS: Record<string, { readonly language: string; readonly files: string[]; readonly prepare?: string }> = {
  release_npm: { language: 'js', files: ['dist/js/*.tgz'] },
  release_pypi: { language: 'python', files: ['dist/python/*.whl', 'dist/python/*.tar.gz'] },
  release_maven: { language: 'java', files: ['dist/java/**/*.jar', 'dist/java/**/*.pom'] },
  release_nuget: { language: 'dotnet', files: ['dist/dotnet/*.nupkg'] },
  // publib pushes the Go module's files to its repository; the attested file is their zip
  release_golang: { language: 'go', files: ['dist/go-module/*.zip'], prepare: '.ci/artifacts go-zip dist' },
};

/**
 * The offline check of each language's artifact in the build workflow (`.ci/artifacts`). Java's
 * is its packaging (jsii-pacmak runs Maven through the verify phase); .NET's and Go's are
 * publib's, when it publishes (`.ci/artifacts check-go` vets the module where its dependencies
 * can be downloaded).
 */
export const PACKAGE_CHECKS: Record<string, string> = {
  js: 'check-js',
  python: 'check-python',
};

/** The SBOM written by the `sbom` task (`.ci/artifacts sbom`). */
export const SBOM_DIR = 'dist/sbom';

/** The publishing step without NPM_REGISTRY: publib publishes to the public registry by default. */
function withoutRegistry(step: JobStep): JobStep {
  if (!step.env || !('NPM_REGISTRY' in step.env)) return step;
  const { NPM_REGISTRY: _registry, ...env } = step.env;
  return { ...step, env };
}

export class ReleasePipeline extends Component {
  constructor(private readonly nodeProject: NodeProject) {
    super(nodeProject);
    const gh = nodeProject.github;
    if (!gh) throw new Error('the release pipeline needs the GitHub component (github: true)');
    for (const action of Object.keys(PINNED_ACTIONS)) gh.actions.set(action, pinned(action));
  }

  public preSynthesize(): void {
    const gh = this.nodeProject.github!;
    for (const workflow of gh.workflows) {
      // read-only unless a job asks for more (every job names its own permissions)
      workflow.file?.addOverride('permissions', { contents: 'read' });
    }
    this.hardenRelease(gh.tryFindWorkflow('release'));
    this.checkPackages(gh.tryFindWorkflow('build'));
  }

  /** The build's packaging jobs check each artifact as its registry's publisher would, offline. */
  private checkPackages(workflow: github.GithubWorkflow | undefined): void {
    if (!workflow) throw new Error('no build workflow');
    for (const [language, check] of Object.entries(PACKAGE_CHECKS)) {
      const id = `package-${language}`;
      const job = workflow.getJob(id) as Job | undefined;
      if (!job || !('steps' in job)) throw new Error(`the build workflow has no job ${id}`);
      workflow.updateJob(id, {
        ...job,
        steps: [...job.steps, { name: `Check the ${language} artifact as its publisher would`, run: `.repo/.ci/artifacts ${check} dist` }],
      });
    }
  }

  private hardenRelease(workflow: github.GithubWorkflow | undefined): void {
    if (!workflow) throw new Error('no release workflow');
    const job = (id: string): Job => {
      const found = workflow.getJob(id) as Job | undefined;
      if (!found || !('steps' in found)) throw new Error(`the release workflow has no job ${id}`);
      return found;
    };

    // the release job builds, tests and tags nothing: reading the repository is enough
    workflow.updateJob('release', { ...job('release'), permissions: { contents: JobPermission.READ } });

    for (const [id, artifact] of Object.entries(PUBLISHED_ARTIFACTS)) {
      const publish = job(id);
      const at = publish.steps.findIndex(s => s.name === 'Release');
      if (at === -1) throw new Error(`${id} has no Release step`);
      const before: JobStep[] = [
        ...(artifact.prepare ? [{ name: `Prepare the ${artifact.language} artifact`, run: `.repo/${artifact.prepare}` }] : []),
        {
          name: 'Attest build provenance',
          uses: pinned('actions/attest-build-provenance'),
          with: { 'subject-path': artifact.files.join('\n') },
        },
      ];
      const after: JobStep[] = [{
        name: 'Keep the published artifact for the GitHub release',
        uses: pinned('actions/upload-artifact'),
        with: { 'name': `published-${artifact.language}`, 'path': artifact.files.join('\n'), 'if-no-files-found': 'error' },
      }];
      workflow.updateJob(id, {
        ...publish,
        // id-token: the OIDC token that signs the attestation (and npm's provenance statement)
        permissions: { contents: JobPermission.READ, idToken: JobPermission.WRITE, attestations: JobPermission.WRITE },
        steps: [...publish.steps.slice(0, at), ...before, withoutRegistry(publish.steps[at]), ...after, ...publish.steps.slice(at + 1)],
      });
    }

    // The GitHub release carries the SBOM and the checksums of every published artifact.
    const release = job('release_github');
    workflow.updateJob('release_github', {
      ...release,
      steps: [
        ...release.steps,
        {
          name: 'Download the published artifacts',
          uses: pinned('actions/download-artifact'),
          with: { 'pattern': 'published-*', 'path': 'dist/published', 'merge-multiple': true },
        },
        {
          name: 'Attach the SBOM, the artifacts and their SHA-256 checksums',
          if: '${{ !inputs.dry_run }}',
          env: { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
          run: [
            // release assets are flat: the files side by side, SHA256SUMS naming them so
            'mkdir -p dist/assets',
            `find dist/published ${SBOM_DIR} -type f -exec cp -t dist/assets {} +`,
            '(cd dist/assets && find . -maxdepth 1 -type f -printf "%P\\n" | LC_ALL=C sort | xargs -d "\\n" sha256sum > ../SHA256SUMS)',
            'mv dist/SHA256SUMS dist/assets/',
            'cat dist/assets/SHA256SUMS',
            'gh release upload "$(cat dist/releasetag.txt)" -R "$GITHUB_REPOSITORY" --clobber dist/assets/*',
          ].join('\n'),
        },
      ],
    });
  }
}
