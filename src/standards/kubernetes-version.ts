// Kubernetes minor versions as Pod Security Admission names them: `latest` or `v1.NN`.

/** The syntax of a Pod Security Admission version label value. @internal */
export const PSA_VERSION_SYNTAX = /^(latest|v1\.(0|[1-9][0-9]*))$/;

/**
 * The newest Kubernetes minor version whose Pod Security Standards this library knows (1.NN).
 * Versions newer than this are evaluated as this one, as Pod Security Admission evaluates
 * versions newer than its own as `latest`.
 * @internal
 */
export const LATEST_KNOWN_MINOR = 37;

/** `v1.37` for minor 37. @internal */
export function versionName(minor: number): string {
  return `v1.${minor}`;
}

/** The newest version this library knows, as a label value (`v1.37`). @internal */
export const LATEST_KNOWN_VERSION = versionName(LATEST_KNOWN_MINOR);

/**
 * The Kubernetes minor version (1.NN) a PSA version label value means: `latest` is the newest
 * known, `v1.NN` is NN, capped at the newest known. Undefined when the text is not a version.
 * @internal
 */
export function parsePsaVersion(text: string): number | undefined {
  const m = PSA_VERSION_SYNTAX.exec(text);
  if (!m) return undefined;
  if (m[1] === 'latest') return LATEST_KNOWN_MINOR;
  return Math.min(Number(m[2]), LATEST_KNOWN_MINOR);
}

/** A Kubernetes release as kubeadm's `kubernetesVersion` takes it: `v1.NN.P`. @internal */
export const KUBERNETES_RELEASE_SYNTAX = /^v1\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/** The minor version (1.NN) of a `v1.NN.P` release, or undefined when the text is not one. @internal */
export function releaseMinor(release: string): number | undefined {
  const m = KUBERNETES_RELEASE_SYNTAX.exec(release);
  return m ? Number(m[1]) : undefined;
}
