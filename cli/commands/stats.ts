import { OPEN_STATUSES, SagaStatus } from '../../contract/saga-table.ts';
import { type CliCommand, ExitCode, stringOption } from '../command.ts';
import { DEFAULT_OPERATION_DEPS, type OperationDeps, withSagaType } from '../operations/operation-deps.ts';
import { countSagaIndex, readSagaIndex } from '../operations/read-saga-index.ts';
import { type SagaStats, sagaStatsOf } from '../operations/saga-stats.ts';
import { TARGET_HELP, TARGET_OPTIONS } from '../operations/saga-target.ts';
import { sinceTime } from '../operations/since-option.ts';
import { formatDuration } from '../output/duration.ts';
import { formatJson, formatTable } from '../output/table.ts';

/** The window of `saga stats` unless `--since` says otherwise. */
export const DEFAULT_STATS_WINDOW = '1h';

/** `saga stats`: the health check — outcomes, success rate, durations, failure reasons, open sagas. */
export function createStatsCommand(deps: OperationDeps = DEFAULT_OPERATION_DEPS): CliCommand {
  return {
    name: 'stats',
    summary: 'outcomes, success %, p50/p95/p99 duration, top failure reasons and open sagas',
    usage: `saga stats [--since ${DEFAULT_STATS_WINDOW}] [--type <saga>] [--json]`,
    help: `Counts the sagas started in the window by what they became, from the saga index (a Query per
status: it reads the sagas of the window and the open ones, never the whole table).

Options:
  --since <t>    the window: 90s, 30m, 1h, 7d, or an ISO time (default ${DEFAULT_STATS_WINDOW})
  --type <saga>  the saga type (default: the stack's only saga; same as --saga)
  --json         the figures as JSON, with the items the call read

${TARGET_HELP}

Example:
  saga stats --since 24h`,
    options: {
      ...TARGET_OPTIONS,
      since: { type: 'string' },
      type: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(args, io) {
      const since = sinceTime(stringOption(args, 'since') ?? DEFAULT_STATS_WINDOW, deps.now());
      const target = await deps.resolveTarget(withSagaType(args, stringOption(args, 'type')));
      const query = { tableName: target.saga.sagaTableName, sagaType: target.saga.sagaType };
      const window = await readSagaIndex(target.clients.dynamoDb, {
        ...query,
        statuses: Object.values(SagaStatus),
        since,
      });
      const open = await countSagaIndex(target.clients.dynamoDb, { ...query, statuses: OPEN_STATUSES });
      const stats = sagaStatsOf(window.entries);
      const itemsRead = window.itemsRead + open.itemsRead;
      if (args.values.json) {
        io.out(
          formatJson({
            sagaType: target.saga.sagaType,
            where: target.where,
            since: since.toISOString(),
            ...stats,
            openSagas: open.count,
            itemsRead,
          }),
        );
        return ExitCode.ok;
      }
      io.out(
        [
          `${target.saga.sagaType} sagas started since ${since.toISOString()} (${target.where})`,
          '',
          outcomes(stats),
          '',
          `success     ${stats.successPercent === undefined ? '- (none ended)' : `${stats.successPercent.toFixed(1)} %`}`,
          `duration    ${durations(stats)}`,
          `open sagas  ${open.count} (running or compensating now, whenever they started)`,
          '',
          failureReasons(stats),
        ].join('\n'),
      );
      return ExitCode.ok;
    },
  };
}

export const statsCommand = createStatsCommand();

const OUTCOME_ROWS: readonly [string, (stats: SagaStats) => number][] = [
  ['started', (stats) => stats.started],
  ['completed', (stats) => stats.byStatus.COMPLETED],
  ['compensated', (stats) => stats.byStatus.COMPENSATED],
  ['failed', (stats) => stats.byStatus.FAILED],
  ['timed out', (stats) => stats.byStatus.TIMED_OUT],
  ['cancelled', (stats) => stats.byStatus.CANCELLED],
  ['abandoned', (stats) => stats.byStatus.ABANDONED],
  ['still open', (stats) => stats.byStatus.RUNNING + stats.byStatus.COMPENSATING],
];

function outcomes(stats: SagaStats): string {
  return formatTable(OUTCOME_ROWS, [
    { heading: 'OUTCOME', value: ([label]) => label },
    { heading: 'SAGAS', align: 'right', value: ([, count]) => count(stats) },
  ]);
}

function durations(stats: SagaStats): string {
  const { durationMs } = stats;
  if (!durationMs) return '- (none ended)';
  return `p50 ${formatDuration(durationMs.p50)}   p95 ${formatDuration(durationMs.p95)}   p99 ${formatDuration(durationMs.p99)}`;
}

function failureReasons(stats: SagaStats): string {
  if (stats.topFailureReasons.length === 0) return 'No failures.';
  return [
    'Top failure reasons:',
    formatTable(stats.topFailureReasons, [
      { heading: 'SAGAS', align: 'right', value: (reason) => reason.count },
      { heading: 'ERROR', value: (reason) => reason.error },
      { heading: 'AT', value: (reason) => reason.step },
    ]),
  ].join('\n');
}
