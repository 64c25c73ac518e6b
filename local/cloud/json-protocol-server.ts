import { createServer, type Server } from 'node:http';

/** An AWS API error as the JSON protocols return it: `__type` and `message`, HTTP 400. */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export type JsonAction = (input: Record<string, unknown>) => Promise<unknown>;

/**
 * A minimal server for an AWS JSON-protocol API (`X-Amz-Target: <prefix>.<Action>`), enough for the
 * SDK v3 clients: each action takes the JSON body and returns the JSON response.
 */
export async function startJsonProtocolServer(
  targetPrefix: string,
  actions: Readonly<Record<string, JsonAction>>,
): Promise<{ readonly endpoint: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const action = target.startsWith(`${targetPrefix}.`)
        ? actions[target.slice(targetPrefix.length + 1)]
        : undefined;
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(body));
      };
      if (!action)
        return reply(400, { __type: 'UnknownOperationException', message: `Not served locally: ${target}` });
      try {
        const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        reply(200, (await action(body)) ?? {});
      } catch (error) {
        if (error instanceof AwsJsonError) return reply(400, { __type: error.type, message: error.message });
        reply(500, {
          __type: 'InternalFailure',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
