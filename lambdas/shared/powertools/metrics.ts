import { Metrics } from '@aws-lambda-powertools/metrics';

/** The CloudWatch namespace of the project's metrics unless `POWERTOOLS_METRICS_NAMESPACE` names one. */
export const DEFAULT_METRICS_NAMESPACE = 'SfnSaga';

/**
 * The project's one Powertools Metrics instance: CloudWatch Embedded Metric Format on stdout,
 * namespace from `POWERTOOLS_METRICS_NAMESPACE` (default {@link DEFAULT_METRICS_NAMESPACE}),
 * `service` dimension from `POWERTOOLS_SERVICE_NAME`.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/core/metrics/
 */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE,
});
