import { StateMachine } from 'aws-local-stepfunctions';
import type { DynamoDbLocal } from '../local/dynamodb/dynamo-db-local.ts';
import { createSagaTable } from '../local/dynamodb/saga-table.ts';
import type { StepHandler } from '../local/engine/lambda-invoker.ts';
import { LocalSagaEngine } from '../local/engine/local-saga-engine.ts';
import { defineSaga, NO_COMPENSATION, RetryPolicies } from '../statemachines/index.ts';
import { CDK_PATTERNS_STEPS, cdkPatternsSagaDefinition } from './baselines/cdk-patterns-saga.ts';
import { benchStep } from './support.ts';

/** Fails the step named in `input.failAt`, terminally, so no retry adds attempts. */
const handler: StepHandler = async (event) => {
  const { step, phase, input } = event as { step: string; phase: string; input: { failAt?: string } };
  if (phase === 'action' && input.failAt === step) {
    throw Object.assign(new Error(`bench failure in ${step}`), { name: 'SagaTerminalError' });
  }
  return { ok: true };
};

/**
 * Measured transitions of our compiled N-step saga: happy path and a failure at every step.
 * `compensable` (default all) says which steps have a compensation, to mirror another saga's shape.
 */
export async function measureOurTransitions(
  dynamoDb: DynamoDbLocal,
  steps: number,
  compensable?: readonly boolean[],
) {
  const saga = defineSaga({
    name: `Bench${steps}${compensable ? 'Mirror' : ''}`,
    steps: Array.from({ length: steps }, (_, index) => ({
      ...benchStep(index + 1),
      retry: RetryPolicies.none,
      ...(compensable && !compensable[index] ? { compensation: NO_COMPENSATION } : {}),
    })),
  });
  const table = `bench-transitions-${saga.name}`;
  await createSagaTable(dynamoDb.client, table);
  const handlers = Object.fromEntries(
    Array.from({ length: steps }, (_, index) => [
      [`S${index + 1}`, handler],
      [`UndoS${index + 1}`, handler],
    ]).flat(),
  );
  const engine = new LocalSagaEngine(saga, { dynamoDb: dynamoDb.client, sagaTableName: table, handlers });
  const happy = await engine.run({ businessKey: 'happy', input: {} });
  const failures: number[] = [];
  for (let k = 1; k <= steps; k += 1) {
    const run = await engine.run({ businessKey: `fail-${k}`, input: { failAt: `S${k}` } });
    failures.push(run.transitions);
  }
  return {
    steps,
    happyPath: happy.transitions,
    floor: steps,
    failureAt: failures,
    compensable: compensable ?? 'all',
  };
}

/** Measured transitions of the cdk-patterns baseline on the same engine. */
export async function measureCdkPatternsTransitions() {
  const machine = new StateMachine(cdkPatternsSagaDefinition() as never);
  const allStates = Object.keys(cdkPatternsSagaDefinition().States);
  const run = async (failAt?: string) => {
    const overrides = Object.fromEntries(
      allStates.map((name) => [
        name,
        async () => {
          if (name === failAt) throw Object.assign(new Error('bench failure'), { name: 'BenchFailure' });
          return { ok: true };
        },
      ]),
    );
    const execution = machine.run({}, { overrides: { taskResourceLocalHandlers: overrides } });
    let entered = 0;
    const counting = (async () => {
      for await (const event of execution.eventLogs) if (event.type === 'StateEntered') entered += 1;
    })();
    await execution.result.catch(() => undefined);
    await counting;
    return entered;
  };
  const failures: number[] = [];
  for (const step of CDK_PATTERNS_STEPS) failures.push(await run(step));
  return {
    steps: CDK_PATTERNS_STEPS.length,
    happyPath: await run(),
    failureAt: failures,
    recordsState: false,
  };
}

/** Which of the cdk-patterns steps have a compensation: the reservations and the payment, not the confirmations. */
export const CDK_PATTERNS_COMPENSABLE = [true, true, true, false, false] as const;
