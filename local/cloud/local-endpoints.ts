import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS } from '../dynamodb/dynamo-db-local.ts';
import { LOCAL_REGION } from './cloud-template.ts';

/** Where each local service answers. */
export interface LocalEndpoints {
  readonly dynamoDb: string;
  readonly sqs: string;
  readonly eventBridge: string;
  readonly stepFunctions: string;
}

/** SDK clients pointed at the local services. */
export function localClients(endpoints: LocalEndpoints) {
  const common = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  return {
    dynamoDb: new DynamoDBClient({ ...common, endpoint: endpoints.dynamoDb }),
    dynamoDbStreams: new DynamoDBStreamsClient({ ...common, endpoint: endpoints.dynamoDb }),
    sqs: new SQSClient({ ...common, endpoint: endpoints.sqs }),
    eventBridge: new EventBridgeClient({ ...common, endpoint: endpoints.eventBridge }),
    stepFunctions: new SFNClient({ ...common, endpoint: endpoints.stepFunctions }),
  };
}

export type LocalClients = ReturnType<typeof localClients>;

/**
 * The environment that points a Lambda bundle's AWS SDK at the local services: the SDK's
 * service-specific endpoint variables, a region and dummy credentials.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
export function localSdkEnvironment(endpoints: Partial<LocalEndpoints>): Record<string, string> {
  const endpointVariables = {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventBridge,
    AWS_ENDPOINT_URL_SFN: endpoints.stepFunctions,
  };
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    ...Object.fromEntries(
      Object.entries(endpointVariables).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  };
}
