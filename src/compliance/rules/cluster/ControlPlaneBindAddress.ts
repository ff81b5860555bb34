import { checkFlags, describeFlag, DOCS, FLAG_KINDS, missingFlag } from './flags';
import { COMPONENTS, FLAGS, LOOPBACK_ADDRESS } from '../../../standards/control-plane';
import { Rule } from '../../rule';

/** The controller manager and the scheduler serve on the loopback address only (`--bind-address=127.0.0.1`). */
export const ControlPlaneBindAddress: Rule = {
  id: 'ControlPlaneBindAddress',
  title: `kube-controller-manager and kube-scheduler run with --bind-address=${LOOPBACK_ADDRESS}`,
  fix: `set --${FLAGS.BIND_ADDRESS}=${LOOPBACK_ADDRESS}`,
  helpUri: DOCS.CONTROLLER_MANAGER,
  kinds: FLAG_KINDS,
  check: (object) => checkFlags(object, [COMPONENTS.CONTROLLER_MANAGER, COMPONENTS.SCHEDULER], (flags, findings) => {
    const bind = flags.get(FLAGS.BIND_ADDRESS);
    if (!bind) {findings.push(missingFlag(flags, FLAGS.BIND_ADDRESS, 'it serves on every interface by default', LOOPBACK_ADDRESS));} else if (bind.value !== LOOPBACK_ADDRESS) {
      findings.push({ path: bind.path, message: `${flags.where} serves beyond the node itself (${describeFlag(FLAGS.BIND_ADDRESS, bind)})`, fix: `set --${FLAGS.BIND_ADDRESS}=${LOOPBACK_ADDRESS}` });
    }
  }),
};
