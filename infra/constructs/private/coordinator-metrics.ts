import type { Metric, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable, Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { METRIC_PERIOD } from './saga-metrics.ts';

/**
 * The metrics that say whether the saga's machinery is up — AWS's own, of the saga table, the start
 * queue and the functions — in the 5-minute period of every saga metric. No labels: an alarm on a
 * labelled metric is rendered as a metric query, the dashboard adds its own.
 */

/**
 * DynamoDB's `SuccessfulRequestLatency` of one operation on the saga table, average over 5 minutes
 * (the metric has no percentiles).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
 */
export function stateStoreLatency(table: ITable, operation: Operation, options: MetricOptions = {}): Metric {
  return table.metricSuccessfulRequestLatency({
    period: METRIC_PERIOD,
    statistic: 'Average',
    ...options,
    dimensionsMap: { Operation: operation },
  });
}

/** The age of the oldest message on the start queue, in seconds, maximum over 5 minutes. */
export function oldestStartMessageAge(queue: IQueue, options: MetricOptions = {}): Metric {
  return queue.metricApproximateAgeOfOldestMessage({
    period: METRIC_PERIOD,
    statistic: 'Maximum',
    ...options,
  });
}

/** Lambda's `Throttles` of a function: invocations refused for lack of concurrency, sum over 5 minutes. */
export function functionThrottles(fn: IFunction, options: MetricOptions = {}): Metric {
  return fn.metricThrottles({ period: METRIC_PERIOD, statistic: 'Sum', ...options });
}
