import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Where the step runtime keeps its records when a saga runs in-process under the test environment
 * of `sfn-saga/testing` instead of on Lambda: the test environment binds its store here, and every
 * `sagaStep` handler of the process uses it on its next invocation (the binding wins over options
 * and environment variables, so the user's own handlers run unchanged). Nothing else binds it.
 */
export interface StepRuntimeBinding {
  /** The saga table's client: DynamoDB Local's, or the in-memory store's stand-in. */
  readonly dynamoDb: Pick<DynamoDBClient, 'send'>;
  readonly sagaTableName: string;
  /** Where first results are kept (an in-memory layer, or Powertools' DynamoDB one). */
  readonly idempotencyStore: BasePersistenceLayer;
}

// A registered symbol: one binding per process even if two copies of the package are loaded.
const BINDING_KEY = Symbol.for('sfn-saga.step-runtime-binding');
type GlobalWithBinding = typeof globalThis & { [BINDING_KEY]?: StepRuntimeBinding };

/** Binds (or, with `undefined`, unbinds) the process's step handlers to a test environment's store. */
export function bindStepRuntime(binding: StepRuntimeBinding | undefined): void {
  const global = globalThis as GlobalWithBinding;
  if (binding) global[BINDING_KEY] = binding;
  else delete global[BINDING_KEY];
}

/** The test environment's binding, when one is active. */
export function currentStepRuntimeBinding(): StepRuntimeBinding | undefined {
  return (globalThis as GlobalWithBinding)[BINDING_KEY];
}
