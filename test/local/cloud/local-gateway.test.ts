import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJsonProtocolServer } from '../../../local/cloud/json-protocol-server.ts';
import { DESCRIPTION_PATH, startLocalGateway } from '../../../local/cloud/local-gateway.ts';

const closers: (() => Promise<void>)[] = [];
let gateway: string;

/** A stand-in for DynamoDB Local and the SQS server: answers with what it was sent. */
async function echoServer(name: string): Promise<string> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          server: name,
          target: request.headers['x-amz-target'] ?? null,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  const sfn = await startJsonProtocolServer('AWSStepFunctions', {
    ListExecutions: async () => ({ executions: [] }),
  });
  const events = await startJsonProtocolServer('AWSEvents', {
    PutEvents: async () => ({ FailedEntryCount: 0 }),
  });
  closers.push(sfn.close, events.close);
  const endpoints = {
    dynamoDb: await echoServer('dynamodb'),
    sqs: await echoServer('sqs'),
    eventBridge: events.endpoint,
    stepFunctions: sfn.endpoint,
  };
  const started = await startLocalGateway(endpoints, () => ({
    stackName: 'Shop',
    outputs: { A: 'b' },
    endpoints,
  }));
  closers.push(started.close);
  gateway = started.endpoint;
});
afterAll(async () => {
  for (const close of closers) await close();
});

const call = (target: string | undefined, body: string, contentType = 'application/x-amz-json-1.0') =>
  fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(target ? { 'x-amz-target': target } : {}) },
    body,
  }).then(async (response) => ({ status: response.status, body: await response.json() }));

describe('the local gateway', () => {
  it("sends each call to its service by X-Amz-Target, and SQS's query protocol by its form", async () => {
    // Act
    const answers = await Promise.all([
      call('DynamoDB_20120810.GetItem', '{"TableName":"t"}'),
      call('DynamoDBStreams_20120810.GetRecords', '{}'),
      call('AmazonSQS.SendMessage', '{"QueueUrl":"q"}'),
      call(undefined, 'Action=SendMessage&QueueUrl=q', 'application/x-www-form-urlencoded'),
      call('AWSStepFunctions.ListExecutions', '{}'),
      call('AWSEvents.PutEvents', '{"Entries":[]}'),
    ]);
    // Assert
    expect(answers).toEqual([
      {
        status: 200,
        body: { server: 'dynamodb', target: 'DynamoDB_20120810.GetItem', body: '{"TableName":"t"}' },
      },
      {
        status: 200,
        body: { server: 'dynamodb', target: 'DynamoDBStreams_20120810.GetRecords', body: '{}' },
      },
      { status: 200, body: { server: 'sqs', target: 'AmazonSQS.SendMessage', body: '{"QueueUrl":"q"}' } },
      { status: 200, body: { server: 'sqs', target: null, body: 'Action=SendMessage&QueueUrl=q' } },
      { status: 200, body: { executions: [] } },
      { status: 200, body: { FailedEntryCount: 0 } },
    ]);
  });

  it('describes the stack it runs, and refuses what it does not serve by name', async () => {
    // Act
    const description = await fetch(new URL(DESCRIPTION_PATH, gateway)).then((response) => response.json());
    const unknown = await call('AWSLambda.Invoke', '{}');
    // Assert
    expect(description).toMatchObject({ stackName: 'Shop', outputs: { A: 'b' }, gateway });
    expect(unknown).toEqual({
      status: 400,
      body: { __type: 'UnknownOperationException', message: 'The local cloud serves no AWSLambda.Invoke' },
    });
  });
});
