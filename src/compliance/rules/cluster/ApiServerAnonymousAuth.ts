import { checkFlags, CONFIG_KINDS, configurationOf, DOCS, FLAG_KINDS } from './flags';
import { AUTHENTICATION_CONFIG_V1BETA1, APISERVER_CONFIG_API_VERSION, COMPONENTS, FLAGS, HEALTH_ENDPOINTS, parseGoBool } from '../../../standards/control-plane';
import { asArray, asObject, asString } from '../../json';
import { outcome, Rule, RuleFinding } from '../../rule';

/**
 * The API server refuses anonymous requests: `--anonymous-auth=false`, or an
 * `--authentication-config` file whose `anonymous` section is off or limited to the health
 * endpoints (`/livez`, `/readyz`, `/healthz`). Without either, anonymous requests are on
 * (the flag's default). An AuthenticationConfiguration among the objects is checked itself.
 */
export const ApiServerAnonymousAuth: Rule = {
  id: 'ApiServerAnonymousAuth',
  title: 'the API server answers anonymous requests on the health endpoints at most',
  fix: `set --${FLAGS.AUTHENTICATION_CONFIG} to an AuthenticationConfiguration whose anonymous access is limited to ${HEALTH_ENDPOINTS.join(', ')} (HardenedAuthenticationConfiguration), or --${FLAGS.ANONYMOUS_AUTH}=false`,
  helpUri: DOCS.AUTHN,
  kinds: [...FLAG_KINDS, CONFIG_KINDS.AUTHENTICATION],
  check: (object) => {
    const config = configurationOf(object, [APISERVER_CONFIG_API_VERSION, AUTHENTICATION_CONFIG_V1BETA1], CONFIG_KINDS.AUTHENTICATION);
    if (config) {
      const findings: RuleFinding[] = [];
      const anonymous = asObject(config.anonymous);
      if (!anonymous) {
        findings.push({ path: 'anonymous', message: `the configuration leaves anonymous access to --${FLAGS.ANONYMOUS_AUTH}, which is on by default` });
      } else if (anonymous.enabled === true) {
        const conditions = asArray(anonymous.conditions);
        if (conditions.length === 0) {
          findings.push({ path: 'anonymous.conditions', message: 'anonymous requests are accepted on every path' });
        }
        conditions.forEach((c, i) => {
          const path = asString(asObject(c)?.path);
          if (path === undefined || !HEALTH_ENDPOINTS.includes(path)) {
            findings.push({ path: `anonymous.conditions[${i}].path`, message: `anonymous requests are accepted on ${JSON.stringify(path)}, which is not a health endpoint` });
          }
        });
      }
      return outcome(findings);
    }
    return checkFlags(object, [COMPONENTS.API_SERVER], (flags, findings) => {
      const anonymous = flags.get(FLAGS.ANONYMOUS_AUTH);
      // read as the API server reads it (Go's ParseBool); a value it cannot read stops it, and is no false either
      if (anonymous && parseGoBool(anonymous.value) !== false) {
        findings.push({ path: anonymous.path, message: `${flags.where} accepts anonymous requests on every path (--${FLAGS.ANONYMOUS_AUTH}=${anonymous.value})` });
      } else if (!anonymous && !flags.get(FLAGS.AUTHENTICATION_CONFIG)) {
        findings.push({ path: flags.addPath, message: `${flags.where} sets neither --${FLAGS.ANONYMOUS_AUTH}=false nor --${FLAGS.AUTHENTICATION_CONFIG}: anonymous requests are accepted on every path (the default)` });
      }
    });
  },
};
