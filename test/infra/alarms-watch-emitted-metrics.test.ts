import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SagaMetrics } from '../../contract/saga-metrics.ts';
import { SAGA_TABLE, SagaStatus } from '../../contract/saga-table.ts';
import { EXAMPLE_STACK_NAME, synthesizeExample } from '../../infra/synthesize-example.ts';
import { type CloudTemplate, readTemplate, resolveIntrinsics } from '../../local/cloud/cloud-template.ts';
import { functionSpecOf, LambdaHost, type LocalFunctionSpec } from '../../local/cloud/lambda-host.ts';
import { localSdkEnvironment } from '../../local/cloud/local-endpoints.ts';
import { identityKey, type MetricIdentity, metricsInEmfLines } from '../support/emf-metrics.ts';
import { awsError, FakeAwsEndpoints } from '../support/fake-aws-endpoints.ts';
import { metricsWatchedByAlarms, metricsWatchedByDashboards, type WatchedMetric } from './watched-metrics.ts';

/**
 * The alarms and the dashboard read metrics by namespace, name and whole dimension set; the
 * project's functions write them through Powertools, which adds dimensions of its own. This runs
 * the functions' real bundles from the synthesized example (with the environment its template
 * gives them, their AWS calls answered by fakes that succeed or fail on demand), collects what
 * their EMF lines create, and holds every custom metric the template watches against it.
 */

/** The project's functions that publish metrics, by their construct path in the example stack. */
const STARTER = 'Starter';
const LIFECYCLE_PUBLISHER = 'LifecyclePublisher';

let assemblyDir: string;
let template: CloudTemplate;
let fakes: FakeAwsEndpoints;
let functions: LambdaHost;

beforeAll(async () => {
  assemblyDir = synthesizeExample(await mkdtemp(join(tmpdir(), 'sfn-saga-metrics-')));
  template = await readTemplate(assemblyDir, EXAMPLE_STACK_NAME);
  fakes = await FakeAwsEndpoints.start();
  functions = new LambdaHost(
    projectFunctions(template, assemblyDir, [STARTER, LIFECYCLE_PUBLISHER]),
    localSdkEnvironment(fakes.endpoints),
  );
}, 180_000);

afterAll(async () => {
  await functions?.stop();
  await fakes?.close();
  await rm(assemblyDir, { recursive: true, force: true });
});

