import { checkFlags, DOCS, FLAG_KINDS, missingFlag } from './flags';
import { COMPONENTS, FLAGS, parseGoBool } from '../../../standards/control-plane';
import { Rule } from '../../rule';

/** The API server, controller manager and scheduler serve no profiling endpoints (`--profiling=false`; on by default). */
export const ControlPlaneProfiling: Rule = {
  id: 'ControlPlaneProfiling',
  title: 'kube-apiserver, kube-controller-manager and kube-scheduler run with --profiling=false',
  fix: `set --${FLAGS.PROFILING}=false`,
  helpUri: DOCS.APISERVER,
  kinds: FLAG_KINDS,
  check: (object) => checkFlags(object, [COMPONENTS.API_SERVER, COMPONENTS.CONTROLLER_MANAGER, COMPONENTS.SCHEDULER], (flags, findings) => {
    const profiling = flags.get(FLAGS.PROFILING);
    if (!profiling) findings.push(missingFlag(flags, FLAGS.PROFILING, 'profiling (/debug/pprof) is on by default and reveals program internals', 'false'));
    else if (parseGoBool(profiling.value) !== false) findings.push({ path: profiling.path, message: `${flags.where} serves profiling endpoints (--${FLAGS.PROFILING}=${profiling.value})`, fix: `set --${FLAGS.PROFILING}=false` });
  }),
};
