import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { RuntimeEnvironment } from '../../../contract/environment.ts';
import type { Saga } from '../../../statemachines/definition/saga.ts';
import type { SagaFunctionOptions } from '../saga-function-options.ts';
import type { SagaTriggerProps } from '../saga-orchestrator-props.ts';
import { grantExecutionData } from './customer-managed-key.ts';
import { queueWithDeadLetter } from './queue-with-dead-letter.ts';
import { type SharedFunctionSettings, sagaLambda } from './saga-lambda.ts';
import { allowOnExecutions } from './saga-state-machine.ts';
import { allowOnTable } from './table-access.ts';

/** Start messages are redelivered this many times before they are dead-lettered. */
export const DEFAULT_MAX_RECEIVE_COUNT = 3;
/** The project's functions answer within this (a few DynamoDB and Step Functions calls). */
export const PROJECT_FUNCTION_TIMEOUT = Duration.seconds(30);
/** EventBridge's most delivery attempts to a target before it dead-letters the event. */
const MAX_EVENT_DELIVERY_ATTEMPTS = 185;
/** Lambda's SQS integration advises a visibility timeout of at least six times the function's. */
const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface SagaStarterProps {
  readonly saga: Saga;
  readonly stateMachine: StateMachine;
  readonly table: ITable;
  readonly eventBus: IEventBus;
  readonly trigger: SagaTriggerProps | undefined;
  readonly queueEncryptionKey: IKey | undefined;
  /** The customer managed key of the state machine's execution data, if it has one. */
  readonly stateMachineKey: IKey | undefined;
  readonly shared: SharedFunctionSettings;
  readonly options: SagaFunctionOptions;
  /** The environment every project function gets (saga type, table, retention). */
  readonly sagaEnvironment: Readonly<Record<string, string>>;
}

/**
 * The starter: a start queue (fed by the trigger rule, or sent to directly) with its dead-letter
 * queue, and the function that writes the RUNNING item conditionally and starts the execution
 * named by the saga id, so a business key never runs the saga twice.
 */
export class SagaStarter extends Construct {
  public readonly queue: IQueue;
  public readonly deadLetters: IQueue;
  public readonly function: LambdaFunction;
  /** Where the starter reads a start message's business key and input (the `saga start` CLI writes them there). */
  public readonly startMessage: { readonly businessKeyPath: string; readonly inputPath: string };

  constructor(scope: Construct, id: string, props: SagaStarterProps) {
    super(scope, id);
    const { saga, trigger } = props;
    const maxReceiveCount = validReceiveCount(trigger?.maxReceiveCount);
    const start = queueWithDeadLetter(this, 'Queue', {
      encryptionKey: props.queueEncryptionKey,
      removalPolicy: props.shared.removalPolicy,
      maxReceiveCount,
      visibilityTimeout: Duration.seconds(PROJECT_FUNCTION_TIMEOUT.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
    });
    this.queue = start.queue;
    this.deadLetters = start.deadLetters;
    const hasRule = trigger?.eventPattern !== undefined;
    this.startMessage = {
      businessKeyPath: trigger?.businessKeyPath ?? 'businessKey',
      inputPath: trigger?.inputPath ?? (hasRule ? 'detail' : ''),
    };
    this.function = sagaLambda(this, 'Function', {
      source: { kind: 'packaged', name: 'start-saga' },
      shared: props.shared,
      options: props.options,
      timeout: PROJECT_FUNCTION_TIMEOUT,
      environment: {
        ...props.sagaEnvironment,
        SAGA_TIMEOUT_SECONDS: String(saga.timeoutSeconds),
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
        [RuntimeEnvironment.startTargetArn]: props.stateMachine.stateMachineArn,
        BUSINESS_KEY_PATH: this.startMessage.businessKeyPath,
        INPUT_PATH: this.startMessage.inputPath,
        DEAD_LETTER_QUEUE_URL: start.deadLetters.queueUrl,
        MAX_INPUT_BYTES: String(saga.maxInputBytes),
        MAX_RECEIVE_COUNT: String(maxReceiveCount),
        EXECUTION_TIMEOUT_SECONDS: String(saga.executionTimeoutSeconds),
        ...(saga.inputSchema ? { INPUT_SCHEMA: JSON.stringify(saga.inputSchema) } : {}),
      },
    });
    this.function.addEventSource(
      new SqsEventSource(start.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    // PutItem writes the RUNNING item, DeleteItem takes it back, GetItem reads it back.
    allowOnTable(this.function, props.table, ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem']);
    // On the unqualified ARN: Step Functions authorizes a start on an alias or a version by the
    // state machine's ARN (https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html).
    props.stateMachine.grantStartExecution(this.function);
    if (props.stateMachineKey)
      grantExecutionData(this.function, props.stateMachine, props.stateMachineKey, 'write');
    // DescribeExecution reads back an execution the starter finds already started.
    allowOnExecutions(this.function, props.stateMachine, ['states:DescribeExecution']);
    start.deadLetters.grantSendMessages(this.function);
    if (trigger?.eventPattern) {
      new Rule(this, 'TriggerRule', {
        eventBus: props.eventBus,
        eventPattern: trigger.eventPattern,
        description: `Starts ${saga.name} sagas`,
        targets: [
          new SqsQueue(start.queue, {
            deadLetterQueue: start.deadLetters,
            retryAttempts: MAX_EVENT_DELIVERY_ATTEMPTS,
          }),
        ],
      });
    }
  }
}

/**
 * Starts sagas on `targetArn` (the state machine's `live` alias) instead of the state machine itself.
 * Execution ARNs stay the state machine's.
 */
export function startOn(starter: SagaStarter, targetArn: string): void {
  starter.function.addEnvironment(RuntimeEnvironment.startTargetArn, targetArn);
}

/** The receive count to build the queue with; an invalid one is reported by validation, not thrown here. */
function validReceiveCount(given: number | undefined): number {
  return given !== undefined && Number.isInteger(given) && given >= 1 && given <= 1000
    ? given
    : DEFAULT_MAX_RECEIVE_COUNT;
}
