/**
 * The custom metrics the project's functions publish (EMF), shared with the CDK monitoring so the
 * dashboard and alarms read exactly what the functions write. Step Functions' own metrics
 * (ExecutionsStarted, ExecutionTime, …) cover starts, outcomes and durations.
 *
 * Every one of them carries the dimension `service` too ({@link SERVICE_DIMENSION}): Powertools adds
 * it to every metric, from `POWERTOOLS_SERVICE_NAME`. CloudWatch matches a metric by its whole
 * dimension set, so an alarm must name `service` as well to see any data.
 */
export const SagaMetrics = {
  /** Count, dimensions SagaType and Status: a saga reached a terminal status. */
  sagasEnded: 'SagasEnded',
  /** Milliseconds, dimension SagaType: start to end of a saga, by its record. */
  sagaDuration: 'SagaDuration',
  /** Count, dimension SagaType: open sagas (RUNNING or COMPENSATING), a gauge. */
  activeSagas: 'ActiveSagas',
  /** Count, dimension SagaType: sagas parked as FAILED because a compensation could not finish. */
  compensationsFailed: 'CompensationsFailed',
  /** Count, dimension SagaType: start messages refused for good (malformed, too large, against the schema, refused by Step Functions), dead-lettered with the reason. */
  malformedStarts: 'MalformedStarts',
  /** Count, dimension SagaType: start messages whose every delivery failed, dead-lettered by the starter with the last error. */
  deadLetteredStarts: 'DeadLetteredStarts',
  /** Count, dimension SagaType: sagas started; duplicates of a business key are not counted. */
  sagasStarted: 'SagasStarted',
  /** Count, dimension SagaType: duplicate starts of a business key that were absorbed. */
  duplicateStarts: 'DuplicateStarts',
  /** Count, dimension SagaType: failed reads or writes of the saga table. */
  stateStoreErrors: 'StateStoreErrors',
  /** Count, dimension SagaType: lifecycle events EventBridge did not accept. */
  eventPublishErrors: 'EventPublishErrors',
  /**
   * Count, dimensions SagaType and ErrorType: a saga that rolled back, failed, timed out or was
   * cancelled, by the error that rolled it back or ended it, from a bounded set of values (see
   * `failure-reasons.ts`). A redriven saga counts again when it ends again; an abandoned one does not.
   */
  sagaFailureReasons: 'SagaFailureReasons',
} as const;

/**
 * The dimension Powertools Metrics adds to every metric it emits: the service name
 * (`POWERTOOLS_SERVICE_NAME`, which the construct sets to its `serviceName`).
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/core/metrics/
 */
export const SERVICE_DIMENSION = 'service';
/** The dimension every saga metric carries (beside {@link SERVICE_DIMENSION}). */
export const SAGA_TYPE_DIMENSION = 'SagaType';
/** The dimension of `SagasEnded`. */
export const STATUS_DIMENSION = 'Status';