/** The project's functions of the template, each with its bundle and its template environment. */
function projectFunctions(
  cloudTemplate: CloudTemplate,
  dir: string,
  parts: readonly string[],
): Map<string, LocalFunctionSpec> {
  const specs = new Map<string, LocalFunctionSpec>();
  for (const [id, resource] of Object.entries(cloudTemplate.Resources)) {
    const path = String(resource.Metadata?.['aws:cdk:path'] ?? '');
    const part = parts.find((name) => path.includes(`/Orders/${name}/Function/`));
    if (resource.Type !== 'AWS::Lambda::Function' || !part) continue;
    const variables = resolveIntrinsics(
      (resource.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
      new Map(),
    ) as Record<string, string>;
    specs.set(part, functionSpecOf(id, resource, dir, variables));
  }
  const missing = parts.filter((part) => !specs.has(part));
  if (missing.length > 0) throw new Error(`The example template has no function ${missing.join(', ')}`);
  return specs;
}

const sqsRecord = (messageId: string, body: string) => ({
  messageId,
  receiptHandle: messageId,
  body,
  attributes: { SentTimestamp: String(Date.now()), ApproximateReceiveCount: '1' },
  messageAttributes: {},
  eventSource: 'aws:sqs',
});
const orderPlaced = (orderId: string) =>
  JSON.stringify({
    source: 'shop',
    'detail-type': 'OrderPlaced',
    detail: { orderId, customerId: 'c-1', sku: 'SKU-1', quantity: 1, amountCents: 100 },
  });

const startedAt = '2030-01-01T00:00:00.000Z';
const endedAt = '2030-01-01T00:00:42.000Z';
const sagaChange = (sagaId: string, status: SagaStatus, extra: Record<string, string> = {}) => {
  const item = {
    [SAGA_TABLE.partitionKey]: sagaId,
    [SAGA_TABLE.sortKey]: SAGA_TABLE.sagaItemSortKey,
    sagaType: 'OrderSaga',
    businessKey: sagaId,
    startedAt,
  };
  return {
    eventName: 'MODIFY',
    dynamodb: {
      OldImage: marshall({ ...item, status: SagaStatus.RUNNING }),
      NewImage: marshall({ ...item, status, endedAt, ...extra }),
    },
  };
};

/**
 * Sagas that ended with each kind of error the failure-reasons widget tells apart, as the records
 * hold them: a rollback's `failure` (JSON, as the compiled record state writes it) or the status
 * recorder's `error` on a saga that could not finish.
 */
const sagasEndedWithErrors = () => {
  const rolledBack = [
    'SagaTerminalError',
    'SagaRetryableError',
    'SagaConfigurationError',
    'SagaOutputTooLarge',
    'States.HeartbeatTimeout',
    'States.TaskFailed',
    'Lambda.ServiceException',
    'DynamoDB.ConditionalCheckFailedException',
    'PaymentProviderMeltdown',
  ].map((error) =>
    sagaChange(`rolled-back-${error}`, SagaStatus.COMPENSATED, {
      failure: JSON.stringify({ Error: error, Cause: 'as the step reported it' }),
    }),
  );
  const endedWith = (sagaId: string, status: SagaStatus, error: string) =>
    sagaChange(sagaId, status, {
      error,
      cause: 'as Step Functions reported it',
      failedStep: 'SendConfirmation',
    });
  return [
    ...rolledBack,
    endedWith('deadline', SagaStatus.TIMED_OUT, 'SagaDeadlineExceeded'),
    endedWith('cancelled-by-operator', SagaStatus.CANCELLED, 'SagaCancelled'),
    endedWith('runtime-error', SagaStatus.FAILED, 'States.Runtime'),
    endedWith('too-much-data', SagaStatus.FAILED, 'States.DataLimitExceeded'),
  ];
};

/**
 * Runs the starter and the lifecycle publisher through every outcome that publishes a metric:
 * a start, a duplicate, a malformed message, a saga-table write that fails; a saga ending in each
 * terminal status (one FAILED because a compensation failed), sagas that ended with each kind of
 * error, the active-sagas gauge, and a batch whose events EventBridge refuses. Returns what their EMF lines create.
 */
async function runTheFunctions(): Promise<MetricIdentity[]> {
  fakes
    .answer('dynamoDb', 'PutItem', (input) => {
      const businessKey = (input.Item as { businessKey?: { S?: string } }).businessKey?.S;
      if (businessKey === 'duplicate') return awsError('ConditionalCheckFailedException');
      if (businessKey === 'store-down') return awsError('AccessDeniedException');
      return {};
    })
    .answer('dynamoDb', 'Query', () => ({ Items: [], Count: 0 }))
    // The lifecycle publisher moves each saga's index item: the old one goes.
    .answer('dynamoDb', 'DeleteItem', () => ({}))
    .answer('stepFunctions', 'StartExecution', (input) => ({
      executionArn: `arn:aws:states:us-east-1:000000000000:execution:orders:${input.name}`,
      startDate: Date.now() / 1000,
    }))
    .answer('stepFunctions', 'ListExecutions', () => ({
      executions: [
        {
          executionArn: 'arn:aws:states:us-east-1:000000000000:execution:orders:open',
          stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:orders',
          name: 'open',
          status: 'RUNNING',
          startDate: Date.now() / 1000,
        },
      ],
    }))
    .answer('sqs', 'SendMessage', () => ({ MessageId: 'dead-letter-1' }))
    .answer('eventBridge', 'PutEvents', (input) => ({
      FailedEntryCount: 0,
      Entries: (input.Entries as unknown[]).map((_, index) => ({ EventId: `event-${index}` })),
    }));
  await functions.invoke(STARTER, {
    Records: [
      sqsRecord('m-1', orderPlaced('fresh')),
      sqsRecord('m-2', orderPlaced('duplicate')),
      sqsRecord('m-3', 'not JSON'),
      sqsRecord('m-4', orderPlaced('store-down')),
    ],
  });
  await functions.invoke(LIFECYCLE_PUBLISHER, {
    Records: [
      sagaChange('completed', SagaStatus.COMPLETED),
      sagaChange('compensated', SagaStatus.COMPENSATED),
      sagaChange('failed', SagaStatus.FAILED, { failedStep: 'Compensate ChargePayment' }),
      sagaChange('timed-out', SagaStatus.TIMED_OUT),
      sagaChange('cancelled', SagaStatus.CANCELLED),
    ],
  });
  await functions.invoke(LIFECYCLE_PUBLISHER, { Records: sagasEndedWithErrors() });
  fakes.answer('eventBridge', 'PutEvents', (input) => ({
    FailedEntryCount: (input.Entries as unknown[]).length,
    Entries: (input.Entries as unknown[]).map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'down' })),
  }));
  await expect(
    functions.invoke(LIFECYCLE_PUBLISHER, { Records: [sagaChange('refused', SagaStatus.COMPLETED)] }),
  ).rejects.toThrow(/EventBridge refused 1 lifecycle events/);
  return metricsInEmfLines(functions.logs.map(({ line }) => line));
}

