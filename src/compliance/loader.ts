import * as fs from 'fs';
import * as path from 'path';
import { asArray, asString, isObject, JsonObject } from './json';
import { KubeReadError, readKubeManifests } from './kube-reader';
import { KubeObject, toKubeObject } from './objects';

/**
 * Input that cannot be checked: unreadable, malformed, empty, binary, or not Kubernetes objects.
 * Carries the file and line so the message can point at it.
 * @internal
 */
export class ManifestError extends Error {
  constructor(public readonly file: string, public readonly line: number | undefined, public readonly problem: string) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${problem}`);
    this.name = 'ManifestError';
  }
}

/**
 * Kinds of the built-in API groups (any version). A document of a built-in group with a kind not
 * listed here is almost certainly a typo ("Deploymnet") that would otherwise escape every rule, so
 * it is refused; kinds of other groups (custom resources) are accepted and no rule applies to them.
 */
const BUILT_IN_KINDS: Record<string, readonly string[]> = {
  '': ['Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'List', 'Namespace', 'Node', 'PersistentVolume',
    'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount'],
  'apps': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'batch': ['CronJob', 'Job'],
  'networking.k8s.io': ['Ingress', 'IngressClass', 'IPAddress', 'NetworkPolicy', 'ServiceCIDR'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'policy': ['Eviction', 'PodDisruptionBudget'],
  'autoscaling': ['HorizontalPodAutoscaler', 'Scale'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass'],
  'scheduling.k8s.io': ['PriorityClass'],
  'coordination.k8s.io': ['Lease', 'LeaseCandidate'],
  'discovery.k8s.io': ['EndpointSlice'],
  'admissionregistration.k8s.io': ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'node.k8s.io': ['RuntimeClass'],
  'events.k8s.io': ['Event'],
  'apiregistration.k8s.io': ['APIService'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
};

/** Why the identity of a document is unacceptable, or undefined when it is a Kubernetes object. */
function identityProblem(json: JsonObject): string | undefined {
  const apiVersion = asString(json.apiVersion);
  const kind = asString(json.kind);
  if (!apiVersion || !kind) {
    return `not a Kubernetes object: ${!apiVersion && !kind ? 'apiVersion and kind are' : !apiVersion ? 'apiVersion is' : 'kind is'} missing`;
  }
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const known = BUILT_IN_KINDS[group];
  if (known && !known.includes(kind) && !(kind.endsWith('List') && Array.isArray(json.items))) {
    return `unknown kind "${kind}" for apiVersion "${apiVersion}" (known: ${known.join(', ')})`;
  }
  return undefined;
}

function looksBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}

type LineOf = (path: string) => number | undefined;

/**
 * Adds one document, expanding `List` objects into their items. The line of an item is looked
 * up when first read (the reader may have to parse the List again to know it).
 */
function addDocument(value: unknown, file: string, line: number | (() => number), lineOf: LineOf | undefined, out: KubeObject[]): void {
  const at = () => typeof line === 'number' ? line : line();
  if (value === null || value === undefined) return;
  if (!isObject(value)) {
    throw new ManifestError(file, at(), `not a Kubernetes object: the document is ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a mapping with apiVersion and kind`);
  }
  const problem = identityProblem(value);
  if (problem) throw new ManifestError(file, at(), problem);
  const kind = asString(value.kind) ?? '';
  if (kind.endsWith('List') && Array.isArray(value.items)) {
    asArray(value.items).forEach((item, i) => {
      const itemLineOf = lineOf ? (field: string) => lineOf(field === '' ? `items[${i}]` : `items[${i}].${field}`) : undefined;
      addDocument(item, file, () => lineOf?.(`items[${i}]`) ?? at(), itemLineOf, out);
    });
    return;
  }
  if (typeof line === 'number') {
    out.push(toKubeObject(value, { file, line, lineOf }));
  } else {
    let known: number | undefined;
    out.push(toKubeObject(value, { file, get line() { return known ??= line(); }, lineOf }));
  }
}

/**
 * Parses the text of a manifest file (multi-document YAML, or a stream of JSON objects) into
 * objects, read as Kubernetes reads them (see kube-reader.ts), with the line of each. Throws
 * `ManifestError` for anything that cannot be checked, including what kubectl refuses.
 * @internal
 */
export function parseManifestText(text: string, file: string): KubeObject[] {
  if (looksBinary(text)) throw new ManifestError(file, undefined, 'binary file, not YAML or JSON');
  if (text.replace(/^\ufeff/, '').trim() === '') throw new ManifestError(file, 1, 'empty file: no Kubernetes objects');
  let docs;
  try {
    docs = readKubeManifests(text, { lines: true });
  } catch (e) {
    if (e instanceof KubeReadError) throw new ManifestError(file, e.line, `malformed ${e.json ? 'JSON' : 'YAML'}: ${e.message}`);
    throw e;
  }
  const out: KubeObject[] = [];
  for (const doc of docs) addDocument(doc.value, file, doc.line, doc.lineOf, out);
  if (out.length === 0) throw new ManifestError(file, 1, 'no Kubernetes objects in the file (only empty documents or comments)');
  return out;
}

/** A file's bytes as text, as kubectl decodes them (UTF-16 with a byte order mark, else UTF-8). */
function decodeFile(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('utf-8');
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

function collectFiles(target: string, files: string[]): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new ManifestError(target, undefined, 'no such file or directory');
  }
  if (stat.isDirectory()) {
    const before = files.length;
    for (const entry of fs.readdirSync(target).sort()) {
      if (entry.startsWith('.') || entry === 'node_modules') continue;
      const child = path.join(target, entry);
      const childStat = fs.statSync(child);
      if (childStat.isDirectory()) collectFiles(child, files);
      else if (MANIFEST_EXTENSIONS.includes(path.extname(entry).toLowerCase())) files.push(child);
    }
    if (files.length === before) throw new ManifestError(target, undefined, 'directory holds no .yaml, .yml or .json files');
  } else {
    files.push(target);
  }
}

/**
 * Reads files and folders (recursively: `.yaml`, `.yml`, `.json`) into objects.
 * Throws `ManifestError` on the first input that cannot be checked.
 * @internal
 */
export function loadPaths(paths: readonly string[]): { objects: KubeObject[]; files: string[] } {
  const files: string[] = [];
  for (const p of paths) collectFiles(p, files);
  const objects: KubeObject[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = decodeFile(fs.readFileSync(file));
    } catch (e) {
      throw new ManifestError(file, undefined, `cannot read: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const o of parseManifestText(text, file)) objects.push(o);
  }
  return { objects, files };
}
