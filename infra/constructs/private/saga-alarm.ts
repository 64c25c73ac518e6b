import {
  Alarm,
  ComparisonOperator,
  type IAlarm,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { type RunbookSectionName, runbookLink } from './runbook.ts';

/** One alarm of a saga. */
export interface SagaAlarmSpec {
  readonly metric: IMetric;
  readonly threshold: number;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /**
   * Fire above the threshold (the brief's "over 10 %"); otherwise at it ("any", "not empty").
   * @default false
   */
  readonly over?: boolean;
  /** What the alarm means, in a sentence (the saga type goes before it, the runbook link after). */
  readonly description: string;
  readonly runbookSection: RunbookSectionName;
}

/** What every alarm of a saga shares. */
export interface SagaAlarmContext {
  readonly sagaType: string;
  readonly topic: ITopic | undefined;
  readonly runbookUrl: string;
}

/**
 * Creates the saga's alarms under `scope` as `<name>Alarm`: missing data does not breach, the
 * description says what it means and links to its runbook section, and the topic (if any) is
 * notified. Each alarm is added to `alarms` under its name.
 */
export function sagaAlarmFactory(
  scope: Construct,
  context: SagaAlarmContext,
  alarms: Record<string, IAlarm>,
) {
  return (name: string, spec: SagaAlarmSpec): IAlarm => {
    const alarm = new Alarm(scope, `${name}Alarm`, {
      metric: spec.metric,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      comparisonOperator: spec.over
        ? ComparisonOperator.GREATER_THAN_THRESHOLD
        : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${context.sagaType}: ${spec.description} Runbook: ${runbookLink(context.runbookUrl, spec.runbookSection)}`,
    });
    if (context.topic) alarm.addAlarmAction(new SnsAction(context.topic));
    alarms[name] = alarm;
    return alarm;
  };
}

export type SagaAlarmFactory = ReturnType<typeof sagaAlarmFactory>;
