import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MiddlewareObj } from '@middy/core';
import { currentStepRuntimeBinding } from '../local-binding.ts';
import { resolveStepStorage, type SagaStepOptions, type StepStorage } from '../options.ts';
import { type StepRequest, setStorage } from './request-state.ts';

/**
 * Resolves where the step keeps its records — the idempotency store and the saga table — before
 * the step runs (see `resolveStepStorage`): a test environment's binding on every invocation, the
 * options and environment once per container. A missing table name throws the
 * `SagaConfigurationError` that names it. Register it after `stepEnvelope`, before the idempotency
 * middleware.
 */
export function stepStorage(options: SagaStepOptions): MiddlewareObj {
  let client: DynamoDBClient | undefined;
  const lazyClient = () => {
    client ??= new DynamoDBClient({});
    return client;
  };
  let deployed: StepStorage | undefined;
  const stepStorageBefore = (request: StepRequest) => {
    if (currentStepRuntimeBinding()) {
      setStorage(request, resolveStepStorage(options, lazyClient));
      return;
    }
    deployed ??= resolveStepStorage(options, lazyClient);
    setStorage(request, deployed);
  };
  return { before: stepStorageBefore };
}
