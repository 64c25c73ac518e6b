/**
 * An in-memory DynamoDB for fast tests: DynamoDB's item operations and expression language,
 * exactly, in microseconds. See `in-memory-dynamodb.ts` for why it exists and what it covers.
 */
export { InMemoryDynamoDbUnsupportedError } from './errors.ts';
export { InMemoryDynamoDb, type InMemoryTableSpec, type KeyType } from './in-memory-dynamodb.ts';
