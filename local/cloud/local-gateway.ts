import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LocalEndpoints } from './local-endpoints.ts';

/** Where the gateway sends an API call, by the prefix of its `X-Amz-Target` header. */
const TARGET_SERVICES: readonly (readonly [prefix: string, service: keyof LocalEndpoints])[] = [
  ['DynamoDB_20120810.', 'dynamoDb'],
  ['DynamoDBStreams_20120810.', 'dynamoDb'],
  ['AmazonSQS.', 'sqs'],
  ['AWSEvents.', 'eventBridge'],
  ['AWSStepFunctions.', 'stepFunctions'],
];

/** The path the gateway describes the running local cloud at (see {@link LocalCloudDescription}). */
export const DESCRIPTION_PATH = '/_sfn-saga/cloud';

/** What `GET <gateway>/_sfn-saga/cloud` answers: enough for the `saga` CLI to find a stack's sagas. */
export interface LocalCloudDescription {
  readonly stackName: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly gateway: string;
  readonly endpoints: LocalEndpoints;
}

/** A REST route a part of the local cloud serves on the gateway itself (e.g. X-Ray's `POST /Traces`). */
export type GatewayRoute = (request: IncomingMessage, body: Buffer) => Promise<unknown> | undefined;

/**
 * One endpoint for the whole local cloud, as LocalStack has: an SDK client of any of its services
 * pointed at it reaches the right local server (by `X-Amz-Target`; SQS's query protocol by its
 * form body), and `GET /_sfn-saga/cloud` describes the stack. The services keep their own ports
 * too. Hand-written: it is a few lines of `node:http` forwarding, which no proxy library makes
 * simpler.
 */
export async function startLocalGateway(
  endpoints: LocalEndpoints,
  describe: () => Omit<LocalCloudDescription, 'gateway'>,
  routes: () => readonly GatewayRoute[] = () => [],
): Promise<{ readonly endpoint: string; close(): Promise<void> }> {
  let endpoint = '';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      void route(request, response, body).catch((error: unknown) =>
        reply(response, 500, { __type: 'InternalFailure', message: String(error) }),
      );
    });
  });
  const route = async (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    if (request.method === 'GET' && request.url === DESCRIPTION_PATH)
      return reply(response, 200, { ...describe(), gateway: endpoint });
    for (const own of routes()) {
      const answer = own(request, body);
      if (answer !== undefined) return reply(response, 200, await answer);
    }
    const service = serviceOf(request, body);
    if (!service)
      return reply(response, 400, {
        __type: 'UnknownOperationException',
        message: `The local cloud serves no ${String(request.headers['x-amz-target'] ?? `${request.method} ${request.url}`)}`,
      });
    forward(new URL(endpoints[service]), request, body, response);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    endpoint,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function serviceOf(request: IncomingMessage, body: Buffer): keyof LocalEndpoints | undefined {
  const target = String(request.headers['x-amz-target'] ?? '');
  if (target) return TARGET_SERVICES.find(([prefix]) => target.startsWith(prefix))?.[1];
  // SQS's query protocol: a form body with `Action=…`.
  const form = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return form && body.includes('Action=') ? 'sqs' : undefined;
}

function forward(target: URL, request: IncomingMessage, body: Buffer, response: ServerResponse): void {
  const outgoing = httpRequest(
    {
      hostname: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: { ...request.headers, 'content-length': String(body.length) },
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  outgoing.on('error', (error) =>
    reply(response, 502, { __type: 'ServiceUnavailable', message: error.message }),
  );
  outgoing.end(body);
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify(body ?? {}));
}
