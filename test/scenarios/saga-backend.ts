import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SQSClient } from '@aws-sdk/client-sqs';

/**
 * A deployed example stack the full-stack scenarios run against: SDK clients pointed at it and the
 * names of its resources (the example stack's outputs). The local cloud and LocalStack each
 * provide one, so both prove the same behaviour with the same scenario code.
 */
export interface SagaBackend {
  /** Shown in failure messages, e.g. `local cloud` or `LocalStack`. */
  readonly name: string;
  readonly clients: {
    readonly dynamoDb: DynamoDBClient;
    readonly sqs: SQSClient;
    readonly eventBridge: EventBridgeClient;
  };
  readonly resources: {
    readonly eventBusName: string;
    readonly sagaTableName: string;
    readonly inventoryTableName: string;
    readonly startDeadLetterQueueUrl: string;
    readonly lifecycleSubscriberQueueUrl: string;
  };
  /**
   * How long a scenario may wait for an end state before it fails, showing what it saw.
   * @default 30_000
   */
  readonly waitTimeoutMs?: number;
  /**
   * Whether the backend removes expired TTL items (DynamoDB Local does; LocalStack needs
   * DYNAMODB_REMOVE_EXPIRED_ITEMS=1). A backend that cannot skips the expiry part, saying so.
   */
  readonly expiresItems: boolean;
}
