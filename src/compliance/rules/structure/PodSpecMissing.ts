import { POD_TEMPLATE_PATHS } from '../../../standards/kinds';
import { dig, isObject } from '../../json';
import { podSpecOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule } from '../../rule';

/**
 * A built-in kind that carries a pod (Pod, Deployment, ..., CronJob) has its pod spec: without
 * one no pod rule can say anything, so "no finding" would be a verdict on nothing (the API
 * server refuses such an object, but a checker must not call it clean).
 */
export const PodSpecMissing: Rule = {
  id: 'PodSpecMissing',
  title: 'every object of a pod-carrying kind has a pod spec',
  fix: 'give the object its pod spec (a Pod\'s spec, a workload\'s spec.template.spec), or remove it',
  helpUri: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec',
  check: (object) => {
    if (!Object.prototype.hasOwnProperty.call(POD_TEMPLATE_PATHS, object.kind)) return NOT_APPLICABLE;
    if (podSpecOf(object)) return outcome([]);
    const keys = [...POD_TEMPLATE_PATHS[object.kind], 'spec'];
    const found = dig(object.json, ...keys);
    return outcome([{
      path: keys.join('.'),
      message: found === undefined || found === null
        ? `the ${object.kind} has no ${keys.join('.')}: it runs nothing this check can judge`
        : `the ${object.kind}'s ${keys.join('.')} is ${isObject(found) ? 'unreadable' : `a ${Array.isArray(found) ? 'list' : typeof found}, not an object`}`,
    }]);
  },
};
