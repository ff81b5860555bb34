import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { requireControlPlaneChart } from './control-plane-chart';
import { exceptionAnnotation } from '../standards/annotations';

/**
 * A configuration file object: apiVersion and kind, as the component reads it, and no metadata
 * (most of these kinds have none), except the annotations that record an exception's reason.
 * @internal
 */
export class ConfigurationObject extends ApiObject {
  constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, props);
    requireControlPlaneChart(this);
  }

  /** Records why a setting is weaker than its secure default. */
  public recordException(setting: string, reason: string): void {
    this.metadata.addAnnotation(exceptionAnnotation(setting), reason);
  }

  public toJson(): Record<string, unknown> {
    const json: Record<string, unknown> = super.toJson();
    const metadata = json.metadata as { annotations?: Record<string, string> } | undefined;
    const annotations = metadata?.annotations;
    if (annotations && Object.keys(annotations).length > 0) json.metadata = { annotations };
    else delete json.metadata;
    return json;
  }
}
