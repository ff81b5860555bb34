import { CONFIG_KINDS, configurationOf, DOCS } from './flags';
import { isSecureTlsVersion, isStrongCipherSuite, KUBELET_API_VERSION, MIN_TLS_VERSION } from '../../../standards/control-plane';
import { asArray, asString } from '../../json';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/**
 * The kubelet's TLS: version 1.2 or newer, strong cipher suites named (CIS 4.2.13), client
 * certificate rotation not turned off, and a serving certificate the API server can verify
 * (`serverTLSBootstrap`, or `tlsCertFile` from your CA) rather than a self-signed one.
 */
export const KubeletTls: Rule = {
  id: 'KubeletTls',
  title: 'KubeletConfiguration uses TLS 1.2+, strong cipher suites and rotated, verifiable certificates',
  fix: `set tlsMinVersion: ${MIN_TLS_VERSION}, tlsCipherSuites to ECDHE suites with AES-GCM or ChaCha20-Poly1305, rotateCertificates: true and serverTLSBootstrap: true`,
  helpUri: DOCS.KUBELET,
  kinds: [CONFIG_KINDS.KUBELET],
  check: (object) => {
    const config = configurationOf(object, [KUBELET_API_VERSION], CONFIG_KINDS.KUBELET);
    if (!config) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    const version = asString(config.tlsMinVersion);
    if (version !== undefined && !isSecureTlsVersion(version)) {
      findings.push({ path: 'tlsMinVersion', message: `the kubelet accepts TLS older than 1.2 (${version})` });
    }
    const suites = asArray(config.tlsCipherSuites).map(s => asString(s) ?? '');
    if (suites.length === 0) {
      findings.push({ path: 'tlsCipherSuites', message: 'the kubelet accepts Go\'s default cipher suites, including ones without forward secrecy' });
    }
    const weak = suites.filter(s => !isStrongCipherSuite(s));
    if (weak.length > 0) findings.push({ path: 'tlsCipherSuites', message: `the kubelet accepts weak cipher suites: ${weak.join(', ')}` });
    if (config.rotateCertificates === false) {
      findings.push({ path: 'rotateCertificates', message: 'the kubelet does not renew its client certificate: it stops working when the certificate expires, or lives with a long-lived one' });
    }
    if (config.serverTLSBootstrap !== true && !asString(config.tlsCertFile)) {
      findings.push({ path: 'serverTLSBootstrap', message: 'the kubelet serves with a self-signed certificate the API server cannot verify' });
    }
    return outcome(findings);
  },
};
