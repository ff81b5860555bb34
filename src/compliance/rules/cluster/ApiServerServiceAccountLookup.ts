import { checkFlags, DOCS, FLAG_KINDS } from './flags';
import { COMPONENTS, FLAGS, parseGoBool } from '../../../standards/control-plane';
import { Rule } from '../../rule';

/**
 * The API server checks that a service account token's account still exists
 * (`--service-account-lookup` not false): a token of a deleted account is refused.
 */
export const ApiServerServiceAccountLookup: Rule = {
  id: 'ApiServerServiceAccountLookup',
  title: 'kube-apiserver --service-account-lookup is not false',
  fix: `remove --${FLAGS.SERVICE_ACCOUNT_LOOKUP}=false (the default is true)`,
  helpUri: DOCS.APISERVER,
  kinds: FLAG_KINDS,
  check: (object) => checkFlags(object, [COMPONENTS.API_SERVER], (flags, findings) => {
    const lookup = flags.get(FLAGS.SERVICE_ACCOUNT_LOOKUP);
    if (lookup && parseGoBool(lookup.value) === false) {
      findings.push({ path: lookup.path, message: `${flags.where} accepts tokens of deleted service accounts (--${FLAGS.SERVICE_ACCOUNT_LOOKUP}=false)` });
    }
  }),
};
