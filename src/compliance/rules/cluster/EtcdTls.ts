import { apiServerFlagsNear, checkFlags, ComponentFlags, DOCS, FLAG_KINDS, flagList, missingFlag } from './flags';
import { COMPONENTS, FLAGS, parseGoBool } from '../../../standards/control-plane';
import { normalizedPath } from '../../../standards/filesystem';
import { KubeObject } from '../../objects';
import { Rule, RuleContext, RuleFinding } from '../../rule';

const REQUIRED_FILES: ReadonlyArray<[string, string]> = [
  [FLAGS.ETCD_CERT_FILE, 'etcd serves clients without TLS'],
  [FLAGS.ETCD_KEY_FILE, 'etcd serves clients without TLS'],
  [FLAGS.ETCD_TRUSTED_CA_FILE, 'etcd cannot verify client certificates'],
  [FLAGS.ETCD_PEER_CERT_FILE, 'etcd members talk to each other without TLS'],
  [FLAGS.ETCD_PEER_KEY_FILE, 'etcd members talk to each other without TLS'],
  [FLAGS.ETCD_PEER_TRUSTED_CA_FILE, 'etcd cannot verify its peers'],
];
const REQUIRED_TRUE = [FLAGS.ETCD_CLIENT_CERT_AUTH, FLAGS.ETCD_PEER_CLIENT_CERT_AUTH];
const FORBIDDEN_TRUE = [FLAGS.ETCD_AUTO_TLS, FLAGS.ETCD_PEER_AUTO_TLS];
const API_SERVER_ETCD_FILES = [FLAGS.ETCD_CAFILE, FLAGS.ETCD_CERTFILE, FLAGS.ETCD_KEYFILE];

/** Whether two flag values name the same file, however spelled (`/etc/kubernetes/pki/./ca.crt`). */
function sameFile(a: string, b: string): boolean {
  return normalizedPath(a) === normalizedPath(b);
}

function checkEtcd(flags: ComponentFlags, apiServer: ComponentFlags | undefined, findings: RuleFinding[]): void {
  for (const [name, why] of REQUIRED_FILES) {
    if (!flags.get(name)?.value) findings.push(missingFlag(flags, name, why, `<certificates>/etcd/${name.replace(/-file$/, '')}`));
  }
  for (const name of REQUIRED_TRUE) {
    const flag = flags.get(name);
    if (parseGoBool(flag?.value) !== true) {
      findings.push({ path: flag?.path ?? flags.addPath, message: `${flags.where} does not require client certificates (--${name}${flag ? `=${flag.value}` : ' is not set'})`, fix: `set --${name}=true` });
    }
  }
  for (const name of FORBIDDEN_TRUE) {
    const flag = flags.get(name);
    if (flag && parseGoBool(flag.value) === true) {
      findings.push({ path: flag.path, message: `${flags.where} uses self-signed certificates nobody can verify (--${name}=true)`, fix: `remove --${name}` });
    }
  }
  const trusted = flags.get(FLAGS.ETCD_TRUSTED_CA_FILE);
  const clusterCa = apiServer?.get(FLAGS.CLIENT_CA_FILE);
  if (trusted && clusterCa && sameFile(trusted.value, clusterCa.value)) {
    findings.push({
      path: trusted.path,
      message: `${flags.where} trusts the cluster CA (${trusted.value}), which signs every kubelet's and user's client certificate: each of them could read and write etcd directly`,
      fix: 'give etcd a CA of its own (kubeadm: <certificatesDir>/etcd/ca.crt)',
    });
  }
}

function checkApiServer(flags: ComponentFlags, findings: RuleFinding[]): void {
  for (const name of API_SERVER_ETCD_FILES) {
    if (!flags.get(name)?.value) findings.push(missingFlag(flags, name, 'the API server cannot reach etcd over mutual TLS', `<certificates>/${name.replace(/^etcd-/, 'apiserver-etcd-client.')}`));
  }
  const servers = flags.get(FLAGS.ETCD_SERVERS);
  const plain = flagList(servers).filter(s => !s.startsWith('https://'));
  if (servers && plain.length > 0) {
    findings.push({ path: servers.path, message: `${flags.where} reaches etcd without TLS: ${plain.join(', ')}`, fix: 'use https:// etcd endpoints' });
  }
  const ca = flags.get(FLAGS.ETCD_CAFILE);
  const clusterCa = flags.get(FLAGS.CLIENT_CA_FILE);
  if (ca && clusterCa && sameFile(ca.value, clusterCa.value)) {
    findings.push({
      path: ca.path,
      message: `${flags.where} trusts the cluster CA for etcd (--${FLAGS.ETCD_CAFILE}=${ca.value} is also --${FLAGS.CLIENT_CA_FILE}): etcd should have a CA of its own`,
      fix: 'sign etcd\'s certificates with a separate CA and point --etcd-cafile at it',
    });
  }
}

/**
 * etcd speaks mutual TLS under a CA of its own (NSA/CISA v1.1 §"Control plane hardening":
 * TLS between etcd and the API server, a separate CA for etcd): server and peer certificates,
 * client and peer certificate authentication on, no self-signed auto TLS, a trusted CA that is
 * not the cluster CA; and the API server reaches it over `https://` with a client certificate.
 * Reads the etcd and kube-apiserver static pods and kubeadm ClusterConfigurations (local or
 * external etcd).
 */
export const EtcdTls: Rule = {
  id: 'EtcdTls',
  title: 'etcd and the API server use mutual TLS under a separate etcd CA',
  fix: 'keep kubeadm\'s etcd TLS (client-cert-auth, peer-client-cert-auth, certificates under <certificatesDir>/etcd) and reach etcd over https with --etcd-cafile/--etcd-certfile/--etcd-keyfile',
  helpUri: DOCS.ETCD,
  kinds: FLAG_KINDS,
  check: (object: KubeObject, context: RuleContext) => checkFlags(object, [COMPONENTS.ETCD, COMPONENTS.API_SERVER], (flags, findings) => {
    if (flags.component === COMPONENTS.ETCD) checkEtcd(flags, apiServerFlagsNear(object, context), findings);
    else checkApiServer(flags, findings);
  }),
};
