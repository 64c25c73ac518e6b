import type { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { type Fetch, REQUIRED_SERVICES } from '../../localstack/scripts/endpoint.ts';
import { detectLocalStack, isRequired } from './detect-localstack.ts';
import { type DescribesStacks, STACK_OUTPUT_KEYS } from './localstack-backend.ts';

const healthy: Fetch = async () =>
  new Response(
    JSON.stringify({ services: Object.fromEntries(REQUIRED_SERVICES.map((name) => [name, 'running'])) }),
  );
const refused: Fetch = async () => {
  throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
};
const outputs = Object.values(STACK_OUTPUT_KEYS).map((key) => ({
  OutputKey: key,
  OutputValue: `value of ${key}`,
}));

/** A CloudFormation that answers DescribeStacks with `answer`, recording the endpoints it was made for. */
function cloudFormation(answer: (command: DescribeStacksCommand) => unknown) {
  const endpoints: string[] = [];
  const factory = (endpoint: string): DescribesStacks => {
    endpoints.push(endpoint);
    return { send: async (command) => answer(command) as never };
  };
  return { factory, endpoints };
}

describe('detecting LocalStack for the suite', () => {
  it('skips with one line saying where it looked and how to start LocalStack when nothing answers', async () => {
    // Arrange
    const { factory, endpoints } = cloudFormation(() => ({}));
    // Act
    const detection = await detectLocalStack({}, { fetch: refused, cloudFormation: factory });
    // Assert
    expect(detection).toEqual({
      ready: false,
      endpoint: 'http://localhost:4566',
      message:
        'LocalStack suite skipped: no LocalStack at http://localhost:4566 (start it with: npm run localstack:up && npm run localstack:deploy)',
    });
    expect(endpoints).toEqual([]);
  });

  it('looks at the endpoint the environment names', async () => {
    // Act
    const detection = await detectLocalStack(
      { LOCALSTACK_ENDPOINT: 'http://ci-localstack:4566' },
      { fetch: refused },
    );
    // Assert
    expect(detection).toMatchObject({
      ready: false,
      message: expect.stringContaining('no LocalStack at http://ci-localstack:4566'),
    });
  });

  it('skips, saying how to deploy, when LocalStack answers but the stack does not exist', async () => {
    // Arrange
    const { factory } = cloudFormation(() => {
      throw new Error('Stack with id OrderSaga does not exist');
    });
    // Act
    const detection = await detectLocalStack({}, { fetch: healthy, cloudFormation: factory });
    // Assert
    expect(detection).toEqual({
      ready: false,
      endpoint: 'http://localhost:4566',
      message:
        'LocalStack suite skipped: LocalStack at http://localhost:4566 has no usable OrderSaga stack (stack OrderSaga does not exist; deploy it with: npm run localstack:deploy)',
    });
  });

  it('skips when the stack failed to deploy', async () => {
    // Arrange
    const { factory } = cloudFormation(() => ({
      Stacks: [{ StackStatus: 'ROLLBACK_COMPLETE', Outputs: outputs }],
    }));
    // Act
    const detection = await detectLocalStack({}, { fetch: healthy, cloudFormation: factory });
    // Assert
    expect(detection).toMatchObject({
      ready: false,
      message: expect.stringContaining('stack OrderSaga is ROLLBACK_COMPLETE'),
    });
  });

  it('is ready with the stack outputs, read from the CloudFormation of that endpoint', async () => {
    // Arrange
    const { factory, endpoints } = cloudFormation((command) => {
      expect(command.input).toEqual({ StackName: 'OrderSaga' });
      return { Stacks: [{ StackStatus: 'CREATE_COMPLETE', Outputs: outputs }] };
    });
    // Act
    const detection = await detectLocalStack(
      { AWS_ENDPOINT_URL: 'http://ls:4566' },
      { fetch: healthy, cloudFormation: factory },
    );
    // Assert
    expect(endpoints).toEqual(['http://ls:4566']);
    expect(detection).toMatchObject({
      ready: true,
      endpoint: 'http://ls:4566',
      outputs: { eventBusName: 'value of OrdersEventBus', stateMachineArn: 'value of OrdersStateMachine' },
    });
  });

  it('throws any other CloudFormation failure instead of hiding it behind a skip', async () => {
    // Arrange
    const { factory } = cloudFormation(() => {
      throw new Error('InternalFailure: the CloudFormation provider crashed');
    });
    // Act
    const detection = detectLocalStack({}, { fetch: healthy, cloudFormation: factory });
    // Assert
    await expect(detection).rejects.toThrow('InternalFailure: the CloudFormation provider crashed');
  });

  it('is required only when LOCALSTACK_REQUIRED is set, as npm run localstack:test does', () => {
    // Act
    const answers = [
      isRequired({}),
      isRequired({ LOCALSTACK_REQUIRED: '1' }),
      isRequired({ LOCALSTACK_REQUIRED: '0' }),
    ];
    // Assert
    expect(answers).toEqual([false, true, false]);
  });
});
