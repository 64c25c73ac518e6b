import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { SAGA_TYPE_DIMENSION, SagaMetrics } from '../../contract/saga-metrics.ts';
import { requiredEnv, requiredIntegerEnv } from '../core/required-env.ts';
import { processStartBatch } from '../core/start-batch.ts';

/**
 * The starter: takes start messages from the start queue (fed by the EventBridge trigger rule or
 * sent directly) and starts one saga per business key. Configured by the SagaOrchestrator construct.
 */
const sagaType = requiredEnv('SAGA_TYPE');
const logger = new Logger();
const metrics = new Metrics({ defaultDimensions: { [SAGA_TYPE_DIMENSION]: sagaType } });
const deps = {
  dynamoDb: new DynamoDBClient({}),
  stepFunctions: new SFNClient({}),
  sqs: new SQSClient({}),
  target: {
    saga: {
      name: sagaType,
      timeoutSeconds: requiredIntegerEnv('SAGA_TIMEOUT_SECONDS'),
      retentionDays: requiredIntegerEnv('SAGA_RETENTION_DAYS'),
    },
    sagaTableName: requiredEnv('SAGA_TABLE_NAME'),
    stateMachineArn: requiredEnv('STATE_MACHINE_ARN'),
  },
  mapping: { businessKeyPath: requiredEnv('BUSINESS_KEY_PATH'), inputPath: process.env.INPUT_PATH ?? '' },
  deadLetterQueueUrl: requiredEnv('DEAD_LETTER_QUEUE_URL'),
};

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  try {
    return await processStartBatch(event, {
      ...deps,
      onOutcome: (result) => {
        if (result.outcome === 'malformed') {
          logger.warn('Start message moved to the dead-letter queue', { reason: result.reason });
          metrics.addMetric(SagaMetrics.malformedStarts, MetricUnit.Count, 1);
          return;
        }
        logger.info(result.outcome === 'started' ? 'Saga started' : 'Duplicate start absorbed', {
          sagaId: result.sagaId,
        });
        metrics.addMetric(
          result.outcome === 'started' ? SagaMetrics.sagasStarted : SagaMetrics.duplicateStarts,
          MetricUnit.Count,
          1,
        );
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
