import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import type { SendMessageCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import type { CliCommand, CommandArgs } from '../../../cli/command.ts';
import type { OperationDeps } from '../../../cli/operations/operation-deps.ts';
import type { SagaTarget } from '../../../cli/operations/saga-target.ts';
import { TABLE } from './saga-index-fixtures.ts';

export const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderSaga';

/**
 * A target whose saga table is `dynamoDb`, whose start queue records what is sent to it, and whose
 * executions have `history` (none: Step Functions answers ExecutionDoesNotExist).
 */
export function fakeTarget(
  dynamoDb: DynamoDBClient,
  kind: SagaTarget['kind'] = 'local cloud',
  history?: readonly HistoryEvent[],
) {
  const sent: SendMessageCommandInput[] = [];
  const resolved: CommandArgs[] = [];
  const target: SagaTarget = {
    kind,
    where: 'the local cloud at http://127.0.0.1:4566 (stack OrderSaga)',
    saga: {
      sagaType: 'OrderSaga',
      sagaTableName: TABLE,
      stateMachineArn: STATE_MACHINE_ARN,
      startQueueUrl: 'http://127.0.0.1:4566/000000000000/start',
      startDeadLetterQueueUrl: 'http://127.0.0.1:4566/000000000000/start-dlq',
      eventBusName: 'orders',
      startMessage: { businessKeyPath: 'detail.orderId', inputPath: 'detail' },
    },
    config: { region: 'us-east-1' },
    clients: {
      dynamoDb,
      sqs: {
        send: async (command: { input: SendMessageCommandInput }) => {
          sent.push(command.input);
          return { MessageId: `m-${sent.length}` };
        },
      } as unknown as SQSClient,
      stepFunctions: {
        send: async () => {
          if (history) return { events: history };
          throw Object.assign(new Error('Execution does not exist'), { name: 'ExecutionDoesNotExist' });
        },
      } as unknown as SFNClient,
      eventBridge: {} as EventBridgeClient,
    },
  };
  const deps = (now: string): OperationDeps => ({
    resolveTarget: async (args) => {
      resolved.push(args);
      return target;
    },
    now: () => new Date(now),
  });
  return { target, sent, resolved, deps };
}

/** Runs a command as `saga` would after parsing, and returns its exit code and what it printed. */
export async function runCommand(
  command: CliCommand,
  positionals: string[],
  values: CommandArgs['values'] = {},
): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await command.run(
    { positionals, values },
    { out: (text) => out.push(text), err: (text) => out.push(text) },
  );
  return { code, out: out.join('\n') };
}
