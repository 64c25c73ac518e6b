import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { AlarmSettings } from './alarm-settings.ts';
import { functionThrottles, oldestStartMessageAge, stateStoreLatency } from './coordinator-metrics.ts';
import { RunbookSection } from './runbook.ts';
import type { SagaAlarmFactory } from './saga-alarm.ts';
import type { SagaMetricSet } from './saga-metrics.ts';

/** What the coordinator's alarms watch. */
export interface CoordinatorAlarmsProps {
  readonly metrics: SagaMetricSet;
  readonly table: ITable;
  readonly startQueue: IQueue;
  /** Every function the saga runs, by function id: `Starter`, `LifecyclePublisher`, `StatusRecorder`, the steps'. */
  readonly functions: ReadonlyMap<string, IFunction>;
  readonly settings: AlarmSettings;
}

const periods = (count: number) => (count === 1 ? 'in 5 minutes' : `for ${count} periods of 5 minutes`);

/**
 * The serverless equivalents of "the coordinator is down": a slow saga table (per operation), Step
 * Functions refusing executions, throttled functions, and start messages nobody takes.
 */
export function addCoordinatorAlarms(alarm: SagaAlarmFactory, props: CoordinatorAlarmsProps): void {
  const { settings } = props;
  const latency = settings.stateStoreLatency;
  // A repeated operation is reported by validation; one alarm each keeps the construct ids unique.
  for (const operation of new Set(latency.operations)) {
    alarm(`StateStoreLatency${operation}`, {
      metric: stateStoreLatency(props.table, operation),
      threshold: latency.threshold.toMilliseconds(),
      evaluationPeriods: latency.evaluationPeriods,
      over: true,
      description: `the saga table's average ${operation} latency was over ${latency.threshold.toHumanString()} ${periods(latency.evaluationPeriods)}: starts and status writes slow down.`,
      runbookSection: RunbookSection.stateStoreLatency,
    });
  }
  const throttled = settings.executionsThrottled;
  alarm('ExecutionsThrottled', {
    metric: props.metrics.executionsThrottled(),
    threshold: throttled.threshold,
    evaluationPeriods: throttled.evaluationPeriods,
    description: `Step Functions throttled ${throttled.threshold} or more executions ${periods(throttled.evaluationPeriods)}: sagas are not starting at the rate they are sent.`,
    runbookSection: RunbookSection.executionsThrottled,
  });
  const throttles = settings.functionThrottles;
  for (const [functionId, fn] of props.functions) {
    alarm(`${functionId}Throttles`, {
      metric: functionThrottles(fn),
      threshold: throttles.threshold,
      evaluationPeriods: throttles.evaluationPeriods,
      description: `Lambda throttled function ${functionId} ${throttles.threshold} or more times ${periods(throttles.evaluationPeriods)}: it has run out of concurrency.`,
      runbookSection: RunbookSection.functionThrottles,
    });
  }
  const age = settings.oldestStartMessageAge;
  alarm('OldestStartMessageAge', {
    metric: oldestStartMessageAge(props.startQueue),
    threshold: age.threshold.toSeconds(),
    evaluationPeriods: age.evaluationPeriods,
    over: true,
    description: `the oldest start message has waited over ${age.threshold.toHumanString()} ${periods(age.evaluationPeriods)}: the starter is not taking start messages.`,
    runbookSection: RunbookSection.oldestStartMessageAge,
  });
}
