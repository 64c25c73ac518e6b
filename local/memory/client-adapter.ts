import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { InMemoryDynamoDbUnsupportedError } from './errors.ts';

/** The five operations the adapter dispatches to, by their SDK command's name. */
export interface InMemoryOperations {
  putItem(input: never): unknown;
  updateItem(input: never): unknown;
  deleteItem(input: never): unknown;
  getItem(input: never): unknown;
  query(input: never): unknown;
}

const OPERATIONS: ReadonlyArray<
  readonly [abstract new (...args: never[]) => unknown, string, keyof InMemoryOperations]
> = [
  [PutItemCommand, 'PutItemCommand', 'putItem'],
  [UpdateItemCommand, 'UpdateItemCommand', 'updateItem'],
  [DeleteItemCommand, 'DeleteItemCommand', 'deleteItem'],
  [GetItemCommand, 'GetItemCommand', 'getItem'],
  [QueryCommand, 'QueryCommand', 'query'],
];

/**
 * A stand-in for a `DynamoDBClient`: `send(command)` runs the command's `input` on the in-memory
 * tables and answers with a promise, as the SDK does (a refusal is a rejected promise). Commands
 * are told apart by class, or by class name when they come from another copy of the SDK.
 *
 * It also carries an empty `config` and a no-op `middlewareStack`, because Powertools' persistence
 * layers check that shape (`isSdkClient`) before they accept a client and add their user agent.
 */
export function clientFor(operations: InMemoryOperations): Pick<DynamoDBClient, 'send'> {
  const send = (command: { input?: unknown }) => {
    try {
      const operation = operationOf(command);
      return Promise.resolve(operations[operation](command.input as never));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return { send, config: {}, middlewareStack: MIDDLEWARE_STACK, destroy: () => undefined } as unknown as Pick<
    DynamoDBClient,
    'send'
  >;
}

function operationOf(command: unknown): keyof InMemoryOperations {
  const name =
    (command as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? String(command);
  for (const [commandClass, commandName, operation] of OPERATIONS) {
    if (command instanceof commandClass || name === commandName) return operation;
  }
  throw new InMemoryDynamoDbUnsupportedError(
    `InMemoryDynamoDb cannot run ${name}: it runs PutItemCommand, UpdateItemCommand, DeleteItemCommand, GetItemCommand and QueryCommand`,
  );
}

/** Enough of the SDK's middleware stack for code that inspects or extends a client. */
const MIDDLEWARE_STACK = Object.freeze({
  add: () => undefined,
  addRelativeTo: () => undefined,
  use: () => undefined,
  remove: () => false,
  identify: () => [] as string[],
});
