/** The public surface of the saga definition API and compiler. */

export type { StateMachineDefinition } from './compiler/asl.ts';
export { compileSaga } from './compiler/compile-saga.ts';
export {
  functionArnVariable,
  SAGA_TABLE_NAME_VARIABLE,
  type SagaResources,
  tableNameVariable,
} from './compiler/resources.ts';
export { SAGA_FAILED_ERROR, StateNames } from './compiler/state-names.ts';
export {
  DEFAULT_COMPENSATION_TIMEOUT_SECONDS,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SAGA_TIMEOUT_SECONDS,
  DEFAULT_STEP_TIMEOUT_SECONDS,
  STEP_FUNCTIONS_LIMITS,
  TERMINAL_ERROR_NAME,
} from './definition/defaults.ts';
export { defineSaga } from './definition/define-saga.ts';
export {
  exponentialBackoff,
  fixedInterval,
  RetryPolicies,
  type RetryPolicy,
} from './definition/retry-policy.ts';
export {
  allSteps,
  allTargets,
  type Saga,
  type SagaParallelGroup,
  type SagaStep,
  type SagaUnit,
} from './definition/saga.ts';
export {
  NO_COMPENSATION,
  type ParallelGroupSpec,
  parallel,
  type SagaSpec,
  type StepSpec,
} from './definition/saga-spec.ts';
export {
  type DynamoDbTarget,
  dynamoDb,
  type LambdaTarget,
  lambda,
  type TaskTarget,
} from './definition/task-target.ts';
export { toMermaid } from './diagram/mermaid.ts';
export {
  buildExecutionInput,
  buildStartItemRequest,
  type SagaExecutionInput,
  sagaIdFor,
} from './saga-table/execution-input.ts';
export { type SagaFailure, type StateError, sagaFailure } from './saga-table/saga-failure.ts';
export { SAGA_TABLE, SagaStatus, TERMINAL_STATUSES } from './saga-table/schema.ts';
export { SagaDefinitionError, type SagaDefinitionProblem } from './validate/saga-definition-error.ts';
