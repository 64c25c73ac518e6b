import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  SingleValueWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SagaMetrics } from '../../../contract/saga-metrics.ts';
import type { SagaMetricSet } from './saga-metrics.ts';

/** The brief's alarm thresholds. */
export const DEFAULT_ALARM_THRESHOLDS = {
  failureRatePercent: 10,
  p95Duration: Duration.seconds(60),
  maxActiveSagas: 1000,
} as const;

/**
 * What each dead-letter queue holds and what to do about it, by purpose: the runbook entry its
 * alarm's description carries.
 */
const DEAD_LETTER_RUNBOOK: Readonly<Record<string, string>> = {
  Start:
    'start messages that could not start a saga, either malformed (the reason attribute says why) or failing every delivery. Fix the cause, then send them to the start queue again.',
  Lifecycle:
    'saga-table stream batches whose lifecycle events could not be published after the retries; subscribers missed those events. Fix the cause, then republish from the saga items they name.',
  StatusRecorder:
    "execution ends (TIMED_OUT, ABORTED, FAILED) the status recorder did not record: events EventBridge could not deliver to it, and invocations that failed after Lambda's retries (its on-failure destination, with the event as requestPayload). Those sagas still show RUNNING or COMPENSATING. Fix the cause, then invoke the status recorder function again with each event.",
};

export interface SagaMonitoringProps {
  readonly sagaType: string;
  readonly metrics: SagaMetricSet;
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly topic: ITopic | undefined;
  readonly failureRatePercent: number;
  readonly p95Duration: Duration;
  readonly maxActiveSagas: number;
}

/**
 * The saga's alarms (failure rate, p95 duration, active sagas, failed compensations, dead letters,
 * state-store and publish errors) and its dashboard (rates, success %, active sagas, duration
 * percentiles, failure reasons, alarm states).
 */
export class SagaMonitoring extends Construct {
  public readonly alarms: Record<string, IAlarm> = {};
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: SagaMonitoringProps) {
    super(scope, id);
    const { metrics } = props;
    /** `over` alarms fire above the threshold (the brief's "over 10 %"); the others at it ("any", "not empty"). */
    const alarm = (name: string, metric: IMetric, threshold: number, description: string, over = false) => {
      const created = new Alarm(this, `${name}Alarm`, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: over
          ? ComparisonOperator.GREATER_THAN_THRESHOLD
          : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${props.sagaType}: ${description}`,
      });
      if (props.topic) created.addAlarmAction(new SnsAction(props.topic));
      this.alarms[name] = created;
    };
    alarm(
      'FailureRate',
      metrics.failureRate(),
      props.failureRatePercent,
      `over ${props.failureRatePercent}% of sagas failed in 5 minutes`,
      true,
    );
    alarm(
      'P95Duration',
      metrics.duration('p95'),
      props.p95Duration.toMilliseconds(),
      `p95 saga duration over ${props.p95Duration.toHumanString()}`,
      true,
    );
    alarm(
      'ActiveSagas',
      metrics.active(),
      props.maxActiveSagas,
      `more than ${props.maxActiveSagas} sagas are open`,
      true,
    );
    alarm(
      'CompensationFailed',
      metrics.custom(SagaMetrics.compensationsFailed),
      1,
      'a compensation could not finish: a saga is parked as FAILED and needs a person',
    );
    alarm(
      'StateStoreErrors',
      metrics.custom(SagaMetrics.stateStoreErrors),
      1,
      'reads or writes of the saga table failed',
    );
    alarm(
      'EventPublishErrors',
      metrics.custom(SagaMetrics.eventPublishErrors),
      1,
      'lifecycle events could not be published',
    );
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}NotEmpty`,
        queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) }),
        1,
        `the ${name} dead-letter queue holds messages${DEAD_LETTER_RUNBOOK[name] ? `: ${DEAD_LETTER_RUNBOOK[name]}` : ''}`,
      );
    }

    if (props.topic) allowAlarmsToPublish(this, props.topic, Object.values(this.alarms));

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${props.sagaType}-saga` });
    this.dashboard.addWidgets(
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
      new AlarmStatusWidget({ title: 'Alarms', alarms: Object.values(this.alarms), width: 24 }),
    );
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
