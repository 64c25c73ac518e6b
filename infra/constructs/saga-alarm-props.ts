import type { Duration } from 'aws-cdk-lib';
import type { Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { ITopic } from 'aws-cdk-lib/aws-sns';

/** An alarm on a count: it fires when the count reaches the threshold in a 5-minute period. */
export interface CountAlarmProps {
  /**
   * The count per 5 minutes at which the alarm fires (whole, at least 1).
   * @default 1 (any)
   */
  readonly threshold?: number;
  /**
   * Consecutive 5-minute periods at the threshold before the alarm fires (1 to 288, one day).
   * @default 1
   */
  readonly evaluationPeriods?: number;
}

/** An alarm on a duration: it fires when the duration goes over the threshold. */
export interface DurationAlarmProps {
  /**
   * Over this, the period breaches.
   * @default - the alarm's own (see `stateStoreLatency` and `oldestStartMessageAge` in `SagaAlarmProps`)
   */
  readonly threshold?: Duration;
  /**
   * Consecutive 5-minute periods over the threshold before the alarm fires (1 to 288, one day).
   * @default - the alarm's own (see `stateStoreLatency` and `oldestStartMessageAge` in `SagaAlarmProps`)
   */
  readonly evaluationPeriods?: number;
}

/** The saga table's latency alarms: one per operation. */
export interface StateStoreLatencyAlarmProps extends DurationAlarmProps {
  /**
   * The table operations watched, each with an alarm on DynamoDB's `SuccessfulRequestLatency`
   * (average over 5 minutes) for the saga table.
   * @default [Operation.PUT_ITEM, Operation.UPDATE_ITEM]: the starter's claim and the step
   *   runtime's event log, and every status write (the compiled record state, the status recorder)
   */
  readonly operations?: readonly Operation[];
}

/** Alarm thresholds (the brief's operating limits) and where alarms notify. */
export interface SagaAlarmProps {
  /**
   * Where alarms notify. The construct adds the topic-policy statement that lets CloudWatch publish
   * (`sns:Publish` for `cloudwatch.amazonaws.com`, scoped by `aws:SourceAccount` and by
   * `aws:SourceArn`: these alarms, or the account's alarms when the topic belongs to another
   * stack). On an imported topic (`Topic.fromTopicArn`) it cannot: you own that topic's policy and
   * add the statement there. A topic encrypted with a customer managed key also needs a key policy
   * that lets `cloudwatch.amazonaws.com` use the key (`kms:Decrypt`, `kms:GenerateDataKey*`).
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
   * @default no action: alarms show on the dashboard and in CloudWatch only
   */
  readonly topic?: ITopic;
  /** @default 10 (percent of ended sagas that FAILED, TIMED_OUT or were aborted, over 5 minutes) */
  readonly failureRatePercent?: number;
  /** @default Duration.seconds(60) (p95 execution time over 5 minutes) */
  readonly p95Duration?: Duration;
  /** @default 1000 */
  readonly maxActiveSagas?: number;
  /**
   * Latency of the saga table (DynamoDB `SuccessfulRequestLatency`, average over 5 minutes), one
   * alarm per operation: a slow state store slows every start and every status write.
   * @default { threshold: Duration.millis(100), evaluationPeriods: 2, operations: [PutItem, UpdateItem] }
   */
  readonly stateStoreLatency?: StateStoreLatencyAlarmProps;
  /**
   * Step Functions' `ExecutionThrottled` on the state machine: starts refused by Step Functions'
   * quotas (the starter retries them, then dead-letters the message).
   * @see https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
   * @default { threshold: 1, evaluationPeriods: 1 }
   */
  readonly executionsThrottled?: CountAlarmProps;
  /**
   * Lambda's `Throttles` of each function the saga runs: the starter, the lifecycle publisher, the
   * status recorder and every step function (the ones you bring too), one alarm each. A throttled
   * step is retried by Step Functions (`Lambda.TooManyRequestsException`), a throttled starter
   * leaves start messages waiting.
   * @default { threshold: 1, evaluationPeriods: 1 }
   */
  readonly functionThrottles?: CountAlarmProps;
  /**
   * The age of the oldest message on the start queue (`ApproximateAgeOfOldestMessage`, maximum over
   * 5 minutes): sagas are not starting. The default is above the time a start message takes to use
   * up its deliveries (3 × the 3-minute visibility timeout), so a message that is being retried
   * does not page; its dead-letter alarm covers that one.
   * @default { threshold: Duration.minutes(15), evaluationPeriods: 1 }
   */
  readonly oldestStartMessageAge?: DurationAlarmProps;
  /**
   * The runbook each alarm's description links to: its section is appended as an anchor
   * (`<runbookUrl>#failurerate`). Point it at your own copy of `docs/runbook.md` (shipped in the
   * package) to add what your team does; its section headings must stay.
   * @default sfn-saga's runbook in its repository (`docs/runbook.md`)
   */
  readonly runbookUrl?: string;
}
