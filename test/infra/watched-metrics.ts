import type { CloudTemplate } from '../../local/cloud/cloud-template.ts';
import type { MetricIdentity } from '../support/emf-metrics.ts';

/** A metric a template's alarm or dashboard reads, and which one reads it. */
export interface WatchedMetric extends MetricIdentity {
  readonly watchedBy: string;
}

interface CfnMetric {
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Dimensions?: readonly { readonly Name: string; readonly Value: unknown }[];
}

/** A dimension value as the template gives it; an intrinsic (a `Ref`) shown as its JSON. */
const dimensionValue = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/**
 * Every metric the template's alarms read: a single-metric alarm's metric, and every metric inside
 * a metric-math alarm (math expressions themselves read no metric of their own).
 */
export function metricsWatchedByAlarms(template: CloudTemplate): WatchedMetric[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm')
    .flatMap(([id, resource]) => {
      const props = (resource.Properties ?? {}) as CfnMetric & {
        Metrics?: { MetricStat?: { Metric: CfnMetric } }[];
      };
      const metrics = props.MetricName
        ? [props]
        : (props.Metrics ?? []).flatMap((query) => (query.MetricStat ? [query.MetricStat.Metric] : []));
      return metrics.map((metric) => ({
        watchedBy: `alarm ${id}`,
        namespace: String(metric.Namespace),
        metricName: String(metric.MetricName),
        dimensions: Object.fromEntries(
          (metric.Dimensions ?? []).map((dimension) => [dimension.Name, dimensionValue(dimension.Value)]),
        ),
      }));
    });
}

/**
 * Every metric the template's dashboards graph (`[namespace, name, dimension, value, …, options?]`
 * rows; expression rows read no metric of their own). The body's intrinsics become placeholders.
 */
export function metricsWatchedByDashboards(template: CloudTemplate): WatchedMetric[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Dashboard')
    .flatMap(([id, resource]) => {
      const body = dashboardBody(resource.Properties?.DashboardBody);
      return body.widgets.flatMap((widget) =>
        (widget.properties?.metrics ?? []).flatMap((row) => {
          const [namespace, metricName, ...rest] = row.filter((cell) => typeof cell === 'string');
          if (namespace === undefined || metricName === undefined) return [];
          const dimensions: Record<string, string> = {};
          for (let index = 0; index + 1 < rest.length; index += 2)
            dimensions[rest[index] as string] = rest[index + 1] as string;
          return [
            { watchedBy: `dashboard ${id}: ${widget.properties?.title}`, namespace, metricName, dimensions },
          ];
        }),
      );
    });
}

interface DashboardBody {
  readonly widgets: readonly {
    readonly properties?: { readonly title?: string; readonly metrics?: readonly unknown[][] };
  }[];
}

function dashboardBody(body: unknown): DashboardBody {
  if (typeof body === 'string') return JSON.parse(body) as DashboardBody;
  const [separator, parts] = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  // An intrinsic sits inside a JSON string of the body: written without double quotes, it keeps it JSON.
  const text = parts.map((part) =>
    typeof part === 'string' ? part : JSON.stringify(part).replaceAll('"', "'"),
  );
  return JSON.parse(text.join(separator)) as DashboardBody;
}
