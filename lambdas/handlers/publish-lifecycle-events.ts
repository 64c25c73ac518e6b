import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { DECLARED_ERROR_TYPES_VARIABLE, ERROR_TYPE_DIMENSION } from '../../contract/failure-reasons.ts';
import type { SagaLifecycleDetail } from '../../contract/lifecycle-events.ts';
import { SAGA_TYPE_DIMENSION, SagaMetrics, STATUS_DIMENSION } from '../../contract/saga-metrics.ts';
import { TERMINAL_STATUSES } from '../../contract/saga-table.ts';
import { errorTypesFrom, failureReasonOf } from '../core/failure-reason.ts';
import { indexSagaChanges } from '../core/index-saga-changes.ts';
import { rollbackCouldNotFinish, type SagaStreamRecord } from '../core/lifecycle-event.ts';
import { countActiveSagas, publishLifecycleEvents } from '../core/publish-lifecycle.ts';
import { requiredEnv } from '../core/required-env.ts';
import { expireSagaEvents } from '../runtime/step-record/expire-saga-events.ts';
import { logger } from '../shared/powertools/logger.ts';

/**
 * The lifecycle publisher: reads the saga table's stream and publishes "Saga Started / Completed /
 * Compensated / Failed / Timed Out / Cancelled" events to the bus, and the saga-level metrics;
 * it keeps the saga index (`saga list`, `saga stats`) in step with every status change.
 */
const sagaType = requiredEnv('SAGA_TYPE');
const stateMachineArn = requiredEnv('STATE_MACHINE_ARN');
const eventBusName = requiredEnv('EVENT_BUS_NAME');
const metrics = new Metrics({ defaultDimensions: { [SAGA_TYPE_DIMENSION]: sagaType } });
const eventBridge = new EventBridgeClient({});
const stepFunctions = new SFNClient({});
const dynamoDb = new DynamoDBClient({});
const tableName = requiredEnv('SAGA_TABLE_NAME');
const countActive = process.env.COUNT_ACTIVE_SAGAS !== 'false';
const errorTypes = errorTypesFrom(process.env[DECLARED_ERROR_TYPES_VARIABLE]);

export const handler = async (event: DynamoDBStreamEvent): Promise<void> => {
  try {
    // The index first (contract/saga-index.ts): its writes are idempotent, so when publishing fails
    // and the batch is retried, writing them again is harmless.
    try {
      await indexSagaChanges(dynamoDb, tableName, event.Records as SagaStreamRecord[]);
    } catch (error) {
      metrics.addMetric(SagaMetrics.stateStoreErrors, MetricUnit.Count, 1);
      throw error;
    }
    let published: SagaLifecycleDetail[];
    try {
      published = await publishLifecycleEvents(
        eventBridge,
        eventBusName,
        event.Records as SagaStreamRecord[],
      );
    } catch (error) {
      metrics.addMetric(SagaMetrics.eventPublishErrors, MetricUnit.Count, 1);
      throw error;
    }
    for (const detail of published) recordEndMetrics(detail);
    // A saga that ended lends its TTL to its step records, so they expire with it.
    for (const detail of published.filter((ended) => TERMINAL_STATUSES.includes(ended.status))) {
      await expireSagaEvents(dynamoDb, tableName, detail.sagaId);
    }
    await publishActiveSagas();
    logger.info('Published lifecycle events', { count: published.length });
  } finally {
    metrics.publishStoredMetrics();
  }
};

/**
 * The active-sagas gauge. Its failure must not fail the batch (that would publish the batch's
 * events again), so it is logged and counted instead. Express workflows cannot list executions.
 */
async function publishActiveSagas(): Promise<void> {
  if (!countActive) return;
  try {
    metrics.addMetric(
      SagaMetrics.activeSagas,
      MetricUnit.Count,
      await countActiveSagas(stepFunctions, stateMachineArn),
    );
  } catch (error) {
    logger.warn('Could not count the active sagas', { error: error as Error });
  }
}

function recordEndMetrics(detail: SagaLifecycleDetail): void {
  if (!TERMINAL_STATUSES.includes(detail.status) || !detail.endedAt) return;
  const single = metrics.singleMetric();
  single.addDimension(STATUS_DIMENSION, detail.status);
  single.addMetric(SagaMetrics.sagasEnded, MetricUnit.Count, 1);
  metrics.addMetric(
    SagaMetrics.sagaDuration,
    MetricUnit.Milliseconds,
    Date.parse(detail.endedAt) - Date.parse(detail.startedAt),
  );
  if (rollbackCouldNotFinish(detail)) {
    metrics.addMetric(SagaMetrics.compensationsFailed, MetricUnit.Count, 1);
  }
  const reason = failureReasonOf(detail, errorTypes);
  if (reason) {
    const byError = metrics.singleMetric();
    byError.addDimension(ERROR_TYPE_DIMENSION, reason);
    byError.addMetric(SagaMetrics.sagaFailureReasons, MetricUnit.Count, 1);
  }
}
