import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CompiledEventPattern } from '../eventbridge/event-pattern.ts';
import { parseEventPattern } from '../eventbridge/parse-pattern.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './cloud-template.ts';
import type { JsonAction } from './json-protocol-server.ts';

/** A rule target as the template declares it (intrinsics resolved). */
export interface RuleTarget {
  readonly Arn: string;
  readonly Id: string;
  readonly Input?: string;
  readonly InputPath?: string;
  readonly InputTransformer?: {
    readonly InputPathsMap?: Record<string, string>;
    readonly InputTemplate: string;
  };
  readonly DeadLetterConfig?: { readonly Arn: string };
}

/** A rule of the template: a bus, a pattern, targets. */
export interface LocalRule {
  readonly name: string;
  readonly busName: string;
  readonly pattern: CompiledEventPattern;
  readonly targets: readonly RuleTarget[];
}

/** Where the bus delivers to. */
export interface EventTargets {
  readonly sqs: SQSClient;
  /** Queue URL of a queue ARN. */
  readonly queueUrlOf: (arn: string) => string | undefined;
  readonly invokeFunction: (functionArn: string, event: unknown) => Promise<unknown>;
  readonly startExecution: (stateMachineArn: string, input: string) => Promise<unknown>;
}

/** One event as it travels on a bus. */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

/**
 * EventBridge, locally: PutEvents on named buses, matched against the template's rules with AWS's
 * content-filter semantics (`local/eventbridge`), delivered to SQS queues, Lambda functions and state
 * machines with `Input`, `InputPath` or `InputTransformer` applied. A failed delivery goes to the
 * target's dead-letter queue, as EventBridge does after its retries.
 */
export class LocalEventBus {
  readonly delivered: { rule: string; target: string; ok: boolean }[] = [];
  private readonly deliveries = new Set<Promise<void>>();

  constructor(
    private readonly rules: readonly LocalRule[],
    private readonly targets: EventTargets,
  ) {}

  actions(): Record<string, JsonAction> {
    return {
      PutEvents: async (input) => {
        const entries = (input.Entries ?? []) as {
          EventBusName?: string;
          Source?: string;
          DetailType?: string;
          Detail?: string;
          Resources?: string[];
          Time?: string;
        }[];
        return {
          FailedEntryCount: 0,
          Entries: entries.map((entry) => {
            const event: BusEvent = {
              version: '0',
              id: randomUUID(),
              'detail-type': entry.DetailType ?? '',
              source: entry.Source ?? '',
              account: LOCAL_ACCOUNT,
              time: entry.Time ?? new Date().toISOString(),
              region: LOCAL_REGION,
              resources: entry.Resources ?? [],
              detail: JSON.parse(entry.Detail ?? '{}'),
            };
            this.publish(busNameOf(entry.EventBusName), event);
            return { EventId: event.id };
          }),
        };
      },
    };
  }

  /** Routes an event to every matching rule of the bus; deliveries run in the background. */
  publish(busName: string, event: BusEvent): void {
    for (const rule of this.rules) {
      if (rule.busName !== busName || !rule.pattern.matches(event)) continue;
      for (const target of rule.targets) {
        const delivery = this.deliver(rule, target, event).finally(() => this.deliveries.delete(delivery));
        this.deliveries.add(delivery);
      }
    }
  }

  async idle(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  private async deliver(rule: LocalRule, target: RuleTarget, event: BusEvent): Promise<void> {
    const payload = transformInput(target, event);
    try {
      if (target.Arn.startsWith('arn:aws:sqs:')) {
        await this.targets.sqs.send(
          new SendMessageCommand({ QueueUrl: this.targets.queueUrlOf(target.Arn), MessageBody: payload }),
        );
      } else if (target.Arn.startsWith('arn:aws:lambda:')) {
        await this.targets.invokeFunction(target.Arn, JSON.parse(payload));
      } else if (target.Arn.startsWith('arn:aws:states:')) {
        await this.targets.startExecution(target.Arn, payload);
      } else {
        throw new Error(`The local bus cannot deliver to ${target.Arn}`);
      }
      this.delivered.push({ rule: rule.name, target: target.Id, ok: true });
    } catch (error) {
      this.delivered.push({ rule: rule.name, target: target.Id, ok: false });
      const deadLetterUrl = target.DeadLetterConfig
        ? this.targets.queueUrlOf(target.DeadLetterConfig.Arn)
        : undefined;
      if (!deadLetterUrl) return;
      await this.targets.sqs.send(
        new SendMessageCommand({
          QueueUrl: deadLetterUrl,
          MessageBody: JSON.stringify(event),
          MessageAttributes: {
            RULE_ARN: { DataType: 'String', StringValue: rule.name },
            ERROR_MESSAGE: {
              DataType: 'String',
              StringValue: error instanceof Error ? error.message : String(error),
            },
          },
        }),
      );
    }
  }
}

/** `default` for an absent bus name; the last part of a bus ARN otherwise. */
export function busNameOf(nameOrArn: string | undefined): string {
  if (!nameOrArn) return 'default';
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split('/').at(-1) ?? nameOrArn) : nameOrArn;
}

/** Builds a rule from its template properties (intrinsics resolved). */
export function localRule(name: string, props: Record<string, unknown>): LocalRule {
  return {
    name,
    busName: busNameOf(props.EventBusName as string | undefined),
    pattern: parseEventPattern(props.EventPattern as never),
    targets: (props.Targets ?? []) as RuleTarget[],
  };
}

/**
 * The payload a target receives: `Input` as is, the `InputPath` selection, the `InputTransformer`
 * template with its `<placeholders>` filled, or the whole event.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 */
export function transformInput(target: RuleTarget, event: BusEvent): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath) return JSON.stringify(readJsonPath(event, target.InputPath) ?? null);
  if (!target.InputTransformer) return JSON.stringify(event);
  let text = target.InputTransformer.InputTemplate;
  for (const [key, path] of Object.entries(target.InputTransformer.InputPathsMap ?? {})) {
    const value = readJsonPath(event, path);
    const quoted = new RegExp(`"<${key}>"`, 'g');
    text = text.replace(
      quoted,
      typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null),
    );
    text = text.replaceAll(`<${key}>`, typeof value === 'string' ? value : JSON.stringify(value ?? null));
  }
  return text.replaceAll('<aws.events.event.json>', JSON.stringify(event));
}

function readJsonPath(value: unknown, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter((key) => key !== '')
    .reduce<unknown>(
      (current, key) =>
        typeof current === 'object' && current !== null
          ? (current as Record<string, unknown>)[key]
          : undefined,
      value,
    );
}
