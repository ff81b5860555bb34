import { checkFlags, FLAG_KINDS, flagList, missingFlag } from './flags';
import { COMPONENTS, FLAGS, isSecureTlsVersion, isStrongCipherSuite, MIN_TLS_VERSION, STRONG_TLS12_CIPHER_SUITES } from '../../../standards/control-plane';
import { Rule } from '../../rule';

/**
 * The API server, controller manager and scheduler accept TLS 1.2 or newer and strong cipher
 * suites only (ECDHE with AES-GCM or ChaCha20-Poly1305); the API server names its suites (CIS
 * 1.2.29: Go's default list includes CBC and SHA-1 suites).
 */
export const ControlPlaneTls: Rule = {
  id: 'ControlPlaneTls',
  title: `control-plane components accept ${MIN_TLS_VERSION} or newer and strong cipher suites only`,
  fix: `set --${FLAGS.TLS_MIN_VERSION}=${MIN_TLS_VERSION} and --${FLAGS.TLS_CIPHER_SUITES}=${STRONG_TLS12_CIPHER_SUITES.join(',')}`,
  helpUri: 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/#options',
  kinds: FLAG_KINDS,
  check: (object) => checkFlags(object, [COMPONENTS.API_SERVER, COMPONENTS.CONTROLLER_MANAGER, COMPONENTS.SCHEDULER], (flags, findings) => {
    const version = flags.get(FLAGS.TLS_MIN_VERSION);
    if (version && !isSecureTlsVersion(version.value)) {
      findings.push({ path: version.path, message: `${flags.where} accepts TLS older than 1.2 (--${FLAGS.TLS_MIN_VERSION}=${version.value})`, fix: `set --${FLAGS.TLS_MIN_VERSION}=${MIN_TLS_VERSION}` });
    }
    const suites = flags.get(FLAGS.TLS_CIPHER_SUITES);
    if (!suites) {
      if (flags.component === COMPONENTS.API_SERVER) {
        findings.push(missingFlag(flags, FLAGS.TLS_CIPHER_SUITES, 'Go\'s default list includes suites without forward secrecy or with CBC', STRONG_TLS12_CIPHER_SUITES.join(',')));
      }
      return;
    }
    const weak = flagList(suites).filter(s => !isStrongCipherSuite(s));
    if (weak.length > 0) {
      findings.push({ path: suites.path, message: `${flags.where} accepts weak cipher suites: ${weak.join(', ')}` });
    }
  }),
};
