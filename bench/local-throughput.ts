import { performance } from 'node:perf_hooks';
import type { DynamoDbLocal } from '../local/dynamodb/dynamo-db-local.ts';
import { createSagaTable } from '../local/dynamodb/saga-table.ts';
import { LocalSagaEngine } from '../local/engine/local-saga-engine.ts';
import { defineSaga } from '../statemachines/index.ts';
import { benchStep, round } from './support.ts';

const EXECUTIONS = 200;
const noop = async () => ({ ok: true });

/** Local-engine executions per second of a 5-step saga with no-op handlers, one at a time and 8 at once. */
export async function measureLocalThroughput(dynamoDb: DynamoDbLocal) {
  const saga = defineSaga({
    name: 'Bench5',
    steps: Array.from({ length: 5 }, (_, index) => benchStep(index + 1)),
  });
  await createSagaTable(dynamoDb.client, 'bench-throughput');
  const handlers = Object.fromEntries(
    Array.from({ length: 5 }, (_, index) => [
      [`S${index + 1}`, noop],
      [`UndoS${index + 1}`, noop],
    ]).flat(),
  );
  const engine = new LocalSagaEngine(saga, {
    dynamoDb: dynamoDb.client,
    sagaTableName: 'bench-throughput',
    handlers,
  });
  let key = 0;
  const runBatch = async (concurrency: number) => {
    const start = performance.now();
    for (let done = 0; done < EXECUTIONS; done += concurrency) {
      await Promise.all(
        Array.from({ length: concurrency }, () => engine.run({ businessKey: `k${++key}`, input: {} })),
      );
    }
    const seconds = (performance.now() - start) / 1000;
    return {
      concurrency,
      executions: EXECUTIONS,
      seconds: round(seconds),
      perSecond: round(EXECUTIONS / seconds, 1),
    };
  };
  await runBatch(4); // warm-up: module loading, JIT, DynamoDB Local's first requests
  return [await runBatch(1), await runBatch(8)];
}
