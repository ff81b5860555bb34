import { asArray, asObject, asString, dig, isObject, JsonObject } from './json';
import { CUSTOM_POD_TEMPLATE_PATHS, DEFAULT_NAMESPACE, isBuiltInGroup, POD_TEMPLATE_PATHS } from '../standards/kinds';

/**
 * Where an object came from: a file and line (command line), or a construct path (synth).
 * @internal
 */
export interface ObjectOrigin {
  readonly file?: string;
  /** Line of the object's first field. */
  readonly line?: number;
  readonly constructPath?: string;
  /** Line of a field of the object, by path (`spec.containers[0].image`), when the input was YAML. */
  readonly lineOf?: (path: string) => number | undefined;
}

/**
 * One Kubernetes object under check: its synthesized JSON and the identity fields read from it.
 * @internal
 */
export interface KubeObject {
  readonly json: JsonObject;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace`; undefined when unset (cross-object rules take it as `default`). */
  readonly namespace?: string;
  readonly origin: ObjectOrigin;
}

/** @internal */
export function toKubeObject(json: JsonObject, origin: ObjectOrigin = {}): KubeObject {
  const metadata = asObject(json.metadata);
  return {
    json,
    apiVersion: asString(json.apiVersion) ?? '',
    kind: asString(json.kind) ?? '',
    name: asString(metadata?.name) ?? asString(metadata?.generateName) ?? '',
    namespace: asString(metadata?.namespace) || undefined,
    origin,
  };
}

/**
 * The namespace an object is related to by cross-object rules: its `metadata.namespace`, or
 * `default` when it has none (as `kubectl apply` without `-n` and Kubescape take it).
 * @internal
 */
export function namespaceOf(namespace: string | undefined): string {
  return namespace ?? DEFAULT_NAMESPACE;
}

/** `Kind namespace/name`, for messages. @internal */
export function describeObject(o: { kind: string; name: string; namespace?: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name || '<unnamed>'}`;
}

/** The three lists of containers a pod can have, in the order the admission controller reads them. @internal */
export const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** @internal */
export type ContainerList = typeof CONTAINER_LISTS[number];

/** One container of a pod spec, with its JSON path. @internal */
export interface ContainerRef {
  readonly list: ContainerList;
  readonly index: number;
  readonly name: string;
  readonly json: JsonObject;
  /** e.g. `spec.template.spec.containers[0]` */
  readonly path: string;
  readonly securityContext?: JsonObject;
}

/** The pod spec inside an object, wherever the kind keeps it. @internal */
export interface PodSpecRef {
  readonly spec: JsonObject;
  /** e.g. `spec.template.spec` */
  readonly path: string;
  /** Metadata of the pod (the Pod's own, or the template's). */
  readonly metadata?: JsonObject;
  readonly metadataPath: string;
  readonly securityContext?: JsonObject;
  readonly containers: readonly ContainerRef[];
  /** `spec.os.name` is `windows`: Linux-only restricted controls do not apply. */
  readonly windows: boolean;
}

/** Kinds that carry a pod spec at a known path, for rules that need to know. @internal */
export const POD_BEARING_KINDS: ReadonlySet<string> = new Set(Object.keys(POD_TEMPLATE_PATHS));

/**
 * The pod spec found last, by the object's JSON: the engine runs every rule on one object before
 * the next, so one entry serves them all, and a large repository's pod specs are not all kept.
 */
let lastJson: JsonObject | undefined;
let lastPodSpec: PodSpecRef | undefined;

/**
 * Finds the pod spec of an object, wherever its kind keeps it: a Pod's own `spec`; the template of
 * a Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController (`spec.template`),
 * CronJob (`spec.jobTemplate.spec.template`) or PodTemplate (`template`); and for kinds of other
 * API groups (custom resources such as Argo Rollout, Knative Service, OpenKruise CloneSet), a
 * template at `spec.template` or `spec.jobTemplate.spec.template` whose `spec.containers` is a
 * list. Returns undefined for other kinds or when the spec is absent.
 * @internal
 */
export function podSpecOf(object: KubeObject): PodSpecRef | undefined {
  if (object.json !== lastJson) {
    lastPodSpec = findPodSpec(object);
    lastJson = object.json;
  }
  return lastPodSpec;
}

/** The template (metadata + spec holder) at a path, when its spec is an object. */
function templateAt(json: JsonObject, keys: readonly string[]): JsonObject | undefined {
  const template = keys.length === 0 ? json : asObject(dig(json, ...keys));
  return template && isObject(template.spec) ? template : undefined;
}

function findPodSpec(object: KubeObject): PodSpecRef | undefined {
  const json = object.json;
  let keys: readonly string[] | undefined = Object.prototype.hasOwnProperty.call(POD_TEMPLATE_PATHS, object.kind)
    ? POD_TEMPLATE_PATHS[object.kind] : undefined;
  if (!keys) {
    if (isBuiltInGroup(object.apiVersion)) return undefined;
    keys = CUSTOM_POD_TEMPLATE_PATHS.find(k => Array.isArray(asObject(templateAt(json, k)?.spec)?.containers));
    if (!keys) return undefined;
  }
  const template = templateAt(json, keys);
  if (!template) return undefined;
  const metadata = template.metadata;
  const spec = template.spec;
  const base = keys.map(k => `${k}.`).join('');
  if (!isObject(spec)) return undefined;
  const path = `${base}spec`;
  const containers: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    asArray(spec[list]).forEach((c, index) => {
      if (!isObject(c)) return;
      containers.push({
        list,
        index,
        name: asString(c.name) ?? `#${index}`,
        json: c,
        path: `${path}.${list}[${index}]`,
        securityContext: asObject(c.securityContext),
      });
    });
  }
  return {
    spec,
    path,
    metadata: asObject(metadata),
    metadataPath: `${base}metadata`,
    securityContext: asObject(spec.securityContext),
    containers,
    windows: asString(asObject(spec.os)?.name) === 'windows',
  };
}

/** `container "web"` / `init container "setup"` / `ephemeral container "debug"`. @internal */
export function describeContainer(c: ContainerRef): string {
  const label = c.list === 'containers' ? 'container' : c.list === 'initContainers' ? 'init container' : 'ephemeral container';
  return `${label} "${c.name}"`;
}
