import { parseQuantity } from '../../../standards/quantity';
import { asObject, asString } from '../../json';
import { describeContainer } from '../../objects';
import { Rule } from '../../rule';
import { checkPod, render } from '../pod-helpers';

/**
 * A rule requiring `resources.limits.<resource>` on every container and init container
 * (ephemeral containers cannot have resources).
 * @internal
 */
export function limitRule(id: string, resource: 'cpu' | 'memory', control: string): Rule {
  return {
    id,
    title: `resources.limits.${resource} is set on every container and init container`,
    fix: `set resources.limits.${resource} (and requests) on the container, e.g. ${resource === 'cpu' ? '"500m"' : '"256Mi"'}`,
    helpUri: `https://hub.armosec.io/docs/${control.toLowerCase()}`,
    check: (object) => checkPod(object, (pod, findings) => {
      for (const c of pod.containers) {
        if (c.list === 'ephemeralContainers') continue;
        const value = asObject(asObject(c.json.resources)?.limits)?.[resource];
        const path = `${c.path}.resources.limits.${resource}`;
        if (value === undefined || value === null) {
          findings.push({ path, message: `${describeContainer(c)} has no ${resource} limit` });
          continue;
        }
        const quantity = typeof value === 'number' ? value : parseQuantity(asString(value) ?? '');
        if (quantity === undefined || !(quantity > 0)) {
          findings.push({ path, message: `${describeContainer(c)} has an invalid ${resource} limit ${render(value)}` });
        }
      }
    }),
  };
}
