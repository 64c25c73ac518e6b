import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_SERVICES } from '../../localstack/scripts/endpoint.ts';
import { detectLocalStack } from './detect-localstack.ts';
import {
  destroyBackend,
  LOCALSTACK_WAIT_TIMEOUT_MS,
  localStackBackend,
  readStackOutputs,
  STACK_OUTPUT_KEYS,
  StackNotDeployedError,
  type StackOutputs,
  stackOutputsFrom,
} from './localstack-backend.ts';

const outputList = Object.values(STACK_OUTPUT_KEYS).map((key) => ({
  OutputKey: key,
  OutputValue: `${key}-value`,
}));
const outputs: StackOutputs = stackOutputsFrom(outputList);

/**
 * A stand-in for LocalStack's gateway speaking the real wire formats: the health JSON, and
 * CloudFormation's query protocol for DescribeStacks (the stack exists once `deployed` is set).
 */
function fakeGateway() {
  const requests: { body: string; authorization: string | undefined }[] = [];
  const state = { deployed: false };
  const xml = (inner: string) => `<?xml version="1.0"?>${inner}`;
  const server = createServer(async (request: IncomingMessage, response) => {
    if (request.url === '/_localstack/health') {
      response.end(
        JSON.stringify({ services: Object.fromEntries(REQUIRED_SERVICES.map((name) => [name, 'running'])) }),
      );
      return;
    }
    let body = '';
    for await (const chunk of request) body += chunk;
    requests.push({ body, authorization: request.headers.authorization });
    response.setHeader('content-type', 'text/xml');
    if (!state.deployed) {
      response.statusCode = 400;
      response.end(
        xml(
          '<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>' +
            '<Message>Stack with id OrderSaga does not exist</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
        ),
      );
      return;
    }
    const members = outputList
      .map(
        (output) =>
          `<member><OutputKey>${output.OutputKey}</OutputKey><OutputValue>${output.OutputValue}</OutputValue></member>`,
      )
      .join('');
    response.end(
      xml(
        '<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>' +
          '<StackName>OrderSaga</StackName><StackId>arn:aws:cloudformation:us-east-1:000000000000:stack/OrderSaga/1</StackId>' +
          `<CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${members}</Outputs>` +
          '</member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></DescribeStacksResponse>',
      ),
    );
  });
  return { server, requests, state };
}

describe('the LocalStack backend', () => {
  const gateway = fakeGateway();
  let endpoint = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
    const address = gateway.server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => {
    gateway.server.close();
  });

  it('reads the stack outputs with DescribeStacks, signed for us-east-1 with the test credentials', async () => {
    // Arrange
    gateway.state.deployed = false;
    const before = await detectLocalStack({ LOCALSTACK_ENDPOINT: endpoint });
    gateway.state.deployed = true;
    // Act
    const after = await detectLocalStack({ LOCALSTACK_ENDPOINT: endpoint });
    // Assert
    expect(before).toMatchObject({
      ready: false,
      message: expect.stringContaining('stack OrderSaga does not exist'),
    });
    expect(after).toEqual({ ready: true, endpoint, outputs });
    expect(gateway.requests.at(-1)?.body).toContain('Action=DescribeStacks');
    expect(gateway.requests.at(-1)?.body).toContain('StackName=OrderSaga');
    expect(gateway.requests.at(-1)?.authorization).toMatch(
      /Credential=test\/\d{8}\/us-east-1\/cloudformation\//,
    );
  });

  it('picks the outputs it needs by key, and names every missing one', () => {
    // Act
    const missing = () =>
      stackOutputsFrom(outputList.filter((output) => output.OutputKey !== 'OrdersStateMachine'));
    // Assert
    expect(outputs).toMatchObject({
      eventBusName: 'OrdersEventBus-value',
      stateMachineArn: 'OrdersStateMachine-value',
      lifecycleSubscriberQueueUrl: 'OrdersLifecycleSubscriber-value',
    });
    expect(missing).toThrow(StackNotDeployedError);
    expect(missing).toThrow('stack OrderSaga has no output OrdersStateMachine (redeploy it)');
  });

  it('does not accept a stack whose deployment rolled back', async () => {
    // Arrange
    const cloudFormation = {
      send: async () => ({ Stacks: [{ StackStatus: 'ROLLBACK_COMPLETE' as const }] }),
    };
    // Act
    const read = readStackOutputs(cloudFormation as never);
    // Assert
    await expect(read).rejects.toThrow('stack OrderSaga is ROLLBACK_COMPLETE');
  });

  it('points every client at the endpoint, in us-east-1, with the test credentials', async () => {
    // Arrange
    const backend = localStackBackend('http://localhost:4566', outputs);
    // Act
    const configs = await Promise.all(
      Object.values(backend.clients).map(async (client) => ({
        endpoint: await client.config.endpoint?.(),
        region: await client.config.region(),
        credentials: await client.config.credentials(),
      })),
    );
    destroyBackend(backend);
    // Assert
    expect(configs).toHaveLength(4);
    for (const config of configs) {
      expect(config.endpoint).toMatchObject({ protocol: 'http:', hostname: 'localhost', port: 4566 });
      expect(config.region).toBe('us-east-1');
      expect(config.credentials).toMatchObject({ accessKeyId: 'test', secretAccessKey: 'test' });
    }
  });

  it('names the stack resources, expires items and waits longer than the local cloud', () => {
    // Act
    const backend = localStackBackend('http://localhost:4566', outputs);
    destroyBackend(backend);
    // Assert
    expect(backend.resources).toEqual({
      eventBusName: 'OrdersEventBus-value',
      sagaTableName: 'OrdersSagaTable-value',
      inventoryTableName: 'OrdersInventoryTable-value',
      startDeadLetterQueueUrl: 'OrdersStartDeadLetters-value',
      lifecycleSubscriberQueueUrl: 'OrdersLifecycleSubscriber-value',
      stateMachineArn: 'OrdersStateMachine-value',
    });
    expect(backend).toMatchObject({ expiresItems: true, waitTimeoutMs: LOCALSTACK_WAIT_TIMEOUT_MS });
    expect(LOCALSTACK_WAIT_TIMEOUT_MS).toBe(90_000);
  });
});
