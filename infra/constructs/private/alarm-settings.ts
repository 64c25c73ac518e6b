import { Duration } from 'aws-cdk-lib';
import { Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { SagaAlarmProps } from '../saga-alarm-props.ts';
import { DEFAULT_RUNBOOK_URL } from './runbook.ts';

/** A threshold and how many consecutive periods must breach it, with every default applied. */
export interface Threshold<T> {
  readonly threshold: T;
  readonly evaluationPeriods: number;
}

/** `SagaAlarmProps` with every default applied. */
export interface AlarmSettings {
  readonly topic: ITopic | undefined;
  readonly runbookUrl: string;
  readonly failureRatePercent: number;
  readonly p95Duration: Duration;
  readonly maxActiveSagas: number;
  readonly stateStoreLatency: Threshold<Duration> & { readonly operations: readonly Operation[] };
  readonly executionsThrottled: Threshold<number>;
  readonly functionThrottles: Threshold<number>;
  readonly oldestStartMessageAge: Threshold<Duration>;
}

/** The defaults of `SagaAlarmProps`: the brief's thresholds, and the coordinator's health. */
export const DEFAULT_ALARM_THRESHOLDS = {
  failureRatePercent: 10,
  p95Duration: Duration.seconds(60),
  maxActiveSagas: 1000,
  /** DynamoDB answers single-item calls in milliseconds: an average over 100 ms for 10 minutes is not a blip. */
  stateStoreLatency: {
    threshold: Duration.millis(100),
    evaluationPeriods: 2,
    operations: [Operation.PUT_ITEM, Operation.UPDATE_ITEM],
  },
  executionsThrottled: { threshold: 1, evaluationPeriods: 1 },
  functionThrottles: { threshold: 1, evaluationPeriods: 1 },
  /** Beyond 3 deliveries × the start queue's 3-minute visibility timeout. */
  oldestStartMessageAge: { threshold: Duration.minutes(15), evaluationPeriods: 1 },
} as const;

/** The alarm props with their defaults. */
export function alarmSettings(props: SagaAlarmProps | undefined): AlarmSettings {
  const defaults = DEFAULT_ALARM_THRESHOLDS;
  return {
    topic: props?.topic,
    runbookUrl: props?.runbookUrl ?? DEFAULT_RUNBOOK_URL,
    failureRatePercent: props?.failureRatePercent ?? defaults.failureRatePercent,
    p95Duration: props?.p95Duration ?? defaults.p95Duration,
    maxActiveSagas: props?.maxActiveSagas ?? defaults.maxActiveSagas,
    stateStoreLatency: { ...defaults.stateStoreLatency, ...props?.stateStoreLatency },
    executionsThrottled: { ...defaults.executionsThrottled, ...props?.executionsThrottled },
    functionThrottles: { ...defaults.functionThrottles, ...props?.functionThrottles },
    oldestStartMessageAge: { ...defaults.oldestStartMessageAge, ...props?.oldestStartMessageAge },
  };
}
