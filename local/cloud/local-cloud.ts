import { createRequire } from 'node:module';
import type { StateMachineDefinition } from '../../statemachines/compiler/asl.ts';
import { startDynamoDbLocal } from '../dynamodb/dynamo-db-local.ts';
import { freePort } from '../dynamodb/free-port.ts';
import { parseEventPattern } from '../eventbridge/parse-pattern.ts';
import { requireOptionalPeer } from '../optional-peer.ts';
import { lambdaTracingEnvironment } from '../xray/lambda-tracing-environment.ts';
import { LocalXRayDaemon } from '../xray/local-xray-daemon.ts';
import { xrayApiRoutes } from '../xray/xray-api-routes.ts';
import {
  type CloudTemplate,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  type ResolvedResource,
  readTemplate,
  resolveIntrinsics,
  resourcesOfType,
} from './cloud-template.ts';
import { removeDiscoveryFile, writeDiscoveryFile } from './discovery.ts';
import { type Poller, pollQueue, pollStream } from './event-sources.ts';
import { startJsonProtocolServer } from './json-protocol-server.ts';
import { functionSpecOf, LambdaHost, type LocalFunctionSpec } from './lambda-host.ts';
import {
  type LocalClients,
  type LocalEndpoints,
  localClients,
  localSdkEnvironment,
} from './local-endpoints.ts';
import { LocalEventBus, localRule } from './local-event-bus.ts';
import { type GatewayRoute, startLocalGateway } from './local-gateway.ts';
import { type LocalExecution, LocalStepFunctions } from './local-step-functions.ts';
import { nameVirtualResources, provisionQueues, provisionTables } from './provision.ts';
import { TemplateVersions } from './template-versions.ts';

/** Options of `startLocalCloud`. */
export interface LocalCloudOptions {
  /** The cloud assembly directory, e.g. `cdk.out`. */
  readonly assemblyDir: string;
  /** The stack whose template to run, e.g. `OrderSaga`. */
  readonly stackName: string;
  /**
   * Multiplies each Step Functions retry wait.
   * @default 0.01
   */
  readonly retryDelayScale?: number;
  /**
   * Where to say that this local cloud runs (its gateway and the stack's outputs), for the `saga`
   * CLI to find it; removed on `stop()`. See `local/cloud/discovery.ts`.
   * @default none
   */
  readonly discoveryFile?: string;
}

/** A running local cloud: endpoints, clients, the template's resources by logical id, and its parts. */
export interface LocalCloud {
  readonly endpoints: LocalEndpoints;
  /** One endpoint for every service, and the stack's description (see `startLocalGateway`). */
  readonly gateway: string;
  /** REST routes parts of the local cloud serve on the gateway (e.g. X-Ray's). */
  readonly gatewayRoutes: GatewayRoute[];
  readonly clients: LocalClients;
  /** What `Ref` / `Fn::GetAtt` give for each logical id here. */
  readonly resources: ReadonlyMap<string, ResolvedResource>;
  /** The stack's outputs, resolved against the local resources. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly stepFunctions: LocalStepFunctions;
  readonly eventBus: LocalEventBus;
  readonly lambdas: LambdaHost;
  /** The X-Ray daemon the functions and the state machines send their segments to. */
  readonly xray: LocalXRayDaemon;
  /** Resolves once nothing runs: no execution, no delivery, every poller quiet. */
  settle(): Promise<void>;
  /**
   * Deploys the stack's template from another cloud assembly (`cdk.out` of a later synth), as
   * `cdk deploy` updates a stack: functions get their new code and environment, state machines
   * their new definitions, new `AWS::Lambda::Version` and `AWS::StepFunctions::StateMachineVersion`
   * resources are published (numbered after the ones before), aliases move to their new version
   * at once (no traffic shifting). Executions under way keep the version they started on, and
   * `outputs` follow the new template. Tables, queues, rules and event source mappings stay as
   * they were started.
   */
  update(options: { readonly assemblyDir: string }): Promise<void>;
  /** Stops everything it started: pollers, workers, servers, and DynamoDB Local by its pid. */
  stop(): Promise<void>;
}

