import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';

/**
 * The errors DynamoDB answers with, built as the SDK builds them from a response: each is an `Error`
 * whose `name` is DynamoDB's exception name, so `error.name === 'ConditionalCheckFailedException'`
 * matches, and `instanceof` the SDK's exception classes matches too where the SDK has one
 * (`ValidationException` has no class of its own: it is a `DynamoDBServiceException`).
 */
/** `ValidationException` with DynamoDB's message. */
export function validationError(message: string): DynamoDBServiceException {
  return new DynamoDBServiceException({
    name: 'ValidationException',
    $fault: 'client',
    $metadata: {},
    message,
  });
}

/** The kinds of expression a request carries, as DynamoDB names them in its messages. */
export type ExpressionKind =
  | 'ConditionExpression'
  | 'UpdateExpression'
  | 'KeyConditionExpression'
  | 'FilterExpression'
  | 'ProjectionExpression';

/** `ValidationException: Invalid <kind>: <detail>`, DynamoDB's form for a refused expression. */
export function invalidExpression(kind: ExpressionKind, detail: string): DynamoDBServiceException {
  return validationError(`Invalid ${kind}: ${detail}`);
}

/** `ConditionalCheckFailedException`, carrying the item when `ReturnValuesOnConditionCheckFailure` is `ALL_OLD`. */
export function conditionalCheckFailed(
  item: Record<string, AttributeValue> | undefined,
): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item ? { Item: item } : {}),
  });
}

/** `ResourceNotFoundException` for a table that does not exist. */
export function resourceNotFound(tableName: string): ResourceNotFoundException {
  return new ResourceNotFoundException({
    message: `Requested resource not found: Table: ${tableName} not found`,
    $metadata: {},
  });
}

/** `ResourceInUseException` for a table created twice. */
export function resourceInUse(tableName: string): ResourceInUseException {
  return new ResourceInUseException({
    message: `Table already exists: ${tableName}`,
    $metadata: {},
  });
}

/**
 * A request this in-memory DynamoDB deliberately does not model (a legacy parameter, an index, a
 * command other than the five it serves). Not a DynamoDB exception: it means "use DynamoDB Local".
 */
export class InMemoryDynamoDbUnsupportedError extends Error {
  override readonly name = 'InMemoryDynamoDbUnsupportedError';
}

/**
 * Thrown by the expression parsers; the cache turns it into `Invalid <kind>: <message>`, or into
 * the bare message for the few refusals DynamoDB words without that prefix.
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';

  constructor(
    message: string,
    readonly prefixed = true,
  ) {
    super(message);
  }
}
