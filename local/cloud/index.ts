/**
 * The local cloud, for tests of your own stacks (`sfn-saga/testing`): run a synthesized stack on
 * DynamoDB Local, a local SQS and local EventBridge and Step Functions, without Docker.
 */

export { type DynamoDbLocal, startDynamoDbLocal } from '../dynamodb/dynamo-db-local.ts';
export { createIdempotencyTable, createSagaTable, readSagaRecord } from '../dynamodb/saga-table.ts';
export { formatTimeline } from '../engine/format-timeline.ts';
export {
  LocalSagaEngine,
  type LocalSagaEngineOptions,
  type LocalSagaRun,
} from '../engine/local-saga-engine.ts';
export { matchesEventPattern, parseEventPattern } from '../eventbridge/index.ts';
export { executionTimeline } from './execution-timeline.ts';
export { type LocalCloud, type LocalCloudOptions, startLocalCloud } from './local-cloud.ts';
export type { LocalEndpoints } from './local-endpoints.ts';
