import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import {
  type CloudTemplate,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  type ResolvedResource,
  resolveIntrinsics,
  resourcesOfType,
} from './cloud-template.ts';
import type { LocalClients } from './local-endpoints.ts';

type Properties = Record<string, unknown>;

/**
 * Creates the template's DynamoDB tables (TableV2's GlobalTable and Table) in DynamoDB Local, named
 * by logical id: keys, GSIs, streams and TTL as the template declares them.
 */
export async function provisionTables(
  template: CloudTemplate,
  clients: LocalClients,
  resolved: Map<string, ResolvedResource>,
): Promise<void> {
  const tables = [
    ...resourcesOfType(template, 'AWS::DynamoDB::GlobalTable'),
    ...resourcesOfType(template, 'AWS::DynamoDB::Table'),
  ];
  for (const [id, resource] of tables) {
    const props = (resource.Properties ?? {}) as Properties;
    const stream = props.StreamSpecification as { StreamViewType?: string } | undefined;
    const input: CreateTableCommandInput = {
      TableName: id,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: props.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
      KeySchema: props.KeySchema as CreateTableCommandInput['KeySchema'],
      ...(Array.isArray(props.GlobalSecondaryIndexes) && props.GlobalSecondaryIndexes.length > 0
        ? {
            GlobalSecondaryIndexes: (props.GlobalSecondaryIndexes as Properties[]).map((index) => ({
              IndexName: index.IndexName as string,
              KeySchema: index.KeySchema as never,
              Projection: index.Projection as never,
            })),
          }
        : {}),
      ...(stream?.StreamViewType
        ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream.StreamViewType as never } }
        : {}),
    };
    await clients.dynamoDb.send(new CreateTableCommand(input));
    const ttl = props.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
    if (ttl?.Enabled && ttl.AttributeName) {
      await clients.dynamoDb.send(
        new UpdateTimeToLiveCommand({
          TableName: id,
          TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
        }),
      );
    }
    const { Table } = await clients.dynamoDb.send(new DescribeTableCommand({ TableName: id }));
    resolved.set(id, {
      ref: id,
      attributes: {
        Arn: Table?.TableArn ?? `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${id}`,
        StreamArn: Table?.LatestStreamArn ?? '',
      },
    });
  }
}

/**
 * Creates the template's SQS queues in the local SQS server, named by logical id, dead-letter
 * queues first so each redrive policy can name its target.
 */
export async function provisionQueues(
  template: CloudTemplate,
  clients: LocalClients,
  resolved: Map<string, ResolvedResource>,
): Promise<void> {
  const queues = resourcesOfType(template, 'AWS::SQS::Queue');
  const withoutRedrive = queues.filter(([, queue]) => !queue.Properties?.RedrivePolicy);
  const withRedrive = queues.filter(([, queue]) => queue.Properties?.RedrivePolicy);
  for (const [id, resource] of [...withoutRedrive, ...withRedrive]) {
    const props = (resolveIntrinsics(resource.Properties ?? {}, resolved) ?? {}) as Properties;
    const attributes: Record<string, string> = {};
    if (props.VisibilityTimeout !== undefined) attributes.VisibilityTimeout = String(props.VisibilityTimeout);
    if (props.MessageRetentionPeriod !== undefined)
      attributes.MessageRetentionPeriod = String(props.MessageRetentionPeriod);
    if (props.RedrivePolicy) attributes.RedrivePolicy = JSON.stringify(props.RedrivePolicy);
    const { QueueUrl = '' } = await clients.sqs.send(
      new CreateQueueCommand({ QueueName: id, Attributes: attributes }),
    );
    resolved.set(id, {
      ref: QueueUrl,
      attributes: { Arn: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}`, QueueName: id, QueueUrl },
    });
  }
}

/** Names of the resources the harness does not create but the template refers to (functions, buses, state machines). */
export function nameVirtualResources(template: CloudTemplate, resolved: Map<string, ResolvedResource>): void {
  for (const [id] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    resolved.set(id, {
      ref: id,
      attributes: { Arn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${id}` },
    });
  }
  for (const [id] of resourcesOfType(template, 'AWS::Events::EventBus')) {
    resolved.set(id, {
      ref: id,
      attributes: { Arn: `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:event-bus/${id}`, Name: id },
    });
  }
  for (const [id] of resourcesOfType(template, 'AWS::StepFunctions::StateMachine')) {
    const arn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${id}`;
    resolved.set(id, { ref: arn, attributes: { Arn: arn, Name: id } });
  }
}
