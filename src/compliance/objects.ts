import { asArray, asObject, asString, isObject, JsonObject } from './json';

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
  /** `metadata.namespace`; undefined means "the namespace of the apply". */
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

/** Kinds whose pod template sits at `spec.template`. @internal */
const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

/** Kinds that carry a pod spec, for rules that need to know. @internal */
export const POD_BEARING_KINDS: ReadonlySet<string> = new Set([...TEMPLATE_KINDS, 'Pod', 'CronJob', 'PodTemplate']);

const podSpecCache = new WeakMap<JsonObject, PodSpecRef | null>();

/**
 * Finds the pod spec of a Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
 * ReplicationController, CronJob (`spec.jobTemplate.spec.template.spec`) or PodTemplate
 * (`template.spec`). Returns undefined for other kinds or when the spec is absent.
 * @internal
 */
export function podSpecOf(object: KubeObject): PodSpecRef | undefined {
  const cached = podSpecCache.get(object.json);
  if (cached !== undefined) return cached ?? undefined;
  const found = findPodSpec(object);
  podSpecCache.set(object.json, found ?? null);
  return found;
}

function findPodSpec(object: KubeObject): PodSpecRef | undefined {
  const json = object.json;
  let metadata: unknown;
  let spec: unknown;
  let base: string;
  if (object.kind === 'Pod') {
    metadata = json.metadata;
    spec = json.spec;
    base = '';
  } else if (TEMPLATE_KINDS.has(object.kind)) {
    const template = asObject(asObject(json.spec)?.template);
    metadata = template?.metadata;
    spec = template?.spec;
    base = 'spec.template.';
  } else if (object.kind === 'CronJob') {
    const template = asObject(asObject(asObject(asObject(json.spec)?.jobTemplate)?.spec)?.template);
    metadata = template?.metadata;
    spec = template?.spec;
    base = 'spec.jobTemplate.spec.template.';
  } else if (object.kind === 'PodTemplate') {
    const template = asObject(json.template);
    metadata = template?.metadata;
    spec = template?.spec;
    base = 'template.';
  } else {
    return undefined;
  }
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
