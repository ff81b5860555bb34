import { checkFlags, DOCS, FLAG_KINDS } from './flags';
import { COMPONENTS, FLAGS } from '../../../standards/control-plane';
import { Rule } from '../../rule';

/**
 * The API server serves no plaintext, unauthenticated port: `--insecure-port` is unset or 0
 * (Kubescape C-0005; the flag is gone since 1.24, where it may only be 0).
 */
export const ApiServerInsecurePort: Rule = {
  id: 'ApiServerInsecurePort',
  title: 'kube-apiserver --insecure-port is unset or 0',
  fix: 'remove --insecure-port (or set it to 0); clients reach the API server on its TLS port only',
  helpUri: DOCS.APISERVER,
  kinds: FLAG_KINDS,
  check: (object) => checkFlags(object, [COMPONENTS.API_SERVER], (flags, findings) => {
    const port = flags.get(FLAGS.INSECURE_PORT);
    if (port && port.value !== '0') {
      findings.push({ path: port.path, message: `${flags.where} serves the API without TLS and without authentication on port ${port.value} (--${FLAGS.INSECURE_PORT}=${port.value})` });
    }
  }),
};
