import { orderScenarios, type Scenario } from '../scenarios/order-scenarios.ts';
import { verifyExecution } from './execution-history.ts';
import { LOCALSTACK_WAIT_TIMEOUT_MS, type LocalStackBackend } from './localstack-backend.ts';
import type { AfterScenarioContext } from './run-scenarios.ts';

/**
 * The scenarios the LocalStack suite runs: the shared list itself (one definition, two backends), not a
 * copy, so the local cloud and LocalStack prove the same behaviour.
 */
export const localStackScenarios: readonly Scenario[] = orderScenarios;

/** The names of the scenarios the LocalStack suite runs, in order. */
export function localStackScenarioNames(): string[] {
  return localStackScenarios.map((scenario) => scenario.name);
}

/**
 * A scenario's time limit on LocalStack: its own waits are bounded by the backend's wait timeout (the
 * TTL scenario waits four of them for the expiry), plus one per saga for its execution history.
 */
export const LOCALSTACK_SCENARIO_TIMEOUT_MS = 10 * LOCALSTACK_WAIT_TIMEOUT_MS;

/**
 * After a scenario: for every order it placed, the Step Functions execution named by the saga id agrees
 * with the saga record (see `verifyExecution`). Orders run one after another, so a failure names one.
 */
export async function verifyExecutions({
  backend,
  world,
  placedOrderIds,
}: AfterScenarioContext<LocalStackBackend>): Promise<void> {
  for (const orderId of placedOrderIds) {
    await verifyExecution(backend.clients.stepFunctions, backend.resources.stateMachineArn, world, orderId);
  }
}
