import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { findProjectRoot } from '../../contract/project-root.ts';
import { type SagaResources, sagaResourcesOf } from '../../contract/saga-stack-outputs.ts';
import { DISCOVERY_FILE, readDiscoveryFile } from '../../local/cloud/discovery.ts';
import { DESCRIPTION_PATH, type LocalCloudDescription } from '../../local/cloud/local-gateway.ts';
import { type CommandArgs, NotFoundError, stringOption, UsageError } from '../command.ts';

/** The options every command that operates sagas takes (`--stack`, `--endpoint`, …). */
export const TARGET_OPTIONS = {
  stack: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  endpoint: { type: 'string' },
  saga: { type: 'string' },
} as const;

/** The lines of `--help` that explain {@link TARGET_OPTIONS}. */
export const TARGET_HELP = `Where the sagas are (the first that applies):
  --endpoint <url>   a local cloud's gateway (saga local-cloud prints it), or LocalStack with --stack
  --stack <name>     the CloudFormation stack on AWS (--region, --profile: the SDK's default chain otherwise)
  (neither)          the local cloud running for this project (saga local-cloud)
  --saga <type>      which saga, when the stack has several`;

/** The SDK settings of every client a command makes for its target. */
export interface ClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** A saga's resources, the clients to reach them, and where they are. */
export interface SagaTarget {
  /** `aws`, `localstack` or `local cloud`: said in outputs so an operator knows what they touched. */
  readonly kind: 'aws' | 'localstack' | 'local cloud';
  /** e.g. `stack OrderSaga in eu-west-1` */
  readonly where: string;
  readonly saga: SagaResources;
  readonly config: ClientConfig;
  readonly clients: {
    readonly dynamoDb: DynamoDBClient;
    readonly stepFunctions: SFNClient;
    readonly sqs: SQSClient;
    readonly eventBridge: EventBridgeClient;
  };
}

/** Credentials local endpoints accept (they check none). */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
const LOCAL_REGION = 'us-east-1';

/** How the target is looked up; tests replace the network parts. */
export interface TargetLookup {
  readonly describeLocalCloud: (endpoint: string) => Promise<LocalCloudDescription | undefined>;
  readonly stackOutputs: (stackName: string, config: ClientConfig) => Promise<Record<string, string>>;
  readonly discoveredLocalCloud: (cwd: string) => Promise<LocalCloudDescription | undefined>;
  readonly cwd: string;
}

export const DEFAULT_LOOKUP: TargetLookup = {
  describeLocalCloud,
  stackOutputs,
  discoveredLocalCloud: async (cwd) => {
    const root = findProjectRoot(undefined, cwd);
    return root ? readDiscoveryFile(join(root.dir, DISCOVERY_FILE)) : undefined;
  },
  cwd: process.cwd(),
};

/**
 * Finds the saga a command operates on from its options: a local cloud's gateway, LocalStack, a
 * stack on AWS, or the local cloud running for this project — then the saga among the stack's
 * `SfnSaga…` outputs.
 * @throws UsageError when no target is given and none runs, or several sagas need `--saga`
 * @throws NotFoundError when the stack or the saga does not exist
 */
