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
  /**
   * What the starter starts executions on: the state machine's `live` alias (its ARN, qualified), or
   * the state machine itself when the construct deploys without versions (`deployment: false`).
   * Execution ARNs are derived from the unqualified state machine ARN either way.
   */
  startTargetArn: 'START_TARGET_ARN',
} as const;
