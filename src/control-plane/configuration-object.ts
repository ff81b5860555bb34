import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { requireControlPlaneChart } from './control-plane-chart';
import { exceptionAnnotation } from '../standards/annotations';
import { configurationFileHasMetadata } from '../standards/control-plane';

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

/**
 * A configuration object as its component reads the file: without the `metadata` (the
 * exceptions' annotations) that a kind with no object metadata cannot hold, since the component
 * decodes it strictly and refuses the unknown field. The chart's output keeps the annotations,
 * for `cdk8s-hardening check`.
 * @internal
 */
export function asComponentReadsIt(json: Record<string, unknown>): Record<string, unknown> {
  if (json.metadata === undefined || configurationFileHasMetadata(String(json.apiVersion), String(json.kind))) return json;
  const { metadata: _metadata, ...rest } = json;
  return rest;
}
