import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
  type Output,
} from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCALSTACK_CREDENTIALS, LOCALSTACK_REGION, STACK_NAME } from '../../localstack/scripts/deploy.ts';
import type { SagaBackend } from '../scenarios/saga-backend.ts';

/** How long a scenario waits for an end state on LocalStack: its Lambda cold starts take seconds each. */
export const LOCALSTACK_WAIT_TIMEOUT_MS = 90_000;

/** The example stack's outputs the suite reads (`infra/order-saga-stack.ts`), by what they give. */
export const STACK_OUTPUT_KEYS = {
  eventBusName: 'OrdersEventBus',
  stateMachineArn: 'OrdersStateMachine',
  sagaTableName: 'OrdersSagaTable',
  startQueueUrl: 'OrdersStartQueue',
  startDeadLetterQueueUrl: 'OrdersStartDeadLetters',
  inventoryTableName: 'OrdersInventoryTable',
  lifecycleSubscriberQueueUrl: 'OrdersLifecycleSubscriber',
} as const;

/** The stack's outputs, by what they give. */
export type StackOutputs = { readonly [K in keyof typeof STACK_OUTPUT_KEYS]: string };

/** Stack statuses whose resources are all in place. */
const USABLE_STACK_STATUSES = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE']);

/** The example stack is missing on LocalStack, or not in a usable state: deploy it (again). */
export class StackNotDeployedError extends Error {
  override readonly name = 'StackNotDeployedError';
}

/** A {@link SagaBackend} on LocalStack, with what the suite reads beyond the shared scenarios. */
export interface LocalStackBackend extends SagaBackend {
  readonly endpoint: string;
  readonly clients: SagaBackend['clients'] & { readonly stepFunctions: SFNClient };
  readonly resources: SagaBackend['resources'] & { readonly stateMachineArn: string };
}

/** The part of a CloudFormation client {@link readStackOutputs} uses (tests pass a fake). */
export interface DescribesStacks {
  send(command: DescribeStacksCommand): Promise<Pick<DescribeStacksCommandOutput, 'Stacks'>>;
}

/**
 * The SDK client configuration for LocalStack: its endpoint, `us-east-1` and the dummy credentials.
 * @see https://docs.localstack.cloud/aws/capabilities/config/credentials/
 */
export function localStackClientConfig(endpoint: string) {
  return {
    endpoint,
    region: LOCALSTACK_REGION,
    credentials: { ...LOCALSTACK_CREDENTIALS },
  };
}

/**
 * Reads the stack's outputs with DescribeStacks. Throws {@link StackNotDeployedError} when the stack does
 * not exist, is not in a usable state or lacks an output the suite needs.
 */
export async function readStackOutputs(
  cloudFormation: DescribesStacks | CloudFormationClient,
  stackName: string = STACK_NAME,
): Promise<StackOutputs> {
  let stacks: DescribeStacksCommandOutput['Stacks'];
  try {
    ({ Stacks: stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })));
  } catch (error) {
    if (/does not exist/i.test(String((error as Error).message)))
      throw new StackNotDeployedError(`stack ${stackName} does not exist`);
    throw error;
  }
  const stack = stacks?.[0];
  if (!stack) throw new StackNotDeployedError(`stack ${stackName} does not exist`);
  if (!USABLE_STACK_STATUSES.has(String(stack.StackStatus)))
    throw new StackNotDeployedError(`stack ${stackName} is ${stack.StackStatus}`);
  return stackOutputsFrom(stack.Outputs ?? [], stackName);
}

/** Picks the suite's outputs from a stack's output list; throws naming every missing one. */
export function stackOutputsFrom(outputs: readonly Output[], stackName: string = STACK_NAME): StackOutputs {
  const byKey = new Map(outputs.map((output) => [output.OutputKey, output.OutputValue]));
  const missing = Object.values(STACK_OUTPUT_KEYS).filter((key) => !byKey.get(key));
  if (missing.length > 0)
    throw new StackNotDeployedError(`stack ${stackName} has no output ${missing.join(', ')} (redeploy it)`);
  const entries = Object.entries(STACK_OUTPUT_KEYS).map(([field, key]) => [field, String(byKey.get(key))]);
  return Object.fromEntries(entries) as StackOutputs;
}

/** A backend whose SDK clients point at `endpoint`, naming the resources of the deployed stack. */
export function localStackBackend(endpoint: string, outputs: StackOutputs): LocalStackBackend {
  const config = localStackClientConfig(endpoint);
  return {
    name: `LocalStack at ${endpoint}`,
    endpoint,
    clients: {
      dynamoDb: new DynamoDBClient(config),
      sqs: new SQSClient(config),
      eventBridge: new EventBridgeClient(config),
      stepFunctions: new SFNClient(config),
    },
    resources: {
      eventBusName: outputs.eventBusName,
      sagaTableName: outputs.sagaTableName,
      inventoryTableName: outputs.inventoryTableName,
      startDeadLetterQueueUrl: outputs.startDeadLetterQueueUrl,
      lifecycleSubscriberQueueUrl: outputs.lifecycleSubscriberQueueUrl,
      stateMachineArn: outputs.stateMachineArn,
    },
    waitTimeoutMs: LOCALSTACK_WAIT_TIMEOUT_MS,
    // DYNAMODB_REMOVE_EXPIRED_ITEMS=1, and the suite's TTL sweeper runs LocalStack's sweep every few seconds.
    expiresItems: true,
  };
}

/** Closes the backend's clients' connections. */
export function destroyBackend(backend: LocalStackBackend): void {
  for (const client of Object.values(backend.clients)) client.destroy();
}
