import { describe, expect, it } from 'vitest';
import { NotFoundError, UsageError } from '../../cli/command.ts';
import { resolveSagaTarget, type TargetLookup } from '../../cli/operations/saga-target.ts';
import { formatTable } from '../../cli/output/table.ts';
import { sagaOutputKey } from '../../contract/saga-stack-outputs.ts';

const resources = (sagaType: string) => ({
  sagaType,
  sagaTableName: `${sagaType}-table`,
  stateMachineArn: `arn:aws:states:eu-west-1:1:stateMachine:${sagaType}`,
  startQueueUrl: 'https://sqs/start',
  startDeadLetterQueueUrl: 'https://sqs/start-dlq',
  eventBusName: 'bus',
});
const outputsOf = (...types: string[]) =>
  Object.fromEntries([
    ...types.map((type) => [sagaOutputKey(type), JSON.stringify(resources(type))]),
    ['SomethingElse', 'not a saga'],
  ]);

function lookup(overrides: Partial<TargetLookup> = {}): TargetLookup & { stacks: string[] } {
  const stacks: string[] = [];
  return {
    stacks,
    cwd: '/nowhere',
    describeLocalCloud: async () => undefined,
    discoveredLocalCloud: async () => undefined,
    stackOutputs: async (stack) => {
      stacks.push(stack);
      return outputsOf('OrderSaga');
    },
    ...overrides,
  };
}
const args = (values: Record<string, string>) => ({ positionals: [], values });
const localCloud = {
  stackName: 'OrderSaga',
  outputs: outputsOf('OrderSaga'),
  gateway: 'http://127.0.0.1:4000',
  endpoints: { dynamoDb: 'a', sqs: 'b', eventBridge: 'c', stepFunctions: 'd' },
};

describe('where the saga commands operate', () => {
  it('reads a stack on AWS by its SfnSaga outputs, in the region asked', async () => {
    // Arrange
    const found = lookup();
    // Act
    const target = await resolveSagaTarget(args({ stack: 'Shop', region: 'eu-west-1' }), found);
    // Assert
    expect(target).toMatchObject({
      kind: 'aws',
      where: 'stack Shop in eu-west-1',
      saga: resources('OrderSaga'),
    });
    expect(found.stacks).toEqual(['Shop']);
    expect(await target.clients.dynamoDb.config.region()).toBe('eu-west-1');
  });

  it('uses a local cloud behind --endpoint, and LocalStack (with --stack) when the endpoint is not one', async () => {
    // Act
    const local = await resolveSagaTarget(
      args({ endpoint: 'http://127.0.0.1:4000' }),
      lookup({ describeLocalCloud: async () => localCloud }),
    );
    const localstack = await resolveSagaTarget(
      args({ endpoint: 'http://localhost:4566', stack: 'Shop' }),
      lookup(),
    );
    // Assert
    expect(local).toMatchObject({ kind: 'local cloud', config: { endpoint: 'http://127.0.0.1:4000' } });
    expect(localstack).toMatchObject({ kind: 'localstack', config: { endpoint: 'http://localhost:4566' } });
  });

  it("finds this project's running local cloud when nothing is given", async () => {
    // Act
    const target = await resolveSagaTarget(
      args({}),
      lookup({ discoveredLocalCloud: async () => localCloud }),
    );
    // Assert
    expect(target.where).toBe('the local cloud at http://127.0.0.1:4000 (stack OrderSaga)');
  });

  it('says what to pass when there is no target, no stack behind an endpoint, or several sagas', async () => {
    // Act
    const none = resolveSagaTarget(args({}), lookup());
    const bareEndpoint = resolveSagaTarget(args({ endpoint: 'http://localhost:4566' }), lookup());
    const several = resolveSagaTarget(
      args({ stack: 'Shop', region: 'eu-west-1' }),
      lookup({ stackOutputs: async () => outputsOf('OrderSaga', 'RefundSaga') }),
    );
    // Assert
    await expect(none).rejects.toThrow(UsageError);
    await expect(none).rejects.toThrow(/pass --stack <name> \(AWS; --region, --profile\), --endpoint <url>/);
    await expect(bareEndpoint).rejects.toThrow('http://localhost:4566 is not a local cloud');
    await expect(several).rejects.toThrow('has several sagas (OrderSaga, RefundSaga): pass --saga <type>');
  });

  it('names the sagas a stack has when the one asked for is not there, or that it has none', async () => {
    // Act
    const missing = resolveSagaTarget(args({ stack: 'Shop', region: 'eu-west-1', saga: 'Nope' }), lookup());
    const empty = resolveSagaTarget(
      args({ stack: 'Shop', region: 'eu-west-1' }),
      lookup({ stackOutputs: async () => ({ Other: 'x' }) }),
    );
    // Assert
    await expect(missing).rejects.toThrow(NotFoundError);
    await expect(missing).rejects.toThrow('stack Shop in eu-west-1 has no saga Nope; it has OrderSaga');
    await expect(empty).rejects.toThrow(/has no sagas: no SfnSaga… output/);
  });
});

describe('formatTable', () => {
  it('aligns columns to their widest cell, numbers to the right, and shows an empty cell as -', () => {
    // Act
    const text = formatTable(
      [
        { id: 'a', status: 'COMPLETED', ms: 1_200 },
        { id: 'long-id', status: '', ms: 5 },
      ],
      [
        { heading: 'SAGA', value: (row) => row.id },
        { heading: 'STATUS', value: (row) => row.status },
        { heading: 'MS', value: (row) => row.ms, align: 'right' },
      ],
    );
    // Assert
    expect(text).toBe(
      ['SAGA     STATUS       MS', 'a        COMPLETED  1200', 'long-id  -             5'].join('\n'),
    );
  });
});
