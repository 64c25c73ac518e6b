/**
 * A CloudWatch metric as CloudWatch tells metrics apart: namespace, name and the whole set of
 * dimensions with their values (another dimension set is another metric).
 */
export interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The identity as one comparable string: dimensions sorted by name. */
export function identityKey(metric: MetricIdentity): string {
  const dimensions = Object.entries(metric.dimensions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`);
  return `${metric.namespace} ${metric.metricName} {${dimensions.join(', ')}}`;
}

interface EmfDirective {
  readonly Namespace: string;
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string }[];
}

/**
 * The metrics CloudWatch creates from log lines in Embedded Metric Format: for each directive of
 * each line, each metric under each of its dimension sets, the values read from the line's root.
 * Lines that are not EMF JSON are skipped.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function metricsInEmfLines(lines: readonly string[]): MetricIdentity[] {
  return lines.flatMap((line) => {
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return [];
    }
    const directives = (document._aws as { CloudWatchMetrics?: EmfDirective[] } | undefined)
      ?.CloudWatchMetrics;
    return (directives ?? []).flatMap((directive) =>
      directive.Dimensions.flatMap((dimensionSet) =>
        directive.Metrics.map((metric) => ({
          namespace: directive.Namespace,
          metricName: metric.Name,
          dimensions: Object.fromEntries(dimensionSet.map((name) => [name, String(document[name])])),
        })),
      ),
    );
  });
}
