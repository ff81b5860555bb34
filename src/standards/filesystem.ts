// What a container's filesystem looks like to the kernel and to the programs in it: the facts
// behind the rules for writable paths, volume mounts and seccomp profile paths.
// https://refspecs.linuxfoundation.org/FHS_3.0/fhs/index.html

/**
 * Pseudo-filesystems the container runtime mounts and partly masks (`/proc/sys`, `/proc/kcore`,
 * ...). A volume at or below one of them would undo that masking, and runc refuses most of them.
 * @internal
 */
export const KERNEL_FILESYSTEMS: readonly string[] = ['/proc', '/sys', '/dev'];

/**
 * Directories of programs and libraries. A writable volume at, above or below one of them lets a
 * compromised process replace what the container runs, which a read-only root filesystem is there
 * to prevent (NSA/CISA "Immutable container file systems").
 * @internal
 */
export const PROGRAM_DIRECTORIES: readonly string[] = [
  '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32',
  '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libx32', '/usr/libexec',
  '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib',
];

/**
 * System configuration directories: a writable volume may be mounted below one of them (an
 * application's own `/etc/nginx/conf.d`), but not at or above it (`/etc/passwd`, `/etc/hosts`).
 * @internal
 */
export const CONFIGURATION_DIRECTORIES: readonly string[] = ['/etc'];

/**
 * Directories below `/etc` that programs trust without asking: the certificate trust stores
 * (TLS verification), sudo, cron, PAM, the dynamic linker, login shells, sshd and the package
 * managers' sources. A writable volume at, above or below one of them lets a compromised process
 * add a trusted CA, a sudo rule, a cron job or a library that the next program loads.
 * @internal
 */
export const TRUSTED_CONFIGURATION_DIRECTORIES: readonly string[] = [
  '/etc/ssl', '/etc/pki', '/etc/ca-certificates', '/etc/sudoers.d', '/etc/cron.d', '/etc/cron.hourly', '/etc/cron.daily',
  '/etc/cron.weekly', '/etc/cron.monthly', '/etc/crontabs', '/etc/pam.d', '/etc/security', '/etc/ld.so.conf.d', '/etc/profile.d',
  '/etc/ssh', '/etc/systemd', '/etc/init.d', '/etc/apt', '/etc/yum.repos.d', '/etc/apk',
];

function isAtOrBelow(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

function isAbove(path: string, dir: string): boolean {
  return path === '/' || dir.startsWith(`${path}/`);
}

/** A path without its trailing `/` (`/tmp/` is `/tmp`). @internal */
export function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * An absolute path as the kernel resolves it, without following links: empty and "." segments
 * dropped, ".." removing the segment before it (never above "/"), no trailing "/"
 * (`/etc/kubernetes/pki/./ca.crt` and `/etc//kubernetes/x/../pki/ca.crt` are
 * `/etc/kubernetes/pki/ca.crt`). A relative path is returned unchanged.
 * @internal
 */
export function normalizedPath(path: string): string {
  if (!path.startsWith('/')) return path;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

/**
 * Why `path` is not a normalized absolute path (`/var/cache/nginx`, or `/var/cache/nginx/`: no
 * empty, `.` or `..` segment, not `/` itself, no `:`), or undefined when it is.
 * @internal
 */
export function absolutePathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'is not an absolute path';
  const trimmed = withoutTrailingSlash(path);
  if (trimmed === '/') return 'is the root directory itself';
  if (path.includes(':')) return 'contains ":", which Kubernetes does not allow in a mount path';
  const segments = trimmed.slice(1).split('/');
  if (segments.some(s => s === '')) return 'has an empty segment ("//")';
  if (segments.some(s => s === '.' || s === '..')) return 'has a "." or ".." segment';
  return undefined;
}

/**
 * Why a mount at `path` (normalized, see `absolutePathProblem`) would reach into the kernel's
 * pseudo-filesystems, or, when `writable`, shadow programs, libraries, system configuration or the
 * configuration programs trust (`TRUSTED_CONFIGURATION_DIRECTORIES`);
 * undefined when it does neither.
 * @internal
 */
export function systemPathProblem(normalized: string, writable: boolean): string | undefined {
  const path = withoutTrailingSlash(normalized);
  const kernel = KERNEL_FILESYSTEMS.find(dir => isAtOrBelow(path, dir));
  if (kernel !== undefined) return `is in ${kernel}, a kernel pseudo-filesystem the container runtime masks`;
  if (!writable) return undefined;
  const program = PROGRAM_DIRECTORIES.find(dir => isAtOrBelow(path, dir) || isAbove(path, dir));
  if (program !== undefined) return `would make ${program} (programs and libraries) writable`;
  const config = CONFIGURATION_DIRECTORIES.find(dir => path === dir || isAbove(path, dir));
  if (config !== undefined) return `would replace ${config} (system configuration) with a writable volume`;
  const trusted = TRUSTED_CONFIGURATION_DIRECTORIES.find(dir => isAtOrBelow(path, dir) || isAbove(path, dir));
  if (trusted !== undefined) return `would make ${trusted} (configuration programs trust: certificates, sudo, cron, PAM, the dynamic linker) writable`;
  return undefined;
}

/**
 * Why `path` is not a relative path that stays below the directory it is resolved in (no
 * leading `/`, no empty, `.` or `..` segment, no trailing `/`), or undefined when it is.
 * @internal
 */
export function descendingPathProblem(path: string): string | undefined {
  if (path.trim() === '') return 'is empty';
  if (path.startsWith('/')) return 'is an absolute path';
  if (path.endsWith('/')) return 'ends with "/"';
  const segments = path.split('/');
  if (segments.some(s => s === '')) return 'has an empty segment ("//")';
  if (segments.some(s => s === '.' || s === '..')) return 'has a "." or ".." segment';
  return undefined;
}

/**
 * Volume sources the kubelet always mounts read-only: a mount of one of them cannot make a path
 * writable, whatever its `readOnly` says.
 * @internal
 */
export const READ_ONLY_VOLUME_TYPES: readonly string[] = ['configMap', 'secret', 'downwardAPI', 'projected', 'image'];
