import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { RuntimeEnvironment } from '../../contract/environment.ts';
import { compileInputSchema } from '../../contract/input-schema.ts';
import { SAGA_TYPE_DIMENSION, SagaMetrics } from '../../contract/saga-metrics.ts';
import { requiredEnv, requiredIntegerEnv } from '../core/required-env.ts';
import { type BatchOutcome, processStartBatch } from '../core/start-batch.ts';
import { logger } from '../shared/powertools/logger.ts';

/**
 * The starter: takes start messages from the start queue (fed by the EventBridge trigger rule or
 * sent directly) and starts one saga per business key. Configured by the SagaOrchestrator construct.
 */
const sagaType = requiredEnv(RuntimeEnvironment.sagaType);
const metrics = new Metrics({ defaultDimensions: { [SAGA_TYPE_DIMENSION]: sagaType } });
const inputSchema = process.env.INPUT_SCHEMA;
const deps = {
  dynamoDb: new DynamoDBClient({}),
  stepFunctions: new SFNClient({}),
  sqs: new SQSClient({}),
  target: {
    saga: {
      name: sagaType,
      timeoutSeconds: requiredIntegerEnv('SAGA_TIMEOUT_SECONDS'),
      executionTimeoutSeconds: requiredIntegerEnv('EXECUTION_TIMEOUT_SECONDS'),
      retentionDays: requiredIntegerEnv(RuntimeEnvironment.retentionDays),
    },
    sagaTableName: requiredEnv(RuntimeEnvironment.sagaTableName),
    stateMachineArn: requiredEnv('STATE_MACHINE_ARN'),
    startTargetArn: requiredEnv(RuntimeEnvironment.startTargetArn),
  },
  mapping: {
    businessKeyPath: requiredEnv('BUSINESS_KEY_PATH'),
    inputPath: process.env.INPUT_PATH ?? '',
    maxInputBytes: requiredIntegerEnv('MAX_INPUT_BYTES'),
    ...(inputSchema ? { validateInput: compileInputSchema(JSON.parse(inputSchema)) } : {}),
  },
  deadLetterQueueUrl: requiredEnv('DEAD_LETTER_QUEUE_URL'),
  maxReceiveCount: requiredIntegerEnv('MAX_RECEIVE_COUNT'),
};

/** The metric each outcome counts. */
const OUTCOME_METRICS: Record<BatchOutcome['outcome'], string> = {
  started: SagaMetrics.sagasStarted,
  healed: SagaMetrics.sagasStarted,
  duplicate: SagaMetrics.duplicateStarts,
  rejected: SagaMetrics.malformedStarts,
  'dead-lettered': SagaMetrics.deadLetteredStarts,
};

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  try {
    return await processStartBatch(event, {
      ...deps,
      onOutcome: (result) => {
        metrics.addMetric(OUTCOME_METRICS[result.outcome], MetricUnit.Count, 1);
        if ('reason' in result) {
          logger.warn('Start message moved to the dead-letter queue', {
            outcome: result.outcome,
            reason: result.reason,
          });
          return;
        }
        logger.info(`Saga start: ${result.outcome}`, { sagaId: result.sagaId });
      },
      onError: (messageId, error) => {
        logger.error('Start failed; the message will be retried', { messageId, error: error as Error });
        metrics.addMetric(SagaMetrics.stateStoreErrors, MetricUnit.Count, 1);
      },
    });
  } finally {
    metrics.publishStoredMetrics();
  }
};