/**
 * Runs a synthesized stack on loopback, without Docker: AWS's DynamoDB Local, a local SQS server,
 * EventBridge and Step Functions servers of our own, the template's tables, queues and rules, its
 * state machines on `aws-local-stepfunctions`, and its functions from their esbuild bundles in
 * `cdk.out` with the environment the template gives them.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const template = await readTemplate(options.assemblyDir, options.stackName);
  const stops: (() => Promise<void>)[] = [];
  const gatewayRoutes: GatewayRoute[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const dynamoDbLocal = await startDynamoDbLocal();
    stops.push(() => dynamoDbLocal.stop());
    const { createSqsServer } = requireOptionalPeer<typeof import('local-aws-sqs')>(
      createRequire(import.meta.url),
      'local-aws-sqs',
      'serves SQS for the local cloud',
    );
    const sqsPort = await freePort();
    const sqsServer = await createSqsServer({
      port: sqsPort,
      hostname: '127.0.0.1',
      accountId: LOCAL_ACCOUNT,
      region: LOCAL_REGION,
      emulateQueueCreationLifecycle: false,
    });
    stops.push(() => new Promise<void>((resolve) => sqsServer.close(() => resolve())));

    // The API servers need the bus and the state machines, which need the endpoints: late-bind them.
    const late: { bus?: LocalEventBus; sfn?: LocalStepFunctions } = {};
    const eventsServer = await startJsonProtocolServer('AWSEvents', {
      PutEvents: (input) => requireLate(late.bus).actions().PutEvents?.(input) ?? Promise.resolve({}),
    });
    stops.push(() => eventsServer.close());
    const sfnServer = await startJsonProtocolServer(
      'AWSStepFunctions',
      lateActions(() => requireLate(late.sfn).actions()),
    );
    stops.push(() => sfnServer.close());

    const endpoints: LocalEndpoints = {
      dynamoDb: dynamoDbLocal.endpoint,
      sqs: `http://127.0.0.1:${sqsPort}`,
      eventBridge: eventsServer.endpoint,
      stepFunctions: sfnServer.endpoint,
    };
    const clients = localClients(endpoints);
    const resolved = new Map<string, ResolvedResource>();
    const versions = new TemplateVersions();
    nameVirtualResources(template, resolved);
    versions.name(template, resolved);
    await provisionTables(template, clients, resolved);
    await provisionQueues(template, clients, resolved);

    const xray = await LocalXRayDaemon.start();
    stops.push(() => xray.close());
    gatewayRoutes.push(...xrayApiRoutes(xray));
    const lambdas = new LambdaHost(functionSpecs(template, options.assemblyDir, resolved), {
      ...localSdkEnvironment(endpoints),
      ...lambdaTracingEnvironment(xray.address),
    });
    stops.push(() => lambdas.stop());
    const queueUrlOf = (arn: string) =>
      [...resolved.values()].find((resource) => resource.attributes.Arn === arn)?.ref;
    late.bus = new LocalEventBus(
      resourcesOfType(template, 'AWS::Events::Rule').map(([id, rule]) =>
        localRule(id, resolveIntrinsics(rule.Properties ?? {}, resolved) as Record<string, unknown>),
      ),
      {
        sqs: clients.sqs,
        queueUrlOf,
        invokeFunction: (arn, event) => lambdas.invoke(arn.split(':').at(-1) ?? arn, event),
        startExecution: (arn, input) =>
          late.sfn?.actions().StartExecution?.({ stateMachineArn: arn, input }) ?? Promise.resolve(),
      },
    );
    late.sfn = new LocalStepFunctions(stateMachineSpecs(template, resolved), {
      lambdas,
      dynamoDb: clients.dynamoDb,
      retryDelayScale: options.retryDelayScale ?? 0.01,
      xray,
      onExecutionEnded: async (execution) => late.bus?.publish('default', statusChangeEvent(execution)),
    });
    versions.publish(template, resolved, { lambdas, stepFunctions: late.sfn });
    const pollers = startPollers(template, resolved, clients, lambdas, queueUrlOf);
    stops.push(async () => {
      await Promise.all(pollers.map((poller) => poller.stop()));
    });
    const bus = late.bus;
    const sfn = late.sfn;
    const outputs = outputsOf(template, resolved);
    const description = { stackName: options.stackName, outputs, endpoints };
    const gateway = await startLocalGateway(
      endpoints,
      () => description,
      () => gatewayRoutes,
    );
    stops.push(() => gateway.close());
    if (options.discoveryFile) {
      const file = options.discoveryFile;
      await writeDiscoveryFile(file, { ...description, gateway: gateway.endpoint, pid: process.pid });
      stops.push(() => removeDiscoveryFile(file));
    }
    return {
      endpoints,
      gateway: gateway.endpoint,
      gatewayRoutes,
      clients,
      resources: resolved,
      outputs,
      stepFunctions: sfn,
      eventBus: bus,
      lambdas,
      xray,
      settle: async () => {
        await sfn.idle();
        await bus.idle();
        await Promise.all(pollers.map((poller) => poller.quiet()));
      },
      update: async ({ assemblyDir }) => {
        const next = await readTemplate(assemblyDir, options.stackName);
        nameVirtualResources(next, resolved);
        versions.name(next, resolved);
        lambdas.deploy(functionSpecs(next, assemblyDir, resolved));
        sfn.deploy(stateMachineSpecs(next, resolved));
        versions.publish(next, resolved, { lambdas, stepFunctions: sfn });
        Object.assign(outputs, outputsOf(next, resolved));
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The stack's outputs, resolved against the local resources. */
function outputsOf(template: CloudTemplate, resolved: Map<string, ResolvedResource>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(template.Outputs ?? {}).map(([name, output]) => [
      name,
      String(resolveIntrinsics(output.Value, resolved)),
    ]),
  );
}

