import type { DynamoDbLocal } from '../../local/dynamodb/dynamo-db-local.ts';
import { createSagaTable } from '../../local/dynamodb/saga-table.ts';
import { LocalSagaEngine } from '../../local/engine/local-saga-engine.ts';
import { type SagaLayout, syntheticSaga } from './synthetic-saga.ts';

let tables = 0;

/** A synthetic saga of the layout on a fresh saga table, with its recorded handler calls. */
export async function syntheticEngine(dynamoDb: DynamoDbLocal, layout: SagaLayout) {
  const synthetic = syntheticSaga(layout);
  const sagaTableName = `sagas-${process.pid}-${++tables}`;
  await createSagaTable(dynamoDb.client, sagaTableName);
  const engine = new LocalSagaEngine(synthetic.saga, {
    dynamoDb: dynamoDb.client,
    sagaTableName,
    handlers: synthetic.handlers,
  });
  return { ...synthetic, engine, sagaTableName };
}
