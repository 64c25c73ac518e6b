import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ListExecutionsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type MessageAttributeValue, SendMessageCommand } from '@aws-sdk/client-sqs';

/**
 * A Step Functions client that keeps StartExecution's documented idempotency: the same name and
 * input as a running execution returns it (its original start date); another input, or a closed
 * execution, is refused with ExecutionAlreadyExists. DescribeExecution says whether it runs.
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
export class FakeStepFunctions {
  readonly executions = new Map<
    string,
    { input: string; arn: string; running: boolean; startDate?: Date; startedOn?: string }
  >();
  calls = 0;
  /** ListExecutions pages served after the first (a page holds `pageSize` executions). */
  listPages = 0;

  constructor(private readonly pageSize = 1000) {}

  /** Ends an execution, as if it had succeeded. */
  finish(name: string): void {
    const execution = this.executions.get(name);
    if (execution) execution.running = false;
  }

  async send(command: unknown): Promise<unknown> {
    if (command instanceof ListExecutionsCommand) return this.list(command.input.nextToken);
    if (command instanceof DescribeExecutionCommand) return this.describe(command.input.executionArn ?? '');
    if (!(command instanceof StartExecutionCommand)) {
      throw new Error('FakeStepFunctions serves StartExecution, DescribeExecution and ListExecutions');
    }
    this.calls += 1;
    const { name = '', input = '{}', stateMachineArn = '' } = command.input;
    const existing = this.executions.get(name);
    // Idempotent only for the same input while the execution runs; a closed one keeps its name.
    if (existing && (existing.input !== input || !existing.running)) {
      throw new ExecutionAlreadyExists({ message: `Execution already exists: ${name}`, $metadata: {} });
    }
    if (existing) return { executionArn: existing.arn, startDate: existing.startDate ?? new Date(0) };
    // An execution started on an alias or version is named after the state machine all the same.
    const unqualified = stateMachineArn.split(':').slice(0, 7).join(':');
    const arn = `${unqualified.replace(':stateMachine:', ':execution:')}:${name}`;
    const startDate = new Date();
    this.executions.set(name, { input, arn, running: true, startDate, startedOn: stateMachineArn });
    return { executionArn: arn, startDate };
  }

  private describe(executionArn: string) {
    const execution = [...this.executions.values()].find((candidate) => candidate.arn === executionArn);
    if (!execution) {
      throw Object.assign(new Error(`Execution Does Not Exist: '${executionArn}'`), {
        name: 'ExecutionDoesNotExist',
      });
    }
    return { executionArn, status: execution.running ? 'RUNNING' : 'SUCCEEDED', input: execution.input };
  }

  /** RUNNING executions, `pageSize` at a time, the next page's start as the token. */
  private list(token: string | undefined) {
    const running = [...this.executions.values()].filter((execution) => execution.running);
    const start = Number(token ?? 0);
    if (start > 0) this.listPages += 1;
    const page = running.slice(start, start + this.pageSize);
    const next = start + this.pageSize;
    return {
      executions: page.map((execution) => ({ executionArn: execution.arn, status: 'RUNNING' })),
      ...(next < running.length ? { nextToken: String(next) } : {}),
    };
  }
}

/** An SQS client that records the messages sent to it. */
export class RecordingSqs {
  readonly sent: { queueUrl: string; body: string; attributes: Record<string, MessageAttributeValue> }[] = [];

  async send(command: unknown): Promise<unknown> {
    if (!(command instanceof SendMessageCommand)) throw new Error('RecordingSqs only sends messages');
    const { QueueUrl = '', MessageBody = '', MessageAttributes = {} } = command.input;
    this.sent.push({ queueUrl: QueueUrl, body: MessageBody, attributes: MessageAttributes });
    return { MessageId: String(this.sent.length) };
  }
}

/** An EventBridge client that records PutEvents entries, refusing the ones `refuse` picks. */
export class RecordingEventBridge {
  readonly entries: { DetailType?: string; Detail?: string; Source?: string; EventBusName?: string }[] = [];
  constructor(private readonly refuse: (detailType: string | undefined) => boolean = () => false) {}

  async send(command: { input: { Entries?: { DetailType?: string; Detail?: string; Source?: string }[] } }) {
    const results = (command.input.Entries ?? []).map((entry) => {
      if (this.refuse(entry.DetailType))
        return { ErrorCode: 'InternalFailure', ErrorMessage: 'refused by the test' };
      this.entries.push(entry);
      return { EventId: String(this.entries.length) };
    });
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  }
}
