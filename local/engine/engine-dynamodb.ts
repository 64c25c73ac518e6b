import {
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  type GetItemCommandOutput,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';

/**
 * The DynamoDB calls a local execution makes — the start put, the saga's own DynamoDB tasks and its
 * status records — against DynamoDB Local (through the SDK) or the in-memory store (directly, with
 * no SDK in between: that is what makes the in-memory test environment fast).
 */
export interface EngineDynamoDb {
  putItem(input: PutItemCommandInput): Promise<object> | object;
  updateItem(input: UpdateItemCommandInput): Promise<object> | object;
  deleteItem(input: DeleteItemCommandInput): Promise<object> | object;
  getItem(
    input: GetItemCommandInput,
  ): Promise<Pick<GetItemCommandOutput, 'Item'>> | Pick<GetItemCommandOutput, 'Item'>;
}

/** The calls through an SDK client (DynamoDB Local, LocalStack, AWS). */
export function sdkDynamoDb(client: DynamoDBClient): EngineDynamoDb {
  return {
    putItem: (input) => client.send(new PutItemCommand(input)),
    updateItem: (input) => client.send(new UpdateItemCommand(input)),
    deleteItem: (input) => client.send(new DeleteItemCommand(input)),
    getItem: (input) => client.send(new GetItemCommand(input)),
  };
}
