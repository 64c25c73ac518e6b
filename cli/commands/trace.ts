import { type CliCommand, ExitCode } from '../command.ts';
import { oneSagaId } from '../operations/operator-arguments.ts';
import { readSaga } from '../operations/read-saga.ts';
import { readSagaTraceDocuments } from '../operations/read-saga-trace.ts';
import { resolveSagaTarget, TARGET_HELP, TARGET_OPTIONS } from '../operations/saga-target.ts';
import { formatJson } from '../output/table.ts';
import { assembleSagaTrace } from '../trace/assemble-saga-trace.ts';
import { formatSagaTrace } from '../trace/format-saga-trace.ts';

/** `saga trace`: a saga's X-Ray trace as a tree. */
export const traceCommand: CliCommand = {
  name: 'trace',
  summary: "print a saga's trace as a tree: each step attempt and compensation, durations, errors",
  usage: 'saga trace <sagaId> [--json] [--stack … | --endpoint …]',
  help: `Reads the saga's X-Ray traces (GetTraceSummaries by the annotation sagaId over the saga's time, then
BatchGetTraces) — on AWS, or on the local cloud, whose X-Ray daemon collects what the functions and the
state machine send — and prints the saga as a tree: each state it ran in order, each step attempt
(action, attempt n) and each compensation with the step it undoes, their durations, and ✘ with the error
on the segment that failed.

Options:
  --json     the tree as JSON: { traceIds, root: { kind, name, startedAt, durationMs, error?, children } },
             each step node with its attempt, undoes (compensations) and annotations
${TARGET_HELP}

Exit codes: 0 printed, 1 failed, 3 no such saga or no trace of it.`,
  options: { ...TARGET_OPTIONS, json: { type: 'boolean' } },
  async run(args, io) {
    const sagaId = oneSagaId(args);
    const target = await resolveSagaTarget(args);
    const record = await readSaga(target, sagaId);
    const startedAt = new Date(String(record.startedAt ?? ''));
    if (Number.isNaN(startedAt.getTime()))
      throw new Error(`saga ${sagaId} has no valid startedAt in its record (${String(record.startedAt)})`);
    const endedAt = record.endedAt ? new Date(String(record.endedAt)) : new Date();
    const documents = await readSagaTraceDocuments(target.config, sagaId, { startedAt, endedAt });
    const trace = assembleSagaTrace(sagaId, documents);
    io.out(args.values.json ? formatJson(trace) : formatSagaTrace(trace));
    return ExitCode.ok;
  },
};