let emitted: Promise<MetricIdentity[]> | undefined;
/** What the functions emit, from one run shared by the tests. */
const emittedMetrics = () => {
  emitted ??= runTheFunctions();
  return emitted;
};

/** The watched metrics of the saga's own namespace (AWS namespaces are CloudWatch's to match). */
const custom = (watched: WatchedMetric[]) => watched.filter((metric) => !metric.namespace.startsWith('AWS/'));

const unmatched = (watched: WatchedMetric[], emittedByFunctions: MetricIdentity[]) => {
  const emittedKeys = new Set(emittedByFunctions.map(identityKey));
  return watched
    .filter((metric) => !emittedKeys.has(identityKey(metric)))
    .map((metric) => `${metric.watchedBy} reads ${identityKey(metric)}`);
};

const emittedList = (emittedByFunctions: MetricIdentity[]) =>
  `the functions emitted:\n${[...new Set(emittedByFunctions.map(identityKey))].join('\n')}`;

describe("the example's alarms and dashboard read the metrics the project's functions emit", () => {
  it('alarms on custom metrics name each one with the namespace, name and whole dimension set the functions emit', async () => {
    // Act
    const emittedByFunctions = await emittedMetrics();
    const watched = custom(metricsWatchedByAlarms(template));
    // Assert
    expect(watched.map((metric) => metric.metricName).sort()).toEqual(
      [
        SagaMetrics.activeSagas,
        SagaMetrics.compensationsFailed,
        SagaMetrics.eventPublishErrors,
        SagaMetrics.stateStoreErrors,
      ].sort(),
    );
    expect(unmatched(watched, emittedByFunctions), emittedList(emittedByFunctions)).toEqual([]);
  });

  it('dashboard widgets graph each custom metric with the namespace, name and whole dimension set the functions emit', async () => {
    // Act
    const emittedByFunctions = await emittedMetrics();
    const watched = custom(metricsWatchedByDashboards(template));
    // Assert
    expect(new Set(watched.map((metric) => metric.metricName))).toEqual(
      new Set([SagaMetrics.sagasEnded, SagaMetrics.activeSagas, SagaMetrics.sagaFailureReasons]),
    );
    expect(unmatched(watched, emittedByFunctions), emittedList(emittedByFunctions)).toEqual([]);
  });
});
