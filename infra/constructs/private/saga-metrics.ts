import { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { ERROR_TYPE_DIMENSION } from '../../../contract/failure-reasons.ts';
import {
  SAGA_TYPE_DIMENSION,
  SagaMetrics,
  SERVICE_DIMENSION,
  STATUS_DIMENSION,
} from '../../../contract/saga-metrics.ts';
import type { SagaStatus } from '../../../contract/saga-table.ts';
import { STEP_DIMENSION } from '../../../contract/step-metrics.ts';

/** The window of every metric and alarm: five minutes, as the brief's alarms are stated. */
export const METRIC_PERIOD = Duration.minutes(5);

/** Where the project's functions publish their metrics, as the construct configures them. */
export interface CustomMetricSource {
  /** `POWERTOOLS_METRICS_NAMESPACE`. */
  readonly namespace: string;
  /** `POWERTOOLS_SERVICE_NAME`: Powertools puts it in the `service` dimension of every metric. */
  readonly serviceName: string;
  readonly sagaType: string;
}

/** The saga's metrics: Step Functions' own and the ones the project's functions publish. */
export class SagaMetricSet {
  constructor(
    private readonly stateMachine: StateMachine,
    private readonly source: CustomMetricSource,
  ) {}

  /**
   * A custom metric of the saga, by name (see `SagaMetrics`), with the whole dimension set the
   * functions emit it with: CloudWatch treats another set as another metric, which has no data.
   */
  custom(metricName: string, options: MetricOptions = {}): Metric {
    return new Metric({
      namespace: this.source.namespace,
      metricName,
      period: METRIC_PERIOD,
      statistic: 'Sum',
      ...options,
      dimensionsMap: {
        [SERVICE_DIMENSION]: this.source.serviceName,
        [SAGA_TYPE_DIMENSION]: this.source.sagaType,
        ...options.dimensionsMap,
      },
    });
  }

  ended(status: SagaStatus, options: MetricOptions = {}): Metric {
    return this.custom(SagaMetrics.sagasEnded, { ...options, dimensionsMap: { [STATUS_DIMENSION]: status } });
  }

  /** Sagas that ended other than COMPLETED with this `ErrorType` (see `contract/failure-reasons.ts`). */
  failureReason(errorType: string, options: MetricOptions = {}): Metric {
    return this.custom(SagaMetrics.sagaFailureReasons, {
      label: errorType,
      ...options,
      dimensionsMap: { [ERROR_TYPE_DIMENSION]: errorType },
    });
  }

  /** Step Functions' `ExecutionThrottled`: starts refused by Step Functions' quotas. */
  executionsThrottled(options: MetricOptions = {}): Metric {
    return this.stateMachine.metricThrottled({ period: METRIC_PERIOD, statistic: 'Sum', ...options });
  }

  started(options: MetricOptions = {}): Metric {
    return this.stateMachine.metricStarted({ period: METRIC_PERIOD, ...options });
  }

  succeeded(options: MetricOptions = {}): Metric {
    return this.stateMachine.metricSucceeded({ period: METRIC_PERIOD, ...options });
  }

  /** Executions that failed, timed out or were aborted: sagas that did not end cleanly. */
  failed(options: MetricOptions = {}): MathExpression {
    return new MathExpression({
      label: 'Failed, timed out or aborted',
      expression: 'failed + timedOut + aborted',
      period: METRIC_PERIOD,
      usingMetrics: {
        failed: this.stateMachine.metricFailed({ period: METRIC_PERIOD, ...options }),
        timedOut: this.stateMachine.metricTimedOut({ period: METRIC_PERIOD, ...options }),
        aborted: this.stateMachine.metricAborted({ period: METRIC_PERIOD, ...options }),
      },
    });
  }

  /** Percent of ended executions that did not end cleanly (COMPENSATED counts as clean). */
  failureRate(): MathExpression {
    return new MathExpression({
      label: 'Failure rate (%)',
      expression: 'IF(succeeded + bad > 0, 100 * bad / (succeeded + bad), 0)',
      period: METRIC_PERIOD,
      usingMetrics: { succeeded: this.succeeded(), bad: this.failed() },
    });
  }

  /** Percent of ended sagas that COMPLETED (rolled-back sagas are not successes). */
  successRate(): MathExpression {
    return new MathExpression({
      label: 'Success (%)',
      expression: 'IF(completed + other > 0, 100 * completed / (completed + other), 100)',
      period: METRIC_PERIOD,
      usingMetrics: {
        completed: this.ended('COMPLETED'),
        other: new MathExpression({
          expression: 'compensated + failed + timedOut + cancelled',
          period: METRIC_PERIOD,
          usingMetrics: {
            compensated: this.ended('COMPENSATED'),
            failed: this.ended('FAILED'),
            timedOut: this.ended('TIMED_OUT'),
            cancelled: this.ended('CANCELLED'),
          },
        }),
      },
    });
  }

  duration(statistic: 'p50' | 'p95' | 'p99'): Metric {
    return this.stateMachine.metricTime({ period: METRIC_PERIOD, statistic, label: `Duration ${statistic}` });
  }

  /**
   * The step runtime's metric `metricName` summed over every step of this saga type: its metrics
   * carry a Step dimension, so a search expression adds them up.
   */
  stepTotal(metricName: string, statistic: 'Sum' | 'p95' = 'Sum'): MathExpression {
    return new MathExpression({
      label: metricName,
      expression: `SUM(SEARCH('{${this.source.namespace},${SERVICE_DIMENSION},${SAGA_TYPE_DIMENSION},${STEP_DIMENSION}} MetricName="${metricName}" ${SAGA_TYPE_DIMENSION}="${this.source.sagaType}"', '${statistic === 'Sum' ? 'Sum' : 'p95'}', ${METRIC_PERIOD.toSeconds()}))`,
      period: METRIC_PERIOD,
      usingMetrics: {},
    });
  }

  active(): Metric {
    return this.custom(SagaMetrics.activeSagas, { statistic: 'Maximum' });
  }
}
