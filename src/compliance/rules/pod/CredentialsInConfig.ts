import { commandLineCredentials, isFilePath, passwordNamePart, sensitiveNamePart, sensitiveValueKind } from '../../../standards/credentials';
import { asArray, asObject, asString, isObject } from '../../json';
import { ContainerRef, describeContainer, podSpecOf } from '../../objects';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../../rule';

/** Why a named literal looks like a credential, or undefined. */
function whyNamed(name: string, value: string): string | undefined {
  const kind = sensitiveValueKind(value);
  if (kind) return `its value looks like ${kind}`;
  const part = sensitiveNamePart(name) ?? passwordNamePart(name);
  return part ? `its name contains "${part}"` : undefined;
}

/** The text of a base64 value, when it is one. */
function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('latin1');
}

function checkConfigMap(data: unknown, binaryData: unknown, findings: RuleFinding[]): void {
  for (const [key, value] of Object.entries(asObject(data) ?? {})) {
    if (typeof value !== 'string' || value === '') continue;
    const decoded = decodeBase64(value);
    const encodedKind = decoded === undefined ? undefined : sensitiveValueKind(decoded);
    const why = whyNamed(key, value) ?? (encodedKind ? `its value, base64-decoded, looks like ${encodedKind}` : undefined);
    if (why) findings.push({ path: `data["${key}"]`, message: `ConfigMap key "${key}" may hold a credential: ${why}` });
  }
  for (const [key, value] of Object.entries(asObject(binaryData) ?? {})) {
    const decoded = typeof value === 'string' ? decodeBase64(value) : undefined;
    const kind = decoded === undefined ? undefined : sensitiveValueKind(decoded);
    if (kind) findings.push({ path: `binaryData["${key}"]`, message: `ConfigMap binary key "${key}" may hold a credential: it looks like ${kind}` });
  }
}

function checkEnv(c: ContainerRef, findings: RuleFinding[]): void {
  asArray(c.json.env).forEach((e, i) => {
    if (!isObject(e)) return;
    const name = asString(e.name) ?? '';
    const value = asString(e.value);
    if (value === undefined || value === '' || isFilePath(value)) return;
    const why = whyNamed(name, value);
    if (why) findings.push({ path: `${c.path}.env[${i}].value`, message: `${describeContainer(c)} sets env ${name} as a literal: ${why}` });
  });
  asArray(c.json.envFrom).forEach((e, i) => {
    const ref = isObject(e) ? asObject(e.secretRef) : undefined;
    if (!ref) return;
    findings.push({
      path: `${c.path}.envFrom[${i}].secretRef`,
      message: `${describeContainer(c)} imports every key of Secret "${asString(ref.name) ?? ''}" into its environment (envFrom.secretRef), where child processes, crash reports and logs of the environment see them`,
      fix: 'mount the Secret as a volume, or name each variable the container needs with env[].valueFrom.secretKeyRef',
    });
  });
}

function checkCommandLine(c: ContainerRef, findings: RuleFinding[]): void {
  for (const field of ['command', 'args'] as const) {
    const list = c.json[field];
    if (!Array.isArray(list)) continue;
    for (const { index, why } of commandLineCredentials(list)) {
      findings.push({ path: `${c.path}.${field}[${index}]`, message: `${describeContainer(c)} passes a credential on its command line (${field}[${index}]): ${why}` });
    }
  }
}

/**
 * Credentials belong in Secrets, mounted as files or named one by one: flags ConfigMap keys
 * (`data`, base64 values decoded; `binaryData`) and env literals whose name or value looks like
 * a credential (Kubescape C-0012's names and values, see src/standards/credentials.ts), a whole
 * Secret imported with `envFrom.secretRef` (as Kubescape does), and credentials written into
 * `command` / `args` (flags such as `--db-password=...`, or values of a credential's form).
 * Every container, init container and ephemeral container is checked.
 */
export const CredentialsInConfig: Rule = {
  id: 'CredentialsInConfig',
  title: 'no credentials in env literals, command lines or ConfigMaps, and no Secret imported whole into the environment',
  fix: 'move the value into a Secret and reference it (a secret volume, or env[].valueFrom.secretKeyRef)',
  helpUri: 'https://hub.armosec.io/docs/c-0012',
  check: (object) => {
    const findings: RuleFinding[] = [];
    if (object.kind === 'ConfigMap' && object.apiVersion === 'v1') {
      checkConfigMap(object.json.data, object.json.binaryData, findings);
      return outcome(findings);
    }
    const pod = podSpecOf(object);
    if (!pod) return NOT_APPLICABLE;
    for (const c of pod.containers) {
      checkEnv(c, findings);
      checkCommandLine(c, findings);
    }
    return outcome(findings);
  },
};
