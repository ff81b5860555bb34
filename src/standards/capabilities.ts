// Linux capabilities as container runtimes read `securityContext.capabilities.add`.
// https://man7.org/linux/man-pages/man7/capabilities.7.html

/**
 * Capabilities that make a container as good as privileged: Kubescape's C-0057 "Privileged
 * container" (regolibrary rule rule-privilege-escalation) counts an added `SYS_ADMIN` like
 * `privileged: true`. `ALL` adds it too.
 * @internal
 */
export const PRIVILEGED_EQUIVALENT_CAPABILITIES: readonly string[] = ['SYS_ADMIN'];

/** The capability that stands for every capability in `capabilities.add`. @internal */
export const ALL_CAPABILITIES = 'ALL';

/**
 * A capability name as runtimes compare it: upper case, without the `CAP_` prefix that
 * CRI-O and Docker accept (`cap_sys_admin` → `SYS_ADMIN`).
 * @internal
 */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}
