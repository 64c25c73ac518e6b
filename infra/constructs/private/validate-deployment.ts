import { Token } from 'aws-cdk-lib';
import { type SagaDeploymentProps, SagaDeploymentType } from '../saga-deployment.ts';

/** CloudFormation's bounds of a deployment preference. */
const PERCENTAGE_RANGE = { min: 1, max: 99 } as const;
const INTERVAL_MINUTES_RANGE = { min: 1, max: 2100 } as const;
const MAX_ALARMS = 100;
/** The saga's own alarms every deployment watches. */
export const SAGA_ROLLBACK_ALARM_COUNT = 3;

/** One broken rule, in the shape `validate-props.ts` reports. */
export interface DeploymentProblem {
  readonly field: string;
  readonly given: unknown;
  readonly problem: string;
  readonly fix: string;
}

const TYPES: readonly string[] = Object.values(SagaDeploymentType);

/**
 * The checks of `deployment`, against CloudFormation's rules for a state machine alias's
 * deployment preference.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html
 */
export function deploymentProblems(deployment: SagaDeploymentProps | false | undefined): DeploymentProblem[] {
  if (deployment === false || deployment === undefined) return [];
  const problems: DeploymentProblem[] = [];
  const { type, percentage, interval, alarms } = deployment;
  if (type !== undefined && !TYPES.includes(type)) {
    problems.push({
      field: 'deployment.type',
      given: type,
      problem: `is not one of ${TYPES.join(', ')}`,
      fix: 'use SagaDeploymentType.CANARY, LINEAR or ALL_AT_ONCE',
    });
  }
  if (type === SagaDeploymentType.ALL_AT_ONCE) {
    for (const [field, value] of [
      ['percentage', percentage],
      ['interval', interval?.toHumanString()],
    ] as const) {
      if (value !== undefined)
        problems.push({
          field: `deployment.${field}`,
          given: value,
          problem: 'an ALL_AT_ONCE deployment moves every saga at once, in no steps',
          fix: `drop deployment.${field}, or use CANARY or LINEAR`,
        });
    }
    return [...problems, ...alarmProblems(alarms)];
  }
  if (
    percentage !== undefined &&
    !(
      Number.isInteger(percentage) &&
      percentage >= PERCENTAGE_RANGE.min &&
      percentage <= PERCENTAGE_RANGE.max
    )
  ) {
    problems.push({
      field: 'deployment.percentage',
      given: percentage,
      problem: `must be a whole percentage from ${PERCENTAGE_RANGE.min} to ${PERCENTAGE_RANGE.max}`,
      fix: 'use e.g. 10 (100 % is an ALL_AT_ONCE deployment)',
    });
  }
  if (interval !== undefined && !Token.isUnresolved(interval.toSeconds())) {
    const minutes = interval.toSeconds() / 60;
    if (
      !(
        Number.isInteger(minutes) &&
        minutes >= INTERVAL_MINUTES_RANGE.min &&
        minutes <= INTERVAL_MINUTES_RANGE.max
      )
    ) {
      problems.push({
        field: 'deployment.interval',
        given: interval.toHumanString(),
        problem: `must be whole minutes from ${INTERVAL_MINUTES_RANGE.min} to ${INTERVAL_MINUTES_RANGE.max}`,
        fix: 'use e.g. Duration.minutes(5)',
      });
    }
  }
  return [...problems, ...alarmProblems(alarms)];
}

function alarmProblems(alarms: SagaDeploymentProps['alarms']): DeploymentProblem[] {
  const count = (alarms?.length ?? 0) + SAGA_ROLLBACK_ALARM_COUNT;
  if (count <= MAX_ALARMS) return [];
  return [
    {
      field: 'deployment.alarms',
      given: `${alarms?.length} alarms`,
      problem: `a deployment watches at most ${MAX_ALARMS} alarms, ${SAGA_ROLLBACK_ALARM_COUNT} of them the saga's own`,
      fix: `pass at most ${MAX_ALARMS - SAGA_ROLLBACK_ALARM_COUNT} alarms, or a composite alarm over them`,
    },
  ];
}
