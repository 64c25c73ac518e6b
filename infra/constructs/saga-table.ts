import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SAGA_TABLE } from '../../contract/saga-table.ts';

/** Props of `SagaTable`. */
export interface SagaTableProps {
  /**
   * Refuse `DeleteTable` calls (and stack deletes that would drop the table).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * What happens to the table when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * A customer managed KMS key for encryption at rest.
   * @default the AWS managed key for DynamoDB (`aws/dynamodb`)
   */
  readonly encryptionKey?: IKey;
  /**
   * Physical table name.
   * @default a name CloudFormation generates
   */
  readonly tableName?: string;
}

/**
 * The saga table: one item per saga keyed by saga id (see `statemachines/saga-table/schema.ts`),
 * on-demand, TTL on `expiresAt` (written only when a saga ends), point-in-time recovery on,
 * encrypted with KMS, and a stream of new and old images (for lifecycle events).
 */
export class SagaTable extends Construct {
  /** The table. */
  public readonly table: TableV2;

  constructor(scope: Construct, id: string, props: SagaTableProps = {}) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      ...(props.tableName ? { tableName: props.tableName } : {}),
      partitionKey: { name: SAGA_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: SAGA_TABLE.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: SAGA_TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: props.encryptionKey
        ? TableEncryptionV2.customerManagedKey(props.encryptionKey)
        : TableEncryptionV2.awsManagedKey(),
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
    });
  }
}
