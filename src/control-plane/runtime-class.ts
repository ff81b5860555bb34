import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { describeValue, invalidInput } from '../errors';
import { KATA_POD_OVERHEAD, RUNTIME_CLASS_API_VERSION, SANDBOX_HANDLERS } from '../standards/control-plane';
import { isDns1123Label } from '../standards/names';
import { validateDnsSubdomain, validateQuantity } from '../validation';

/**
 * A sandboxed container runtime: the pod's containers run on their own kernel (gVisor's
 * user-space kernel, or a Kata lightweight VM) instead of sharing the node's, so a kernel exploit
 * escapes only the sandbox (NSA/CISA §"Hardening container environments").
 */
export class SandboxRuntime {
  /** gVisor (`runsc`): an application kernel in user space; low overhead, some syscalls unsupported. */
  public static readonly GVISOR = new SandboxRuntime(SANDBOX_HANDLERS.GVISOR, 'gvisor', false);
  /** Kata Containers: each pod in a lightweight VM; a full Linux kernel, more memory per pod. */
  public static readonly KATA = new SandboxRuntime(SANDBOX_HANDLERS.KATA, 'kata', true);

  /**
   * A sandboxed runtime under another handler name (the runtime's name in the containerd or
   * CRI-O configuration, e.g. `kata-qemu`).
   */
  public static handler(handler: string, defaultName: string): SandboxRuntime {
    return new SandboxRuntime(handler, defaultName, false);
  }

  private constructor(
    /** The CRI handler. */
    public readonly handlerName: string,
    /** The RuntimeClass name used when none is given. */
    public readonly defaultName: string,
    /** Whether each pod pays a VM's fixed overhead. @internal */
    public readonly _vm: boolean,
  ) {}
}

/** The resources every pod of a runtime class costs on top of its containers. */
export interface RuntimeOverheadOptions {
  /** CPU, e.g. `250m`. @default - none */
  readonly cpu?: string;
  /** Memory, e.g. `160Mi`. @default - none */
  readonly memory?: string;
}

/**
 * Props for `SandboxRuntimeClass`.
 */
export interface SandboxRuntimeClassProps {
  /** The runtime. @default SandboxRuntime.GVISOR */
  readonly runtime?: SandboxRuntime;
  /** The RuntimeClass's name, which workloads give as `runtimeClassName`. @default - "gvisor" or "kata" */
  readonly name?: string;
  /**
   * Labels of the nodes that have the runtime installed: pods of this class are scheduled there only.
   * @default - every node has it
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * What each pod costs on top of its containers, counted by the scheduler and by quotas.
   * @default - none for gVisor; for Kata, CPU 250m and memory 160Mi (the VM)
   */
  readonly overhead?: RuntimeOverheadOptions;
}

/**
 * A `RuntimeClass` (`node.k8s.io/v1`) for a sandboxed runtime. It is an API object: create it in
 * the chart of your workloads (it goes to `kubectl apply`), and run a hardened workload in it with
 * `runtimeClassName` (checked against the RuntimeClasses the app defines).
 *
 * @see https://kubernetes.io/docs/concepts/containers/runtime-class/
 */
export class SandboxRuntimeClass extends Construct {
  /** The RuntimeClass's name. */
  public readonly runtimeClassName: string;
  /** The RuntimeClass object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: SandboxRuntimeClassProps = {}) {
    super(scope, id);
    const runtime = props.runtime ?? SandboxRuntime.GVISOR;
    validateDnsLabelLike(this, 'runtime.handlerName', runtime.handlerName);
    this.runtimeClassName = validateDnsSubdomain(this, 'name', props.name ?? runtime.defaultName);
    const overhead = props.overhead ?? (runtime._vm ? KATA_POD_OVERHEAD : {});
    const podFixed: Record<string, string> = {};
    if (overhead.cpu !== undefined) podFixed.cpu = validateQuantity(this, 'overhead.cpu', overhead.cpu);
    if (overhead.memory !== undefined) podFixed.memory = validateQuantity(this, 'overhead.memory', overhead.memory);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: RUNTIME_CLASS_API_VERSION,
      kind: 'RuntimeClass',
      metadata: { name: this.runtimeClassName },
      handler: runtime.handlerName,
      overhead: Object.keys(podFixed).length > 0 ? { podFixed } : undefined,
      scheduling: props.nodeSelector && Object.keys(props.nodeSelector).length > 0 ? { nodeSelector: props.nodeSelector } : undefined,
    });
  }
}

function validateDnsLabelLike(scope: IConstruct, field: string, handler: string): void {
  if (!isDns1123Label(handler)) {
    throw invalidInput(scope, field, 'a RuntimeClass handler is a DNS-1123 label', handler, 'use the runtime\'s name in the containerd or CRI-O configuration, e.g. "runsc"');
  }
}

/**
 * Checks a workload's `runtimeClassName`: a valid name now, and at synthesis a RuntimeClass of
 * that name among the app's objects, unless it is defined outside the app.
 * @internal
 */
export function validateRuntimeClassName(scope: IConstruct, name: string | undefined, definedOutsideApp: boolean | undefined): string | undefined {
  if (name === undefined) {
    if (definedOutsideApp !== undefined) {
      throw invalidInput(scope, 'runtimeClassDefinedOutsideApp', 'is set but no runtimeClassName is given', definedOutsideApp, 'give runtimeClassName as well, or remove the setting');
    }
    return undefined;
  }
  validateDnsSubdomain(scope, 'runtimeClassName', name);
  if (definedOutsideApp) return name;
  scope.node.addValidation({
    validate: () => {
      const defined = scope.node.root.node.findAll()
        .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'RuntimeClass' && c.apiVersion === RUNTIME_CLASS_API_VERSION)
        .map(c => c.name);
      if (defined.includes(name)) return [];
      return [`runtimeClassName: the app defines no RuntimeClass ${describeValue(name)}${defined.length > 0 ? ` (it defines ${defined.join(', ')})` : ''}, and pods naming a missing class are rejected. `
        + 'Fix: define it with new SandboxRuntimeClass(...), or set runtimeClassDefinedOutsideApp: true when the platform installs it (GKE Sandbox installs "gvisor")'];
    },
  });
  return name;
}
