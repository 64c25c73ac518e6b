import { readFile } from 'node:fs/promises';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sagaIdFor } from '../../contract/execution-input.ts';
import { sagaItemKey } from '../../contract/saga-table.ts';
import { type CliCommand, ExitCode, stringOption, UsageError } from '../command.ts';
import { DEFAULT_OPERATION_DEPS, type OperationDeps, withSagaType } from '../operations/operation-deps.ts';
import { TARGET_HELP, TARGET_OPTIONS } from '../operations/saga-target.ts';
import { startMessageOf } from '../operations/start-message.ts';
import { formatJson } from '../output/table.ts';

/** `saga start`: starts a saga through its start queue, as its trigger does — once per business key. */
export function createStartCommand(deps: OperationDeps = DEFAULT_OPERATION_DEPS): CliCommand {
  return {
    name: 'start',
    summary: 'start a saga for a business key (idempotent: a key never runs twice)',
    usage: "saga start <type> --key <businessKey> --input '<json>' | --input @file.json [--json]",
    help: `Sends the start message the saga's trigger would send to its start queue: the starter checks the
input, writes the RUNNING record and starts the execution named by the saga id. The same business key
always gives the same saga id, so a key that already has a saga starts nothing: the command says so
and prints its status (the starter would absorb the message anyway).

Options:
  --key <businessKey>  what makes the start idempotent (e.g. the order id)
  --input <json>       the saga input, as JSON, or @path of a JSON file
  --json               what was done, as JSON

${TARGET_HELP}

Example:
  saga start OrderSaga --key 1001 --input '{"customerId":"c-1","sku":"SKU-BOOK","quantity":1,"amountCents":2599}'`,
    options: {
      ...TARGET_OPTIONS,
      key: { type: 'string' },
      input: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(args, io) {
      const [sagaType, ...extra] = args.positionals;
      if (!sagaType || extra.length > 0)
        throw new UsageError('name the saga type to start, e.g. saga start OrderSaga');
      const businessKey = stringOption(args, 'key');
      if (!businessKey?.trim())
        throw new UsageError('--key <businessKey> is required: the start is idempotent by it');
      const input = await inputOption(stringOption(args, 'input'));
      const target = await deps.resolveTarget(withSagaType(args, sagaType));
      if (!target.saga.startMessage)
        throw new Error(
          `the stack output of ${target.saga.sagaType} does not say where its starter reads the business key (startMessage): redeploy it with this version of sfn-saga`,
        );
      const message = startMessageOf(target.saga.startMessage, businessKey, input);
      const sagaId = sagaIdFor(target.saga.sagaType, businessKey);
      const existing = await target.clients.dynamoDb.send(
        new GetItemCommand({
          TableName: target.saga.sagaTableName,
          Key: sagaItemKey(sagaId),
          ProjectionExpression: '#status',
          ExpressionAttributeNames: { '#status': 'status' },
          ConsistentRead: true,
        }),
      );
      const status = existing.Item?.status?.S;
      if (status === undefined)
        await target.clients.sqs.send(
          new SendMessageCommand({
            QueueUrl: target.saga.startQueueUrl,
            MessageBody: JSON.stringify(message),
          }),
        );
      const result = {
        sagaId,
        sagaType: target.saga.sagaType,
        businessKey,
        sent: status === undefined,
        ...(status ? { status } : {}),
      };
      if (args.values.json) io.out(formatJson(result));
      else
        io.out(
          status === undefined
            ? `Start of ${target.saga.sagaType} for key ${businessKey} sent to ${target.where}: saga ${sagaId}.\nFollow it: saga show ${sagaId}`
            : `${target.saga.sagaType} for key ${businessKey} already exists (${status}): saga ${sagaId}; nothing sent, a key never runs twice.\nSee it: saga show ${sagaId}`,
        );
      return ExitCode.ok;
    },
  };
}

export const startCommand = createStartCommand();

async function inputOption(value: string | undefined): Promise<unknown> {
  if (value === undefined)
    throw new UsageError("--input is required: the saga input as JSON ('{…}') or @file.json");
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = await readFile(value.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(`--input ${value}: cannot read ${value.slice(1)} (${(error as Error).message})`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--input is not JSON (${(error as Error).message}): quote it, e.g. --input '{"orderId":"1001"}'`,
    );
  }
}
