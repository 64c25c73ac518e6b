import { sagaIdFor } from '../../contract/execution-input.ts';
import { sagaFailure } from '../../contract/saga-failure.ts';
import { SAGA_TABLE } from '../../contract/saga-table.ts';
import { type CliCommand, ExitCode, NotFoundError, stringOption, UsageError } from '../command.ts';
import { readExecutionStates, type TaskStateRun } from '../operations/execution-states.ts';
import { DEFAULT_OPERATION_DEPS, type OperationDeps } from '../operations/operation-deps.ts';
import { executionOf, RECORD_FIELDS, readSagaDetails, type SagaDetails } from '../operations/saga-details.ts';
import { TARGET_HELP, TARGET_OPTIONS } from '../operations/saga-target.ts';
import { formatDuration } from '../output/duration.ts';
import { formatJson, formatTable } from '../output/table.ts';

/** `saga show`: one saga — its record, steps, compensations, timeline and execution. */
export function createShowCommand(deps: OperationDeps = DEFAULT_OPERATION_DEPS): CliCommand {
  return {
    name: 'show',
    summary: "a saga's record, steps, compensations run, timeline and execution link",
    usage: 'saga show <sagaId> | saga show --key <businessKey> [--json]',
    help: `Reads the saga's partition of the saga table: its record, and its event log folded into each
step's status, attempts, time taken (from the outcome before it) and last error, the compensations
that ran and how they ended, every Task state of the execution with its time (its history), and the
timeline (lifecycle events and outcomes). Exit code 3 when
there is no such saga (it may have expired: finished sagas are kept for their retention period).

Options:
  --key <businessKey>  the saga started for this business key (e.g. the order id)
  --json               all of it as JSON

${TARGET_HELP}

Example:
  saga show --key 1001`,
    options: { ...TARGET_OPTIONS, key: { type: 'string' }, json: { type: 'boolean' } },
    async run(args, io) {
      const key = stringOption(args, 'key');
      const [given, ...extra] = args.positionals;
      if ((given === undefined) === (key === undefined) || extra.length > 0)
        throw new UsageError('name one saga: its id, or --key <businessKey>');
      const target = await deps.resolveTarget(args);
      const sagaId = given ?? sagaIdFor(target.saga.sagaType, key ?? '');
      const details = await readSagaDetails(target.clients.dynamoDb, target.saga.sagaTableName, sagaId);
      if (!details)
        throw new NotFoundError(
          `no ${target.saga.sagaType} saga ${key === undefined ? sagaId : `for business key ${key} (id ${sagaId})`} in ${target.where}; finished sagas expire after their retention period`,
        );
      const execution = executionOf(target.saga.stateMachineArn, sagaId, target.kind === 'aws');
      const states = await readExecutionStates(target.clients.stepFunctions, execution.arn).catch(
        (error: Error) => `the execution's history could not be read (${error.name}: ${error.message})`,
      );
      if (args.values.json) {
        io.out(formatJson({ ...details, execution, states }));
        return ExitCode.ok;
      }
      io.out(render(details, execution.link, states));
      return ExitCode.ok;
    },
  };
}

export const showCommand = createShowCommand();

function render(details: SagaDetails, link: string, states: readonly TaskStateRun[] | string): string {
  const { record } = details;
  const { failures } = sagaFailure(record);
  const fields = RECORD_FIELDS.filter((field) => record[field] !== undefined).map((field) => ({
    field,
    value:
      field === SAGA_TABLE.ttlAttribute
        ? `${new Date(Number(record[field]) * 1_000).toISOString()} (TTL)`
        : String(record[field]),
  }));
  const duration =
    typeof record.endedAt === 'string'
      ? formatDuration(Date.parse(record.endedAt) - Date.parse(String(record.startedAt)))
      : undefined;
  return [
    `Saga ${details.sagaId}`,
    formatTable(
      [
        ...fields,
        ...(duration ? [{ field: 'duration', value: duration }] : []),
        ...failures.map((failure) => ({
          field: 'rollback cause',
          value: `${failure.step ? `${failure.step}: ` : ''}${failure.Error}${failure.Cause ? ` (${failure.Cause})` : ''}`,
        })),
        { field: 'execution', value: link },
      ],
      [
        { heading: 'FIELD', value: (row) => row.field },
        { heading: 'VALUE', value: (row) => row.value },
      ],
    ),
    '',
    'Steps:',
    details.steps.length === 0
      ? '(no step has run yet)'
      : formatTable(details.steps, [
          { heading: 'STEP', value: (step) => step.step },
          { heading: 'STATUS', value: (step) => step.status },
          { heading: 'ATTEMPTS', align: 'right', value: (step) => step.attempts },
          { heading: 'TOOK', align: 'right', value: (step) => formatDuration(step.tookMs) },
          {
            heading: 'ERROR',
            value: (step) => (step.error ? `${step.error.name}: ${step.error.message}` : undefined),
          },
        ]),
    '',
    'Compensations run:',
    details.compensations.length === 0
      ? '(none)'
      : formatTable(details.compensations, [
          { heading: 'STEP', value: (run) => run.step },
          { heading: 'OUTCOME', value: (run) => (run.succeeded ? 'compensated' : 'FAILED') },
          { heading: 'ATTEMPTS', align: 'right', value: (run) => run.attempts },
          {
            heading: 'ERROR',
            value: (run) => (run.error ? `${run.error.name}: ${run.error.message}` : undefined),
          },
        ]),
    '',
    "Task states (from the execution's history, direct service calls included):",
    typeof states === 'string'
      ? `(${states})`
      : formatTable(states, [
          { heading: 'STATE', value: (run) => run.state },
          { heading: 'OUTCOME', value: (run) => run.outcome },
          { heading: 'FAILURES', align: 'right', value: (run) => run.failures },
          { heading: 'TOOK', align: 'right', value: (run) => formatDuration(run.tookMs) },
          { heading: 'ERROR', value: (run) => run.error },
        ]),
    '',
    'Timeline:',
    formatTable(details.timeline, [
      { heading: 'TIME', value: (entry) => entry.time },
      { heading: 'EVENT', value: (entry) => entry.what },
      { heading: 'STEP', value: (entry) => entry.step },
      { heading: 'ATTEMPT', align: 'right', value: (entry) => entry.attempt },
      { heading: 'ERROR', value: (entry) => entry.error },
    ]),
  ].join('\n');
}
