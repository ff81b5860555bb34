import { Size } from 'cdk8s';

/**
 * Hardening settings shared by every hardened workload (Deployment, StatefulSet, DaemonSet,
 * Job, CronJob). Every one is optional: the defaults are the secure choice.
 */
export interface PodHardeningOptions {
  /**
   * The user id every container runs as, unless a container sets `securityContext.user`.
   *
   * Must not be 0. Set it to the user your image is built for if it is not 65532.
   *
   * @default 65532 — NSA/CISA §"Non-root containers"; PSS restricted "Running as Non-root user"; Kubescape C-0013.
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
   */
  readonly runAsUser?: number;

  /**
   * The primary group id every container runs as, unless a container sets `securityContext.group`.
   *
   * @default 65532 — Kubescape C-0013 wants a non-zero runAsGroup; 0 is the root group.
   */
  readonly runAsGroup?: number;

  /**
   * The group that owns mounted volumes (`fsGroup`), so a non-root user can write to them.
   *
   * @default - the same as `runAsGroup`
   */
  readonly fsGroup?: number;

  /**
   * Require every image to be pinned by digest (`repo@sha256:...`), not only by tag.
   *
   * Images without a tag, or tagged `latest`, are always rejected.
   *
   * @default false — NSA/CISA §"Use trusted images"; a digest makes the scanned image the deployed one.
   */
  readonly requireImageDigest?: boolean;

  /**
   * Absolute paths the application must write to (for example `/tmp`). Each gets its own
   * `emptyDir` volume, mounted into every container, so the root filesystem stays read-only.
   *
   * Each path must be absolute and normalized: no empty (`//tmp`), `.` or `..` segment, not `/`
   * itself, no `:` (a trailing `/` is ignored). It must not be in `/proc`, `/sys` or `/dev`
   * (pseudo-filesystems the container runtime masks), nor at, above or below a directory of
   * programs or libraries (`/bin`, `/sbin`, `/lib*`, `/usr/bin`, `/usr/sbin`, `/usr/lib*`,
   * `/usr/libexec`, `/usr/local/bin`, `/usr/local/sbin`, `/usr/local/lib`), nor `/etc` or
   * above: a writable volume there would let a compromised process replace what the container
   * runs, which the read-only root filesystem is there to prevent. Below `/etc`
   * (`/etc/nginx/conf.d`), `/usr/share`, `/var` and `/opt` are fine.
   *
   * @default - none: the whole filesystem is read-only
   */
  readonly writablePaths?: string[];

  /**
   * Size limit of each writable `emptyDir` volume: a whole number of mebibytes above zero.
   *
   * @default Size.mebibytes(256) — bounded, so a runaway writer cannot fill the node's disk.
   */
  readonly writablePathSizeLimit?: Size;

  /**
   * A seccomp profile file on the node, used instead of the container runtime's default
   * profile: a path relative to the kubelet's seccomp directory that stays inside it (no
   * leading `/`, no empty, `.` or `..` segment), e.g. `profiles/api.json`.
   *
   * @default - `RuntimeDefault` — PSS restricted "Seccomp"; NSA/CISA §"Pod security"; Kubescape C-0055.
   */
  readonly seccompLocalhostProfile?: string;

  /**
   * Annotations for the workload's own ServiceAccount, e.g. a cloud identity binding
   * (`eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`).
   *
   * @default - none
   */
  readonly serviceAccountAnnotations?: { [key: string]: string };

  /**
   * Why this workload needs its service account token mounted. Required, and only used,
   * when `automountServiceAccountToken` is true; recorded in the workload's annotations.
   *
   * @default - the token is not mounted
   */
  readonly automountServiceAccountTokenReason?: string;

  /**
   * Why this workload's pods are not isolated by a NetworkPolicy. Required, and only used, when
   * `isolate` is false; recorded in the workload's annotations as the acknowledgement of
   * NetworkPolicySelectsWorkload, so that the check (in synth and on the YAML) accepts it.
   *
   * @default - the pods are isolated
   */
  readonly isolationOffReason?: string;

  /**
   * Run the pods in a sandboxed runtime: the name of a RuntimeClass (`SandboxRuntimeClass`) the
   * app defines, checked at synthesis. NSA/CISA §"Hardening container environments": sandboxing
   * on top of least privilege.
   *
   * @default - the node's default runtime
   */
  readonly runtimeClassName?: string;

  /**
   * The `runtimeClassName` is installed by the platform, outside the app (GKE Sandbox installs
   * `gvisor`), so synthesis does not look for it among the app's objects.
   *
   * @default false
   */
  readonly runtimeClassDefinedOutsideApp?: boolean;
}
