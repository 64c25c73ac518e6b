import { Duration } from 'aws-cdk-lib';
import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';

/**
 * How the `live` alias moves new sagas to a newly published state machine version.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html
 */
export const SagaDeploymentType = {
  /** `percentage` of new sagas for `interval`, then all of them. */
  CANARY: 'CANARY',
  /** `percentage` more of new sagas every `interval`, until all of them. */
  LINEAR: 'LINEAR',
  /** All new sagas at once (still rolled back if an alarm fires while CloudFormation watches). */
  ALL_AT_ONCE: 'ALL_AT_ONCE',
} as const;
export type SagaDeploymentType = (typeof SagaDeploymentType)[keyof typeof SagaDeploymentType];

/** The canary's share of new sagas unless `percentage` says otherwise. */
export const DEFAULT_DEPLOYMENT_PERCENTAGE = 10;
/** How long each step of a gradual deployment lasts unless `interval` says otherwise. */
export const DEFAULT_DEPLOYMENT_INTERVAL = Duration.minutes(5);
/** The name of the alias that starts sagas. */
export const LIVE_ALIAS_NAME = 'live';

/**
 * Safe rollout of a changed saga: every deploy that changes the state machine (its definition, the
 * code of a step function it invokes, its configuration) publishes a new state machine version, and
 * the `live` alias — what the starter starts sagas on — moves to it gradually. CloudFormation rolls
 * the alias back when one of the saga's own alarms (failure rate, failed compensations, p95
 * duration) or one of `alarms` goes into ALARM during the shift. Sagas already running keep the
 * version, and the Lambda versions, they started on, also when they are redriven.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cd-aliasing-versioning.html
 */
export interface SagaDeploymentProps {
  /**
   * How new sagas move to the new version.
   * @default SagaDeploymentType.CANARY
   */
  readonly type?: SagaDeploymentType;
  /**
   * Percent of new sagas moved to the new version at each step (CANARY: the canary; LINEAR: each
   * increment). A whole number from 1 to 99; not with ALL_AT_ONCE.
   * @default 10
   */
  readonly percentage?: number;
  /**
   * Time between steps (CANARY: how long the canary runs before all sagas move). Whole minutes,
   * from 1 to 2100; not with ALL_AT_ONCE.
   * @default Duration.minutes(5)
   */
  readonly interval?: Duration;
  /**
   * Alarms to watch besides the saga's own (failure rate, failed compensations, p95 duration); at
   * most 100 in all. CloudWatch treats an alarm that does not exist as OK, so pass alarms of this
   * account and region.
   * @default none
   */
  readonly alarms?: readonly IAlarm[];
}
