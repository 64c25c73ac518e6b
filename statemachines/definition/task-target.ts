/**
 * What a step's action or compensation calls: a Lambda handler the user wrote, or a direct
 * DynamoDB call made by Step Functions itself (no Lambda in between).
 */
export type TaskTarget = LambdaTarget | DynamoDbTarget;

/** A Lambda function built from a handler module of the user's. */
export interface LambdaTarget {
  readonly kind: 'lambda';
  /** Path of the handler module from the project root, e.g. `examples/order/handlers/charge-payment.ts`. */
  readonly entry: string;
  /** The module's export that is the handler. */
  readonly exportName: string;
  /**
   * A stable id for the function (PascalCase), used in the compiled definition's substitution
   * variable and as the CDK construct id. Two targets with the same entry share one function.
   */
  readonly functionId: string;
}

/** The DynamoDB actions a step can call directly. */
export type DynamoDbAction = 'putItem' | 'updateItem' | 'deleteItem';

/** A direct DynamoDB call through Step Functions' optimized integration. */
export interface DynamoDbTarget {
  readonly kind: 'dynamodb';
  readonly action: DynamoDbAction;
  /** Logical name of the table; the deployment (CDK or the local engine) binds it to a real table name. */
  readonly table: string;
  /**
   * The request parameters after `TableName`, in ASL JSONPath form: keys ending in `.$` take a path
   * into the saga state (see `SagaExecutionInput`), e.g. `{ Key: { pk: { 'S.$': '$.input.orderId' } } }`.
   */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** Options of `lambda()`. */
export interface LambdaTargetOptions {
  /** @default 'handler' */
  readonly exportName?: string;
  /**
   * @default the entry's file name in PascalCase, e.g. `ChargePayment` for `charge-payment.ts`,
   * followed by the export name unless it is `handler` (`PaymentsRefund` for `payments.ts#refund`)
   */
  readonly functionId?: string;
}

/**
 * A Lambda handler target.
 * @example lambda('examples/order/handlers/charge-payment.ts')
 */
export function lambda(entry: string, options: LambdaTargetOptions = {}): LambdaTarget {
  return {
    kind: 'lambda',
    entry,
    exportName: options.exportName ?? 'handler',
    functionId: options.functionId ?? functionIdOf(entry, options.exportName ?? 'handler'),
  };
}

/** `ChargePayment` for `charge-payment.ts`; `PaymentsRefund` for export `refund` of `payments.ts`. */
function functionIdOf(entry: string, exportName: string): string {
  const fileName = entry.split('/').at(-1) ?? entry;
  const baseName = fileName.replace(/\.[cm]?[jt]s$/, '');
  return [baseName, ...(exportName === 'handler' ? [] : [exportName])]
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function dynamoDbTarget(action: DynamoDbAction) {
  return (table: string, parameters: Readonly<Record<string, unknown>>): DynamoDbTarget => ({
    kind: 'dynamodb',
    action,
    table,
    parameters,
  });
}

/**
 * Direct DynamoDB calls.
 * @example dynamoDb.putItem('Reservations', { Item: { pk: { 'S.$': '$.input.orderId' } } })
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html
 */
export const dynamoDb = {
  putItem: dynamoDbTarget('putItem'),
  updateItem: dynamoDbTarget('updateItem'),
  deleteItem: dynamoDbTarget('deleteItem'),
} as const;
