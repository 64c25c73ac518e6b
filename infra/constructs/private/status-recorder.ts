import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { SagaFunctionOptions } from '../saga-function-options.ts';
import { grantExecutionData } from './customer-managed-key.ts';
import { deadLetterQueue } from './queue-with-dead-letter.ts';
import { type SharedFunctionSettings, sagaLambda } from './saga-lambda.ts';
import { PROJECT_FUNCTION_TIMEOUT } from './saga-starter.ts';
import { allowOnExecutions } from './saga-state-machine.ts';
import { allowOnTable } from './table-access.ts';

/** EventBridge's most delivery attempts to a target before it dead-letters the event. */
const MAX_EVENT_DELIVERY_ATTEMPTS = 185;
/** Lambda retries a failing asynchronous invocation this often (its default, made explicit) before the on-failure destination. */
const ASYNC_RETRY_ATTEMPTS = 2;

export interface StatusRecorderProps {
  readonly sagaType: string;
  readonly stateMachine: StateMachine;
  readonly table: ITable;
  readonly queueEncryptionKey: IKey | undefined;
  /** The customer managed key of the state machine's execution data, if it has one. */
  readonly stateMachineKey: IKey | undefined;
  readonly shared: SharedFunctionSettings;
  readonly options: SagaFunctionOptions;
  readonly sagaEnvironment: Readonly<Record<string, string>>;
}

/**
 * The status recorder: Step Functions reports each execution that ends TIMED_OUT, ABORTED or FAILED
 * on the default bus; this writes that end to the saga item when the state machine could not.
 *
 * EventBridge invokes the function asynchronously, so two things can lose an end, and both land in
 * the dead-letter queue: an event EventBridge could not deliver (the target's dead-letter queue),
 * and an invocation that still failed after Lambda's retries (the function's on-failure
 * destination). Either way the saga would otherwise stay RUNNING for good.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
export class StatusRecorder extends Construct {
  public readonly function: LambdaFunction;
  public readonly deadLetters: IQueue;

  constructor(scope: Construct, id: string, props: StatusRecorderProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'DeadLetters', {
      encryptionKey: props.queueEncryptionKey,
      removalPolicy: props.shared.removalPolicy,
    });
    this.function = sagaLambda(this, 'Function', {
      source: { kind: 'packaged', name: 'record-execution-status' },
      shared: props.shared,
      options: props.options,
      timeout: PROJECT_FUNCTION_TIMEOUT,
      environment: props.sagaEnvironment,
    });
    this.function.configureAsyncInvoke({
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      // Grants the function's role sqs:SendMessage on the queue (and its key, if it has one).
      onFailure: new SqsDestination(this.deadLetters),
    });
    allowOnTable(this.function, props.table, ['dynamodb:UpdateItem']);
    // What the ended execution did, to record why it ended.
    allowOnExecutions(this.function, props.stateMachine, [
      'states:DescribeExecution',
      'states:GetExecutionHistory',
    ]);
    if (props.stateMachineKey)
      grantExecutionData(this.function, props.stateMachine, props.stateMachineKey, 'read');
    new Rule(this, 'ExecutionEndedRule', {
      description: `Records ${props.sagaType} executions that end without their own record, and redrives`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: [props.stateMachine.stateMachineArn],
          // Ends the state machine did not record itself, and redrives (RUNNING again).
          $or: [
            { status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
            { status: ['RUNNING'], redriveCount: [{ numeric: ['>', 0] }] },
          ],
        },
      },
      targets: [
        new LambdaTarget(this.function, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: MAX_EVENT_DELIVERY_ATTEMPTS,
        }),
      ],
    });
  }
}
