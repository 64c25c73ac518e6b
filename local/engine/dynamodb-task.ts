import {
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';

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
  client: DynamoDBClient,
  action: DynamoDbTaskAction,
  parameters: unknown,
): Promise<unknown> {
  try {
    const { $metadata: _metadata, ...result } = await send(client, action, parameters);
    return JSON.parse(JSON.stringify(result));
  } catch (error) {
    if (error instanceof Error && !(error instanceof DynamoDbTaskFailure)) {
      throw new DynamoDbTaskFailure(error.name, error.message);
    }
    throw error;
  }
}

function send(client: DynamoDBClient, action: DynamoDbTaskAction, parameters: unknown) {
  switch (action) {
    case 'putItem':
      return client.send(new PutItemCommand(parameters as PutItemCommandInput));
    case 'updateItem':
      return client.send(new UpdateItemCommand(parameters as UpdateItemCommandInput));
    case 'deleteItem':
      return client.send(new DeleteItemCommand(parameters as DeleteItemCommandInput));
  }
}

/** The action of a DynamoDB Task resource, or `undefined` for any other resource. */
export function dynamoDbActionOf(resource: string): DynamoDbTaskAction | undefined {
  const match = /^arn:aws:states:::dynamodb:(putItem|updateItem|deleteItem)$/.exec(resource);
  return match?.[1] as DynamoDbTaskAction | undefined;
}
