import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { invalidInput } from '../errors';
import { requireOneCopy } from '../single-copy';
import { isConfigurationFileKind } from '../standards/control-plane';

const CONTROL_PLANE_CHART = Symbol.for('cdk8s-hardening.ControlPlaneChart');

/**
 * A chart for the configuration files the control plane and the nodes read (audit policy,
 * encryption and admission configuration, kubelet and kubeadm configuration): its output file
 * (`<id>.k8s.yaml`) goes to `kubeadm init --config` and onto the nodes, never to `kubectl apply`.
 *
 * It holds configuration objects only: an API object in it (a Deployment, a RuntimeClass) fails
 * synthesis, and a configuration object outside such a chart does too, so the two kinds of output
 * never mix. Create it on the App (a chart nested in another chart makes cdk8s number every
 * output file).
 */
export class ControlPlaneChart extends Chart {
  /**
   * Whether a construct is a ControlPlaneChart (`instanceof` cannot tell: cdk8s makes every
   * chart an `instanceof` every Chart class).
   */
  public static isControlPlaneChart(x: unknown): x is ControlPlaneChart {
    return typeof x === 'object' && x !== null && CONTROL_PLANE_CHART in x;
  }

  constructor(scope: Construct, id: string) {
    requireOneCopy(scope, scope.node.path ? `${scope.node.path}/${id}` : id);
    const parent = scope.node.scopes.find(s => Chart.isChart(s));
    if (parent) {
      throw invalidInput(scope, `ControlPlaneChart(${id})`, 'a control-plane chart inside another chart shares nothing with it but makes cdk8s number every output file', parent.node.path,
        'create the ControlPlaneChart on the App, next to the charts of your workloads');
    }
    super(scope, id);
    Object.defineProperty(this, CONTROL_PLANE_CHART, { value: true });
    this.node.addValidation({ validate: () => this.apiObjectsInside() });
  }

  private apiObjectsInside(): string[] {
    return this.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === this && !isConfigurationFileKind(c.apiVersion, c.kind))
      .map(o => `${o.node.path}: ${o.kind} ${o.name} is an API object, but a ControlPlaneChart's file goes to kubeadm and the nodes, never to kubectl apply. `
        + 'Fix: create it in a chart of your workloads');
  }
}

/** Refuses a configuration object outside a ControlPlaneChart (its file would go to kubectl apply). @internal */
export function requireControlPlaneChart(scope: IConstruct): void {
  scope.node.addValidation({
    validate: () => ControlPlaneChart.isControlPlaneChart(Chart.of(scope)) ? [] : [
      `a configuration file object (read by the control plane or the kubelet, not by the API server) is in chart ${Chart.of(scope).node.path || '<root>'}, `
      + 'whose file goes to kubectl apply. Fix: create it in a ControlPlaneChart (or a HardenedControlPlane)',
    ],
  });
}
