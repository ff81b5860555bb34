import { normalizedPath, READ_ONLY_VOLUME_TYPES, systemPathProblem } from '../../../standards/filesystem';
import { asArray, asObject, asString } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod } from '../pod-helpers';

/**
 * A read-only root filesystem stays read-only where it matters: no volume is mounted writable at,
 * above or below a directory of programs or libraries (`/usr/bin`, `/lib`...), over `/etc`, or at
 * a configuration directory programs trust (`/etc/ssl`, `/etc/sudoers.d`, `/etc/cron.d`...), and
 * no volume at all in a kernel pseudo-filesystem (`/proc`, `/sys`, `/dev`).
 * Paths are read as the kernel resolves them (`/etc/./ssl` is `/etc/ssl`). A mount is writable
 * unless it says `readOnly: true` or its volume is of a type the kubelet mounts read-only
 * (configMap, secret, downwardAPI, projected, image). The paths are those the hardened
 * workloads refuse (src/standards/filesystem.ts).
 */
export const WritableSystemPaths: Rule = {
  id: 'WritableSystemPaths',
  title: 'no writable volume over programs, libraries or system configuration, and none in /proc, /sys or /dev',
  fix: 'mount writable volumes at the application\'s own directories ("/tmp", "/var/cache/app"); mount configuration read-only (readOnly: true, or a ConfigMap)',
  helpUri: 'https://kubernetes.io/docs/concepts/storage/volumes/',
  check: (object) => checkPod(object, (pod, findings) => {
    const readOnlyVolumes = new Set<string>();
    for (const v of asArray(pod.spec.volumes)) {
      const volume = asObject(v) ?? {};
      const types = Object.keys(volume).filter(k => k !== 'name' && volume[k] !== undefined && volume[k] !== null);
      if (types.length > 0 && types.every(t => READ_ONLY_VOLUME_TYPES.includes(t))) readOnlyVolumes.add(asString(volume.name) ?? '');
    }
    for (const c of pod.containers) {
      asArray(c.json.volumeMounts).forEach((m, i) => {
        const mount = asObject(m) ?? {};
        const path = asString(mount.mountPath) ?? '';
        if (!path.startsWith('/')) return; // the API server refuses a relative mount path
        const writable = mount.readOnly !== true && !readOnlyVolumes.has(asString(mount.name) ?? '');
        const why = systemPathProblem(normalizedPath(path), writable);
        if (why) {
          findings.push({ path: `${c.path}.volumeMounts[${i}].mountPath`, message: `${describeContainer(c)} mounts volume "${asString(mount.name) ?? ''}"${writable ? ' writable' : ''} at ${path}, which ${why}` });
        }
      });
    }
  }),
};
