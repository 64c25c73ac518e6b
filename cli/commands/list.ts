import { type CliCommand, ExitCode, stringOption, UsageError } from '../command.ts';
import { DEFAULT_OPERATION_DEPS, type OperationDeps, withSagaType } from '../operations/operation-deps.ts';
import { readSagaIndex } from '../operations/read-saga-index.ts';
import { TARGET_HELP, TARGET_OPTIONS } from '../operations/saga-target.ts';
import { sinceTime } from '../operations/since-option.ts';
import { statusesOption } from '../operations/status-option.ts';
import { formatDuration } from '../output/duration.ts';
import { formatJson, formatTable } from '../output/table.ts';

/** Sagas `saga list` shows unless `--limit` says otherwise. */
export const DEFAULT_LIST_LIMIT = 20;
/** The most `--limit` takes: each shard reads up to this many items. */
export const MAX_LIST_LIMIT = 1_000;

/** `saga list`: the newest sagas, by status, type and start time, from the saga index. */
export function createListCommand(deps: OperationDeps = DEFAULT_OPERATION_DEPS): CliCommand {
  return {
    name: 'list',
    summary: 'list sagas, newest first, by status and start time',
    usage: 'saga list [--status FAILED[,…]] [--type <saga>] [--since 1h] [--limit 20] [--json]',
    help: `Reads the saga index (a Query per status, never a Scan: as fast on a table of millions).

Options:
  --status <s>      RUNNING, COMPENSATING, COMPLETED, COMPENSATED, FAILED, TIMED_OUT, CANCELLED,
                    ABANDONED, or open; repeat it or separate with commas (default: every status)
  --type <saga>     the saga type (default: the stack's only saga; same as --saga)
  --since <t>       only sagas started in the last 90s / 30m / 1h / 7d, or since an ISO time
  --limit <n>       at most n sagas (default ${DEFAULT_LIST_LIMIT}, at most ${MAX_LIST_LIMIT})
  --json            the sagas as JSON, with the items the call read

${TARGET_HELP}

Example:
  saga list --status FAILED --since 24h`,
    options: {
      ...TARGET_OPTIONS,
      status: { type: 'string', multiple: true },
      type: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(args, io) {
      const statuses = statusesOption(args.values.status);
      const limit = limitOption(stringOption(args, 'limit'));
      const sinceOption = stringOption(args, 'since');
      const now = deps.now();
      const since = sinceOption ? sinceTime(sinceOption, now) : undefined;
      const target = await deps.resolveTarget(withSagaType(args, stringOption(args, 'type')));
      const { entries, itemsRead } = await readSagaIndex(target.clients.dynamoDb, {
        tableName: target.saga.sagaTableName,
        sagaType: target.saga.sagaType,
        statuses,
        limit,
        ...(since ? { since } : {}),
      });
      if (args.values.json) {
        io.out(
          formatJson({ sagaType: target.saga.sagaType, where: target.where, sagas: entries, itemsRead }),
        );
        return ExitCode.ok;
      }
      if (entries.length === 0) {
        io.out(
          `No ${target.saga.sagaType} sagas${since ? ` since ${since.toISOString()}` : ''} at ${statuses.join(', ')} (${target.where}).`,
        );
        return ExitCode.ok;
      }
      io.out(
        formatTable(entries, [
          { heading: 'STARTED', value: (entry) => entry.startedAt },
          { heading: 'STATUS', value: (entry) => entry.status },
          { heading: 'SAGA ID', value: (entry) => entry.sagaId },
          { heading: 'KEY', value: (entry) => entry.businessKey },
          {
            heading: 'DURATION',
            align: 'right',
            value: (entry) =>
              formatDuration(
                (entry.endedAt ? Date.parse(entry.endedAt) : now.getTime()) - Date.parse(entry.startedAt),
              ),
          },
          { heading: 'ERROR', value: (entry) => entry.error },
          { heading: 'AT', value: (entry) => entry.step },
        ]),
      );
      return ExitCode.ok;
    },
  };
}

export const listCommand = createListCommand();

function limitOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIST_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT)
    throw new UsageError(`--limit ${value} is not a whole number from 1 to ${MAX_LIST_LIMIT}`);
  return limit;
}
