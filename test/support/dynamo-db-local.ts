import { afterAll, beforeAll } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb/dynamo-db-local.ts';

/**
 * Starts AWS's DynamoDB Local before the file's tests and stops it after them. The returned
 * getter gives the running instance inside tests.
 */
export function useDynamoDbLocal(): () => DynamoDbLocal {
  let instance: DynamoDbLocal | undefined;
  beforeAll(async () => {
    instance = await startDynamoDbLocal();
  });
  afterAll(async () => {
    await instance?.stop();
  });
  return () => {
    if (!instance) throw new Error('DynamoDB Local is not running (beforeAll failed?)');
    return instance;
  };
}