function requireLate<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('The local cloud is still starting');
  return value;
}

function lateActions(actions: () => Record<string, (input: Record<string, unknown>) => Promise<unknown>>) {
  return new Proxy({} as Record<string, (input: Record<string, unknown>) => Promise<unknown>>, {
    get: (_target, name: string) => (input: Record<string, unknown>) => {
      const action = actions()[name];
      if (!action) throw new Error(`Not served locally: ${name}`);
      return action(input);
    },
  });
}

function functionSpecs(
  template: CloudTemplate,
  assemblyDir: string,
  resolved: Map<string, ResolvedResource>,
): Map<string, LocalFunctionSpec> {
  return new Map(
    resourcesOfType(template, 'AWS::Lambda::Function').map(([id, resource]) => {
      const variables = resolveIntrinsics(
        (resource.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
        resolved,
      ) as Record<string, unknown>;
      const environment = Object.fromEntries(
        Object.entries(variables).map(([key, value]) => [key, String(value)]),
      );
      return [id, functionSpecOf(id, resource, assemblyDir, environment)];
    }),
  );
}

function stateMachineSpecs(template: CloudTemplate, resolved: Map<string, ResolvedResource>) {
  return resourcesOfType(template, 'AWS::StepFunctions::StateMachine').map(([id, resource]) => {
    const props = resource.Properties ?? {};
    const substitutions = resolveIntrinsics(props.DefinitionSubstitutions ?? {}, resolved) as Record<
      string,
      string
    >;
    let text = String(resolveIntrinsics(props.DefinitionString, resolved));
    for (const [name, value] of Object.entries(substitutions)) text = text.replaceAll(`\${${name}}`, value);
    return { arn: resolved.get(id)?.ref ?? id, definition: JSON.parse(text) as StateMachineDefinition };
  });
}

function startPollers(
  template: CloudTemplate,
  resolved: Map<string, ResolvedResource>,
  clients: LocalClients,
  lambdas: LambdaHost,
  queueUrlOf: (arn: string) => string | undefined,
): Poller[] {
  return resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').map(([, resource]) => {
    const props = resolveIntrinsics(resource.Properties ?? {}, resolved) as Record<string, unknown>;
    const functionName = String(props.FunctionName);
    const sourceArn = String(props.EventSourceArn);
    if (sourceArn.startsWith('arn:aws:sqs:')) {
      return pollQueue(clients, lambdas, {
        functionName,
        queueArn: sourceArn,
        queueUrl: queueUrlOf(sourceArn) ?? '',
        batchSize: Number(props.BatchSize ?? 10),
        reportBatchItemFailures: ((props.FunctionResponseTypes ?? []) as string[]).includes(
          'ReportBatchItemFailures',
        ),
      });
    }
    const filters = (
      (props.FilterCriteria as { Filters?: { Pattern: string }[] } | undefined)?.Filters ?? []
    ).map((filter) => parseEventPattern(filter.Pattern));
    const onFailure = (props.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined)
      ?.OnFailure?.Destination;
    return pollStream(clients, lambdas, {
      functionName,
      streamArn: sourceArn,
      filters,
      retryAttempts: Number(props.MaximumRetryAttempts ?? 2),
      onFailureQueueUrl: onFailure ? queueUrlOf(onFailure) : undefined,
    });
  });
}

/** The event Step Functions sends to the default bus when an execution ends. */
function statusChangeEvent(execution: LocalExecution) {
  return {
    version: '0' as const,
    id: crypto.randomUUID(),
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: LOCAL_ACCOUNT,
    time: new Date().toISOString(),
    region: LOCAL_REGION,
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      stateMachineVersionArn: execution.stateMachineVersionArn ?? null,
      stateMachineAliasArn: execution.stateMachineAliasArn ?? null,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime(),
      stopDate: execution.stopDate?.getTime() ?? null,
      redriveCount: execution.redriveCount,
      redriveDate: execution.redriveDate?.getTime() ?? null,
      input: execution.input,
      output: execution.output ?? null,
      error: execution.error ?? null,
      cause: execution.cause ?? null,
    },
  };
}
