import { asArray, asString, isObject } from '../../json';
import { Rule } from '../../rule';
import { checkPod, PSS_URI } from '../pod-helpers';

/** The namespaced sysctls the baseline profile allows (current release). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

/** Only the safe, namespaced sysctls may be set. */
export const Sysctls: Rule = {
  id: 'Sysctls',
  title: 'securityContext.sysctls holds only the safe set',
  fix: `remove the sysctl; allowed: ${[...SAFE_SYSCTLS].join(', ')}`,
  helpUri: `${PSS_URI}#baseline`,
  check: (object) => checkPod(object, (pod, findings) => {
    asArray(pod.securityContext?.sysctls).forEach((s, i) => {
      const name = isObject(s) ? asString(s.name) : undefined;
      if (!name || !SAFE_SYSCTLS.has(name)) {
        findings.push({ path: `${pod.path}.securityContext.sysctls[${i}].name`, message: `the pod sets the unsafe sysctl ${JSON.stringify(name ?? s)}` });
      }
    });
  }),
};
