import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  SingleValueWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { SagaMetricSet } from './saga-metrics.ts';

/** What the saga's dashboard graphs. */
export interface SagaDashboardProps {
  readonly sagaType: string;
  readonly metrics: SagaMetricSet;
  /** Every `ErrorType` value the saga can report (see `contract/failure-reasons.ts`). */
  readonly errorTypes: readonly string[];
  /** The coordinator's health: state-store latency, throttles, the oldest start message. */
  readonly latency: readonly IMetric[];
  readonly throttles: readonly IMetric[];
  readonly oldestStartMessage: IMetric;
  readonly alarms: readonly IAlarm[];
}

/**
 * The saga's dashboard (`<SagaType>-saga`): start, succeed and fail rates, success %, active
 * sagas, duration percentiles, how sagas ended and their failure reasons by error type, steps and
 * compensations, the coordinator's health, and the alarms' states.
 */
export function sagaDashboard(scope: Construct, id: string, props: SagaDashboardProps): Dashboard {
  const { metrics } = props;
  const dashboard = new Dashboard(scope, id, { dashboardName: `${props.sagaType}-saga` });
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Sagas started / succeeded / failed',
      left: [metrics.started(), metrics.succeeded(), metrics.failed()],
      width: 12,
    }),
    new SingleValueWidget({ title: 'Success %', metrics: [metrics.successRate()], width: 6 }),
    new SingleValueWidget({ title: 'Active sagas', metrics: [metrics.active()], width: 6 }),
    new GraphWidget({
      title: 'Saga duration',
      left: [metrics.duration('p50'), metrics.duration('p95'), metrics.duration('p99')],
      width: 12,
    }),
    new GraphWidget({
      title: 'Failure reasons',
      left: (['COMPENSATED', 'FAILED', 'TIMED_OUT', 'CANCELLED'] as const).map((status) =>
        metrics.ended(status, { label: status }),
      ),
      stacked: true,
      width: 12,
    }),
    new GraphWidget({
      title: 'Failure reasons by error type',
      left: props.errorTypes.map((errorType) => metrics.failureReason(errorType)),
      stacked: true,
      width: 24,
    }),
    new GraphWidget({
      title: 'Steps: started / retried / failed',
      left: ['StepStarted', 'StepRetried', 'StepFailed'].map((name) => metrics.stepTotal(name)),
      width: 12,
    }),
    new GraphWidget({
      title: 'Compensations: started / retried / failed',
      left: ['CompensationStarted', 'CompensationRetried', 'CompensationFailed'].map((name) =>
        metrics.stepTotal(name),
      ),
      width: 12,
    }),
    new GraphWidget({ title: 'Saga table latency (ms)', left: [...props.latency], width: 8 }),
    new GraphWidget({
      title: 'Throttles: executions and functions',
      left: [metrics.executionsThrottled({ label: 'Executions throttled' }), ...props.throttles],
      width: 8,
    }),
    new GraphWidget({ title: 'Oldest start message (s)', left: [props.oldestStartMessage], width: 8 }),
    new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24 }),
  );
  return dashboard;
}
