import { checkFlags, DOCS, FLAG_KINDS, missingFlag } from './flags';
import { COMPONENTS, FLAGS } from '../../../standards/control-plane';
import { Rule } from '../../rule';

const ROTATION: ReadonlyArray<[string, string]> = [[FLAGS.AUDIT_LOG_MAXAGE, '30'], [FLAGS.AUDIT_LOG_MAXBACKUP, '10'], [FLAGS.AUDIT_LOG_MAXSIZE, '100']];

/**
 * The API server writes an audit log: `--audit-policy-file` is set (Kubescape C-0067; NSA/CISA
 * §"Audit logging and threat detection"), with a backend (`--audit-log-path` or
 * `--audit-webhook-config-file`), and a log file is rotated (`--audit-log-maxage`,
 * `--audit-log-maxbackup`, `--audit-log-maxsize`, non-zero).
 */
export const ApiServerAuditLog: Rule = {
  id: 'ApiServerAuditLog',
  title: 'kube-apiserver writes an audit log: --audit-policy-file, a backend, and rotation',
  fix: `set --${FLAGS.AUDIT_POLICY_FILE} (HardenedAuditPolicy), --${FLAGS.AUDIT_LOG_PATH} and its rotation flags`,
  helpUri: DOCS.AUDIT,
  kinds: FLAG_KINDS,
  check: (object) => checkFlags(object, [COMPONENTS.API_SERVER], (flags, findings) => {
    if (!flags.get(FLAGS.AUDIT_POLICY_FILE)?.value) {
      findings.push(missingFlag(flags, FLAGS.AUDIT_POLICY_FILE, 'without a policy the API server audits nothing', '/etc/kubernetes/audit/policy.yaml'));
    }
    const logPath = flags.get(FLAGS.AUDIT_LOG_PATH)?.value;
    if (!logPath && !flags.get(FLAGS.AUDIT_WEBHOOK_CONFIG_FILE)?.value) {
      findings.push(missingFlag(flags, FLAGS.AUDIT_LOG_PATH, `with neither a log file nor --${FLAGS.AUDIT_WEBHOOK_CONFIG_FILE}, audit events go nowhere`, '/var/log/kubernetes/audit/audit.log'));
    }
    if (logPath && logPath !== '-') {
      for (const [name, value] of ROTATION) {
        const flag = flags.get(name);
        if (!flag) findings.push(missingFlag(flags, name, 'the audit log file is not rotated, or rotated files are kept forever', value));
        else if (!/^[1-9][0-9]*$/.test(flag.value)) findings.push({ path: flag.path, message: `${flags.where} sets --${name}=${flag.value}: no limit`, fix: `set --${name}=${value}` });
      }
    }
  }),
};
