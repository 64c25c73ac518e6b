/**
 * `sfn-saga`: write a saga (`defineSaga`), compile it to Amazon States Language (`compileSaga`),
 * draw it (`toMermaid`). Pure: no AWS calls. Deploy it with `sfn-saga/infra`, implement its Lambda
 * steps with `sfn-saga/runtime`, test it with `sfn-saga/testing`.
 */

export type { StateMachineDefinition } from './compiler/asl.ts';
export { compileSaga } from './compiler/compile-saga.ts';
export type { SagaResources } from './compiler/resources.ts';
export { DEFAULT_PRICES, type PriceTable, withPrices } from './cost/price-table.ts';
export { type CostAssumptions, type SagaCostReport, sagaCost } from './cost/saga-cost.ts';
export { type SagaPath, sagaPaths } from './cost/saga-paths.ts';
export { defineSaga } from './definition/define-saga.ts';
export {
  exponentialBackoff,
  fixedInterval,
  RetryPolicies,
  type RetryPolicy,
} from './definition/retry-policy.ts';
export type { Saga } from './definition/saga.ts';
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
export { type ChangeSeverity, diffSagas, type SagaChange } from './diff/saga-diff.ts';
export { type SagaShape, sagaShape } from './diff/saga-shape.ts';
export { SagaDefinitionError, type SagaDefinitionProblem } from './validate/saga-definition-error.ts';
