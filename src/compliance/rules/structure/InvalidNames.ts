import { isConfigurationFileKind } from '../../../standards/control-plane';
import { isDns1123Label, isQualifiedName, isLabelValue, nameProblem } from '../../../standards/names';
import { asObject, isObject, JsonObject } from '../../json';
import { podSpecOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';
import { render } from '../pod-helpers';

/** What `generateName` is completed with: five lowercase alphanumerics. */
const GENERATED_SUFFIX = 'x0x0x';

/** Findings on the label and annotation keys and values of one metadata block. */
function checkLabels(metadata: JsonObject | undefined, base: string, findings: RuleFinding[]): void {
  if (!metadata) return;
  const labels = asObject(metadata.labels);
  for (const [key, value] of Object.entries(labels ?? {})) {
    const path = `${base}.labels["${key}"]`;
    if (!isQualifiedName(key)) {
      findings.push({ path, message: `label key ${JSON.stringify(key)} is not a qualified name ([prefix/]name: an optional DNS-1123 subdomain prefix, a name of at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends)` });
    }
    if (typeof value !== 'string') {
      findings.push({ path, message: `label ${JSON.stringify(key)} has the value ${render(value)}, not a string` });
    } else if (!isLabelValue(value)) {
      findings.push({ path, message: `label ${JSON.stringify(key)} has the value ${JSON.stringify(value)}: a label value is empty or at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends` });
    }
  }
  for (const [key, value] of Object.entries(asObject(metadata.annotations) ?? {})) {
    const path = `${base}.annotations["${key}"]`;
    if (!isQualifiedName(key)) findings.push({ path, message: `annotation key ${JSON.stringify(key)} is not a qualified name` });
    if (typeof value !== 'string') findings.push({ path, message: `annotation ${JSON.stringify(key)} has the value ${render(value)}, not a string` });
  }
}

/**
 * Names, namespaces, labels and annotations are what the API server accepts: `metadata.name`
 * (or `generateName`) by the rule of its kind, `metadata.namespace` a DNS-1123 label, label keys
 * and annotation keys qualified names, label values valid label values, in the object's
 * metadata and in its pod template's. A manifest the API server rejects never runs as checked.
 */
export const InvalidNames: Rule = {
  id: 'InvalidNames',
  title: 'names, namespaces, label keys and values and annotation keys are accepted by the API server',
  fix: 'rename to what the API server accepts: lowercase letters, digits and "-" (see the message for the kind\'s rule)',
  helpUri: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
  check: (object) => {
    // configuration files of the control plane and the kubelet are read from disk, never named by the API server
    if (isConfigurationFileKind(object.apiVersion, object.kind)) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    const metadata = asObject(object.json.metadata);
    const name = metadata?.name;
    const generateName = metadata?.generateName;
    if (typeof name === 'string' && name !== '') {
      const problem = nameProblem(object.kind, name);
      if (problem) findings.push({ path: 'metadata.name', message: `${object.kind} name ${JSON.stringify(name)} ${problem}` });
    } else if (typeof generateName === 'string' && generateName !== '') {
      const problem = nameProblem(object.kind, generateName + GENERATED_SUFFIX);
      if (problem) findings.push({ path: 'metadata.generateName', message: `${object.kind} generateName ${JSON.stringify(generateName)} gives names that ${problem}` });
    } else {
      findings.push({ path: 'metadata.name', message: `the ${object.kind || 'object'} has no metadata.name (nor generateName)${name === undefined ? '' : `: ${render(name)}`}` });
    }
    const namespace = metadata?.namespace;
    if (namespace !== undefined && (typeof namespace !== 'string' || (namespace !== '' && !isDns1123Label(namespace)))) {
      findings.push({ path: 'metadata.namespace', message: `namespace ${render(namespace)} must be a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)` });
    }
    checkLabels(metadata, 'metadata', findings);
    const pod = podSpecOf(object);
    if (pod && pod.metadataPath !== 'metadata' && isObject(pod.metadata)) checkLabels(pod.metadata, pod.metadataPath, findings);
    return outcome(findings);
  },
};
