import { checkFlags, describeFlag, FLAG_KINDS, flagList, missingFlag } from './flags';
import { ALWAYS_ADMIT, COMPONENTS, FLAGS, REQUIRED_ADMISSION_PLUGINS } from '../../../standards/control-plane';
import { POD_SECURITY_PLUGIN } from '../../../standards/psa';
import { Rule } from '../../rule';

/**
 * The API server's admission plugins include NodeRestriction (a kubelet may change only its own
 * Node and its pods), never AlwaysAdmit, and Pod Security Admission is not disabled.
 */
export const ApiServerAdmissionPlugins: Rule = {
  id: 'ApiServerAdmissionPlugins',
  title: `kube-apiserver enables ${REQUIRED_ADMISSION_PLUGINS.join(', ')}, keeps ${POD_SECURITY_PLUGIN}, never enables ${ALWAYS_ADMIT}`,
  fix: `set --${FLAGS.ENABLE_ADMISSION_PLUGINS}=${REQUIRED_ADMISSION_PLUGINS.join(',')} and remove ${ALWAYS_ADMIT} and ${POD_SECURITY_PLUGIN} from the flags that name them`,
  helpUri: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction',
  kinds: FLAG_KINDS,
  check: (object) => checkFlags(object, [COMPONENTS.API_SERVER], (flags, findings) => {
    const enable = flags.get(FLAGS.ENABLE_ADMISSION_PLUGINS);
    const enabled = flagList(enable);
    const missing = REQUIRED_ADMISSION_PLUGINS.filter(p => !enabled.includes(p));
    if (!enable) {
      findings.push(missingFlag(flags, FLAGS.ENABLE_ADMISSION_PLUGINS, `${missing.join(', ')} is off by default`, REQUIRED_ADMISSION_PLUGINS.join(',')));
    } else if (missing.length > 0) {
      findings.push({ path: enable.path, message: `${flags.where} does not enable ${missing.join(', ')} (${describeFlag(FLAGS.ENABLE_ADMISSION_PLUGINS, enable)}): a kubelet could change other nodes and their pods` });
    }
    if (enable && enabled.includes(ALWAYS_ADMIT)) {
      findings.push({ path: enable.path, message: `${flags.where} enables ${ALWAYS_ADMIT}, which admits every request` });
    }
    const disable = flags.get(FLAGS.DISABLE_ADMISSION_PLUGINS);
    if (disable && flagList(disable).includes(POD_SECURITY_PLUGIN)) {
      findings.push({ path: disable.path, message: `${flags.where} disables Pod Security Admission (${describeFlag(FLAGS.DISABLE_ADMISSION_PLUGINS, disable)})` });
    }
  }),
};
