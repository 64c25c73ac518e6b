/**
 * The environment variables the CDK construct sets on each function and the functions read. A
 * function run elsewhere (a test, the local cloud) needs the same ones.
 */
export const RuntimeEnvironment = {
  /** The saga table (the step runtime's event log; the project's functions' records). */
  sagaTableName: 'SAGA_TABLE_NAME',
  /** The Powertools idempotency table of the step handlers (partition key `id`, TTL `expiration`). */
  idempotencyTableName: 'IDEMPOTENCY_TABLE_NAME',
  /** The saga type, e.g. `OrderSaga` (the project's functions). */
  sagaType: 'SAGA_TYPE',
  /** Days a finished saga's record is kept (the project's functions). */
  retentionDays: 'SAGA_RETENTION_DAYS',
} as const;
