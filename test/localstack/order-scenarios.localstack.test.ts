/**
 * The full-stack scenarios on LocalStack: the example stack deployed with cdklocal, driven through real
 * SDK clients (PutEvents on the bus; the saga table, the lifecycle subscriber queue and the Step
 * Functions history polled, bounded, until each scenario's end state).
 *
 * Without a LocalStack at the endpoint (or without the deployed stack) the tests are skipped with one
 * line saying how to start it; `npm run localstack:test` sets LOCALSTACK_REQUIRED=1 to fail instead.
 * See localstack/README.md.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { detectLocalStack, isRequired } from './detect-localstack.ts';
import { destroyBackend, type LocalStackBackend, localStackBackend } from './localstack-backend.ts';
import {
  LOCALSTACK_SCENARIO_TIMEOUT_MS,
  localStackScenarios,
  verifyExecutions,
} from './localstack-scenarios.ts';
import { runScenario } from './run-scenarios.ts';
import { startTtlSweeper, type TtlSweeper } from './ttl-sweeper.ts';

const detection = await detectLocalStack(process.env);
if (!detection.ready) {
  if (isRequired(process.env))
    throw new Error(detection.message.replace('skipped', 'required but cannot run'));
  console.info(detection.message);
}

describe.skipIf(!detection.ready)('the order saga on LocalStack', () => {
  let backend: LocalStackBackend | undefined;
  let sweeper: TtlSweeper | undefined;

  beforeAll(() => {
    if (!detection.ready) return;
    backend = localStackBackend(detection.endpoint, detection.outputs);
    sweeper = startTtlSweeper(detection.endpoint);
  });

  afterAll(async () => {
    await sweeper?.stop();
    if (backend) destroyBackend(backend);
  });

  for (const scenario of localStackScenarios) {
    it(
      scenario.name,
      async () => {
        // Arrange: the deployed stack (beforeAll), a fresh world per scenario (runScenario)
        if (!backend) throw new Error('the LocalStack backend was not built (beforeAll failed?)');
        // Act: the shared scenario, which asserts on the saga table and the lifecycle queue as it goes
        const result = await runScenario(backend, scenario, { afterScenario: verifyExecutions });
        // Assert: it passed, and each saga's execution history agrees with its record
        if (!result.passed) {
          const ttl = sweeper?.lastError ? ` (TTL sweeper: ${sweeper.lastError})` : '';
          console.error(`✗ ${scenario.name} on ${backend.name}${ttl}: ${result.error}`);
          throw result.thrown;
        }
      },
      LOCALSTACK_SCENARIO_TIMEOUT_MS,
    );
  }
});
