import { checkFlags, describeFlag, FLAG_KINDS, flagList } from './flags';
import { ALWAYS_ALLOW, COMPONENTS, FLAGS, REQUIRED_AUTHORIZATION_MODES } from '../../../standards/control-plane';
import { Rule } from '../../rule';

/**
 * The API server authorizes every request: `--authorization-mode` includes Node (kubelets reach
 * only their own pods' objects) and RBAC, and never AlwaysAllow (the default when neither
 * `--authorization-mode` nor `--authorization-config` is set).
 */
export const ApiServerAuthorizationMode: Rule = {
  id: 'ApiServerAuthorizationMode',
  title: `kube-apiserver --authorization-mode includes ${REQUIRED_AUTHORIZATION_MODES.join(' and ')}, never ${ALWAYS_ALLOW}`,
  fix: `set --${FLAGS.AUTHORIZATION_MODE}=${REQUIRED_AUTHORIZATION_MODES.join(',')}`,
  helpUri: 'https://kubernetes.io/docs/reference/access-authn-authz/authorization/',
  kinds: FLAG_KINDS,
  check: (object) => checkFlags(object, [COMPONENTS.API_SERVER], (flags, findings) => {
    const mode = flags.get(FLAGS.AUTHORIZATION_MODE);
    if (!mode) {
      if (!flags.get(FLAGS.AUTHORIZATION_CONFIG)) {
        findings.push({ path: flags.addPath, message: `${flags.where} sets neither --${FLAGS.AUTHORIZATION_MODE} nor --${FLAGS.AUTHORIZATION_CONFIG}: every request is allowed (${ALWAYS_ALLOW}, the default)` });
      }
      return;
    }
    const modes = flagList(mode);
    if (modes.includes(ALWAYS_ALLOW)) {
      findings.push({ path: mode.path, message: `${flags.where} allows every request (${describeFlag(FLAGS.AUTHORIZATION_MODE, mode)})` });
    }
    const missing = REQUIRED_AUTHORIZATION_MODES.filter(m => !modes.includes(m));
    if (missing.length > 0) {
      findings.push({ path: mode.path, message: `${flags.where} does not use the ${missing.join(' and ')} authorizer${missing.length > 1 ? 's' : ''} (${describeFlag(FLAGS.AUTHORIZATION_MODE, mode)})` });
    }
  }),
};
