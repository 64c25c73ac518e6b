import { createHash } from 'node:crypto';
import {
  AwsJsonError,
  type JsonAction,
  startJsonProtocolServer,
} from '../../local/cloud/json-protocol-server.ts';
import type { LocalEndpoints } from '../../local/cloud/local-endpoints.ts';

/** The services the project's functions call, by their JSON-protocol target prefix. */
const TARGET_PREFIXES = {
  dynamoDb: 'DynamoDB_20120810',
  sqs: 'AmazonSQS',
  eventBridge: 'AWSEvents',
  stepFunctions: 'AWSStepFunctions',
} as const satisfies Record<keyof LocalEndpoints, string>;

export type FakeService = keyof typeof TARGET_PREFIXES;

/** How a fake answers one action: a response body, or an AWS error thrown with {@link awsError}. */
export type FakeAnswer = (input: Record<string, unknown>) => unknown;

/** An AWS API error as the fake returns it (HTTP 400, `__type`), e.g. `ConditionalCheckFailedException`. */
export function awsError(type: string, message = `refused by the test: ${type}`): never {
  throw new AwsJsonError(type, message);
}

/**
 * Small stand-ins for DynamoDB, SQS, EventBridge and Step Functions on loopback, for running a
 * function's real code (its SDK clients pointed here through `AWS_ENDPOINT_URL_*`): each action
 * answers as the test says, to succeed or to fail on demand, and every call is recorded. An action
 * the test did not set is refused with `UnknownOperationException`.
 */
export class FakeAwsEndpoints {
  readonly calls: { service: FakeService; action: string; input: Record<string, unknown> }[] = [];
  private readonly answers = new Map<string, FakeAnswer>();

  private constructor(
    readonly endpoints: LocalEndpoints,
    private readonly closers: readonly (() => Promise<void>)[],
  ) {}

  static async start(): Promise<FakeAwsEndpoints> {
    const routed: { fake?: FakeAwsEndpoints } = {};
    const started = await Promise.all(
      (Object.entries(TARGET_PREFIXES) as [FakeService, string][]).map(async ([service, prefix]) => {
        const actions = new Proxy({} as Record<string, JsonAction>, {
          get: (_target, action: string) => async (input: Record<string, unknown>) =>
            routed.fake?.handle(service, action, input),
        });
        return [service, await startJsonProtocolServer(prefix, actions)] as const;
      }),
    );
    const servers = Object.fromEntries(started) as Record<FakeService, (typeof started)[number][1]>;
    routed.fake = new FakeAwsEndpoints(
      {
        dynamoDb: servers.dynamoDb.endpoint,
        sqs: servers.sqs.endpoint,
        eventBridge: servers.eventBridge.endpoint,
        stepFunctions: servers.stepFunctions.endpoint,
      },
      Object.values(servers).map((server) => () => server.close()),
    );
    return routed.fake;
  }

  /** From now on, `service` answers `action` with `answer`. */
  answer(service: FakeService, action: string, answer: FakeAnswer): this {
    this.answers.set(`${service}.${action}`, answer);
    return this;
  }

  async close(): Promise<void> {
    await Promise.all(this.closers.map((close) => close()));
  }

  private handle(service: FakeService, action: string, input: Record<string, unknown>): unknown {
    this.calls.push({ service, action, input });
    const answer = this.answers.get(`${service}.${action}`);
    if (!answer)
      return awsError('UnknownOperationException', `the test set no answer to ${service}.${action}`);
    const output = answer(input);
    // The SQS client checks the body's MD5 in SendMessage's response, as SQS returns it.
    if (service === 'sqs' && action === 'SendMessage' && typeof input.MessageBody === 'string')
      return {
        MD5OfMessageBody: createHash('md5').update(input.MessageBody).digest('hex'),
        ...(output as object),
      };
    return output;
  }
}
