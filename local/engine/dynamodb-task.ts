import type { EngineDynamoDb } from './engine-dynamodb.ts';

/** The DynamoDB actions Step Functions' optimized integration offers that sagas use. */
export type DynamoDbTaskAction = 'putItem' | 'updateItem' | 'deleteItem';

/** DynamoDB's error, named as Step Functions names it: `DynamoDB.<ExceptionName>`. */
export class DynamoDbTaskFailure extends Error {
  constructor(exceptionName: string, message: string) {
    super(message);
    this.name = `DynamoDB.${exceptionName}`;
  }
}

/**
 * Runs a Task state's `arn:aws:states:::dynamodb:<action>` call against a real DynamoDB API:
 * the state's evaluated Parameters are the request, the response (without SDK metadata) the result.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html
 */
export async function runDynamoDbTask(
  dynamoDb: EngineDynamoDb,
  action: DynamoDbTaskAction,
  parameters: unknown,
): Promise<unknown> {
  try {
    const { $metadata: _metadata, ...result } = (await dynamoDb[action](parameters as never)) as Record<
      string,
      unknown
    >;
    return JSON.parse(JSON.stringify(result));
  } catch (error) {
    if (error instanceof Error && !(error instanceof DynamoDbTaskFailure)) {
      throw new DynamoDbTaskFailure(error.name, error.message);
    }
    throw error;
  }
}

/** The action of a DynamoDB Task resource, or `undefined` for any other resource. */
export function dynamoDbActionOf(resource: string): DynamoDbTaskAction | undefined {
  const match = /^arn:aws:states:::dynamodb:(putItem|updateItem|deleteItem)$/.exec(resource);
  return match?.[1] as DynamoDbTaskAction | undefined;
}
