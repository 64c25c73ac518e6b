import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  FilterCriteria,
  FilterRule,
  type Function as LambdaFunction,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { type StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DECLARED_ERROR_TYPES_VARIABLE } from '../../../contract/failure-reasons.ts';
import { SAGA_TABLE } from '../../../contract/saga-table.ts';
import type { SagaFunctionOptions } from '../saga-function-options.ts';
import { deadLetterQueue } from './queue-with-dead-letter.ts';
import { type SharedFunctionSettings, sagaLambda } from './saga-lambda.ts';
import { PROJECT_FUNCTION_TIMEOUT } from './saga-starter.ts';
import { allowOnTable } from './table-access.ts';

/** Lambda retries a failing stream batch this many times (bisecting it) before it goes to the DLQ. */
const STREAM_RETRY_ATTEMPTS = 10;
/** Stream records per invocation. */
const STREAM_BATCH_SIZE = 100;

export interface LifecyclePublisherProps {
  readonly stateMachine: StateMachine;
  readonly stateMachineType: StateMachineType;
  readonly table: ITable;
  readonly eventBus: IEventBus;
  readonly queueEncryptionKey: IKey | undefined;
  readonly shared: SharedFunctionSettings;
  readonly options: SagaFunctionOptions;
  readonly sagaEnvironment: Readonly<Record<string, string>>;
  /** The saga's own error names its failure reasons keep (see `saga-error-types.ts`). */
  readonly declaredErrorTypes: readonly string[];
}

/**
 * The lifecycle publisher: reads the saga items' changes from the table's stream and publishes
 * `Saga Started / Completed / Compensated / …` events to the bus, the saga-level metrics, and the
 * TTL of an ended saga's step records. A batch that keeps failing goes to its dead-letter queue.
 */
export class LifecyclePublisher extends Construct {
  public readonly function: LambdaFunction;
  public readonly deadLetters: IQueue;

  constructor(scope: Construct, id: string, props: LifecyclePublisherProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'DeadLetters', {
      encryptionKey: props.queueEncryptionKey,
      removalPolicy: props.shared.removalPolicy,
    });
    this.function = sagaLambda(this, 'Function', {
      source: { kind: 'packaged', name: 'publish-lifecycle-events' },
      shared: props.shared,
      options: props.options,
      timeout: PROJECT_FUNCTION_TIMEOUT,
      environment: {
        ...props.sagaEnvironment,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
        // Express workflows cannot be listed: no active-sagas gauge for them.
        COUNT_ACTIVE_SAGAS: String(props.stateMachineType === StateMachineType.STANDARD),
        [DECLARED_ERROR_TYPES_VARIABLE]: JSON.stringify(props.declaredErrorTypes),
      },
    });
    // Without a stream there is nothing to read; validation reports the table (see validate-props.ts).
    if (props.table.tableStreamArn)
      this.function.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: STREAM_BATCH_SIZE,
          bisectBatchOnError: true,
          retryAttempts: STREAM_RETRY_ATTEMPTS,
          onFailure: new SqsDlq(this.deadLetters),
          filters: [
            FilterCriteria.filter({
              dynamodb: {
                Keys: { [SAGA_TABLE.sortKey]: { S: FilterRule.isEqual(SAGA_TABLE.sagaItemSortKey) } },
              },
            }),
          ],
        }),
      );
    props.eventBus.grantPutEventsTo(this.function);
    // Ended sagas lend their TTL to their step records; every status change moves the saga's index
    // item (PutItem, DeleteItem; see contract/saga-index.ts).
    allowOnTable(this.function, props.table, [
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
    ]);
    // Active sagas are the state machine's RUNNING executions.
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:ListExecutions'],
        resources: [props.stateMachine.stateMachineArn],
      }),
    );
  }
}
