import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

/** One request of a differential case, without its `TableName` (each case gets tables of its own). */
export interface Request {
  readonly op: 'put' | 'update' | 'delete' | 'get' | 'query';
  readonly input: Readonly<Record<string, unknown>>;
  /** The exception both DynamoDB Local and the in-memory store must answer with, if any. */
  readonly fails?: string;
}

const OPERATION_OF_COMMAND: Readonly<Record<string, Request['op']>> = {
  PutItemCommand: 'put',
  UpdateItemCommand: 'update',
  DeleteItemCommand: 'delete',
  GetItemCommand: 'get',
  QueryCommand: 'query',
};

/** The SDK command of a request, on a table. */
export function commandOf(request: Request, tableName: string) {
  const input = { ...request.input, TableName: tableName } as never;
  switch (request.op) {
    case 'put':
      return new PutItemCommand(input);
    case 'update':
      return new UpdateItemCommand(input);
    case 'delete':
      return new DeleteItemCommand(input);
    case 'get':
      return new GetItemCommand(input);
    case 'query':
      return new QueryCommand(input);
  }
}

/** A request that must fail with `exception` on both sides. */
export function failing(request: Request, exception: string): Request {
  return { ...request, fails: exception };
}

/**
 * Runs project code against a client that records every request and answers with `answer`, so
 * the differential test replays the requests exactly as the project builds them. The client has
 * the shape Powertools checks for (`config`, `middlewareStack`).
 */
export async function recordRequests(
  run: (client: DynamoDBClient) => Promise<unknown>,
  answer: (request: Request) => unknown = () => ({}),
): Promise<Request[]> {
  const requests: Request[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const { TableName: _table, ...input } = command.input;
      const op = OPERATION_OF_COMMAND[command.constructor.name];
      if (!op) throw new Error(`unexpected command ${command.constructor.name}`);
      const request: Request = { op, input: structuredClone(input) };
      requests.push(request);
      return answer(request);
    },
    config: {},
    middlewareStack: { identify: () => [], addRelativeTo: () => undefined },
  };
  await run(client as unknown as DynamoDBClient);
  return requests;
}

/**
 * Replaces ASL's JSONPath fields (`"S.$": "$.saga.id"`) with the values Step Functions would put
 * there, given per path; a path without a binding is an error, so a change of the compiled state
 * machine shows up here.
 */
export function resolveTaskParameters(value: unknown, bindings: Readonly<Record<string, string>>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (!key.endsWith('.$')) return [key, resolveTaskParameters(inner, bindings)];
      const bound = bindings[String(inner)];
      if (bound === undefined) throw new Error(`no binding for ${String(inner)}`);
      return [key.slice(0, -2), bound];
    }),
  );
}
