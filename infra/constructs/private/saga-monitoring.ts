import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { Dashboard, IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SagaMetrics } from '../../../contract/saga-metrics.ts';
import type { AlarmSettings } from './alarm-settings.ts';
import { addCoordinatorAlarms } from './coordinator-alarms.ts';
import { functionThrottles, oldestStartMessageAge, stateStoreLatency } from './coordinator-metrics.ts';
import { RunbookSection, type RunbookSectionName } from './runbook.ts';
import { sagaAlarmFactory } from './saga-alarm.ts';
import { sagaDashboard } from './saga-dashboard.ts';
import type { SagaMetricSet } from './saga-metrics.ts';

/**
 * What each dead-letter queue holds and what to do about it, by purpose, and its runbook section.
 */
const DEAD_LETTERS: Readonly<
  Record<string, { readonly holds: string; readonly section: RunbookSectionName }>
> = {
  Start: {
    holds:
      'start messages that could not start a saga, either malformed (the reason attribute says why) or failing every delivery. Fix the cause, then send them to the start queue again.',
    section: RunbookSection.startNotEmpty,
  },
  Lifecycle: {
    holds:
      'saga-table stream batches whose lifecycle events could not be published after the retries; subscribers missed those events. Fix the cause, then republish from the saga items they name.',
    section: RunbookSection.lifecycleNotEmpty,
  },
  StatusRecorder: {
    holds:
      "execution ends (TIMED_OUT, ABORTED, FAILED) the status recorder did not record: events EventBridge could not deliver to it, and invocations that failed after Lambda's retries (its on-failure destination, with the event as requestPayload). Those sagas still show RUNNING or COMPENSATING. Fix the cause, then invoke the status recorder function again with each event.",
    section: RunbookSection.statusRecorderNotEmpty,
  },
};

export interface SagaMonitoringProps {
  readonly sagaType: string;
  readonly metrics: SagaMetricSet;
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly settings: AlarmSettings;
  readonly table: ITable;
  readonly startQueue: IQueue;
  /** Every function the saga runs, by function id: `Starter`, `LifecyclePublisher`, `StatusRecorder`, the steps'. */
  readonly functions: ReadonlyMap<string, IFunction>;
  /** Every `ErrorType` value the saga can report (see `contract/failure-reasons.ts`). */
  readonly errorTypes: readonly string[];
}

/**
 * The saga's alarms — failure rate, p95 duration, active sagas, failed compensations, dead letters,
 * state-store and publish errors, and the coordinator's health (state-store latency, throttled
 * executions and functions, the oldest start message) — each linked to its runbook section, and
 * its dashboard.
 */
export class SagaMonitoring extends Construct {
  public readonly alarms: Record<string, IAlarm> = {};
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: SagaMonitoringProps) {
    super(scope, id);
    const { metrics, settings } = props;
    const alarm = sagaAlarmFactory(
      this,
      { sagaType: props.sagaType, topic: settings.topic, runbookUrl: settings.runbookUrl },
      this.alarms,
    );
    alarm('FailureRate', {
      metric: metrics.failureRate(),
      threshold: settings.failureRatePercent,
      over: true,
      description: `over ${settings.failureRatePercent}% of sagas failed in 5 minutes.`,
      runbookSection: RunbookSection.failureRate,
    });
    alarm('P95Duration', {
      metric: metrics.duration('p95'),
      threshold: settings.p95Duration.toMilliseconds(),
      over: true,
      description: `p95 saga duration over ${settings.p95Duration.toHumanString()}.`,
      runbookSection: RunbookSection.p95Duration,
    });
    alarm('ActiveSagas', {
      metric: metrics.active(),
      threshold: settings.maxActiveSagas,
      over: true,
      description: `more than ${settings.maxActiveSagas} sagas are open.`,
      runbookSection: RunbookSection.activeSagas,
    });
    alarm('CompensationFailed', {
      metric: metrics.custom(SagaMetrics.compensationsFailed),
      threshold: 1,
      description: 'a compensation could not finish: a saga is parked as FAILED and needs a person.',
      runbookSection: RunbookSection.compensationFailed,
    });
    alarm('StateStoreErrors', {
      metric: metrics.custom(SagaMetrics.stateStoreErrors),
      threshold: 1,
      description:
        'starts failed and are being retried, most often because a read or write of the saga table failed.',
      runbookSection: RunbookSection.stateStoreErrors,
    });
    alarm('EventPublishErrors', {
      metric: metrics.custom(SagaMetrics.eventPublishErrors),
      threshold: 1,
      description: 'lifecycle events could not be published.',
      runbookSection: RunbookSection.eventPublishErrors,
    });
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const known = DEAD_LETTERS[name];
      alarm(`${name}NotEmpty`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: Duration.minutes(5),
        }),
        threshold: 1,
        description: `the ${name} dead-letter queue holds messages${known ? `: ${known.holds}` : '.'}`,
        runbookSection: known?.section ?? RunbookSection.deadLetters,
      });
    }
    addCoordinatorAlarms(alarm, props);

    if (settings.topic) allowAlarmsToPublish(this, settings.topic, Object.values(this.alarms));

    this.dashboard = sagaDashboard(this, 'Dashboard', {
      sagaType: props.sagaType,
      metrics,
      errorTypes: props.errorTypes,
      latency: settings.stateStoreLatency.operations.map((operation) =>
        stateStoreLatency(props.table, operation, { label: operation }),
      ),
      throttles: [...props.functions].map(([functionId, fn]) => functionThrottles(fn, { label: functionId })),
      oldestStartMessage: oldestStartMessageAge(props.startQueue, { label: 'Oldest start message' }),
      alarms: Object.values(this.alarms),
    });
  }
}

/**
 * Lets CloudWatch publish the alarms' notifications to the topic (an alarm action fails without a
 * topic policy that allows it), for these alarms of this account only. A topic of another stack
 * gets the account's alarms (naming these ones would make that stack depend on this one, while
 * this one depends on it). `addToResourcePolicy` does nothing on an imported topic: its owner
 * allows CloudWatch there.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
function allowAlarmsToPublish(scope: Construct, topic: ITopic, alarms: readonly IAlarm[]): void {
  const stack = Stack.of(scope);
  const alarmArns =
    Stack.of(topic) === stack
      ? alarms.map((alarm) => alarm.alarmArn)
      : [
          stack.formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ];
  topic.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': alarmArns },
      },
    }),
  );
}