export async function resolveSagaTarget(
  args: CommandArgs,
  lookup: TargetLookup = DEFAULT_LOOKUP,
): Promise<SagaTarget> {
  const endpoint = stringOption(args, 'endpoint');
  const stack = stringOption(args, 'stack');
  const region = stringOption(args, 'region') ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const profile = stringOption(args, 'profile');
  if (endpoint) {
    const local = await lookup.describeLocalCloud(endpoint);
    if (local) return fromLocalCloud(local, args);
    if (!stack)
      throw new UsageError(
        `${endpoint} is not a local cloud (no ${DESCRIPTION_PATH}); for LocalStack, also pass --stack <name>`,
      );
    const config: ClientConfig = {
      region: region ?? LOCAL_REGION,
      endpoint,
      ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: LOCAL_CREDENTIALS }),
    };
    return target(
      'localstack',
      `stack ${stack} at ${endpoint}`,
      await lookup.stackOutputs(stack, config),
      config,
      args,
    );
  }
  if (stack) {
    const config: ClientConfig = { region: region ?? '', ...(profile ? { profile } : {}) };
    if (!config.region)
      throw new UsageError('no AWS region: pass --region, or set AWS_REGION (or a region in your profile)');
    return target(
      'aws',
      `stack ${stack} in ${config.region}`,
      await lookup.stackOutputs(stack, config),
      config,
      args,
    );
  }
  const discovered = await lookup.discoveredLocalCloud(lookup.cwd);
  if (discovered) return fromLocalCloud(discovered, args);
  throw new UsageError(
    'no sagas to operate on: pass --stack <name> (AWS; --region, --profile), --endpoint <url> (a local cloud or LocalStack), or start a local cloud for this project with `saga local-cloud`',
  );
}

function fromLocalCloud(cloud: LocalCloudDescription, args: CommandArgs): SagaTarget {
  const config: ClientConfig = {
    region: LOCAL_REGION,
    endpoint: cloud.gateway,
    credentials: LOCAL_CREDENTIALS,
  };
  return target(
    'local cloud',
    `the local cloud at ${cloud.gateway} (stack ${cloud.stackName})`,
    cloud.outputs,
    config,
    args,
  );
}

function target(
  kind: SagaTarget['kind'],
  where: string,
  outputs: Record<string, string>,
  config: ClientConfig,
  args: CommandArgs,
): SagaTarget {
  const sagas = sagaResourcesOf(outputs);
  const wanted = stringOption(args, 'saga');
  const types = sagas.map((saga) => saga.sagaType).join(', ');
  if (sagas.length === 0)
    throw new NotFoundError(
      `${where} has no sagas: no SfnSaga… output (deploy it with SagaOrchestrator from sfn-saga 0.2 or later)`,
    );
  const saga = wanted ? sagas.find((candidate) => candidate.sagaType === wanted) : sagas[0];
  if (!saga) throw new NotFoundError(`${where} has no saga ${wanted}; it has ${types}`);
  if (!wanted && sagas.length > 1)
    throw new UsageError(`${where} has several sagas (${types}): pass --saga <type>`);
  return { kind, where, saga, config, clients: clientsFor(config) };
}

/** The SDK clients of a target. */
export function clientsFor(config: ClientConfig): SagaTarget['clients'] {
  const settings = sdkSettings(config);
  return {
    dynamoDb: new DynamoDBClient(settings),
    stepFunctions: new SFNClient(settings),
    sqs: new SQSClient(settings),
    eventBridge: new EventBridgeClient(settings),
  };
}

/** The client configuration of {@link ClientConfig}, for any SDK client a command needs. */
export function sdkSettings(config: ClientConfig) {
  return {
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.profile ? { profile: config.profile } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  };
}

async function describeLocalCloud(endpoint: string): Promise<LocalCloudDescription | undefined> {
  try {
    const response = await fetch(new URL(DESCRIPTION_PATH, endpoint), { signal: AbortSignal.timeout(3_000) });
    return response.ok ? ((await response.json()) as LocalCloudDescription) : undefined;
  } catch {
    return undefined;
  }
}

async function stackOutputs(stackName: string, config: ClientConfig): Promise<Record<string, string>> {
  const client = new CloudFormationClient(sdkSettings(config));
  try {
    const { Stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    return Object.fromEntries(
      (Stacks[0]?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']),
    );
  } catch (error) {
    if ((error as Error).name === 'ValidationError')
      throw new NotFoundError(
        `stack ${stackName} does not exist in ${config.region}${config.endpoint ? ` at ${config.endpoint}` : ''}`,
      );
    throw error;
  } finally {
    client.destroy();
  }
}
