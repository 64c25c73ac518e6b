import { RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import { SagaStatus } from '../../contract/saga-table.ts';
import { type CliCommand, ExitCode } from '../command.ts';
import { oneSagaId } from '../operations/operator-arguments.ts';
import { executionArnOf, readSaga } from '../operations/read-saga.ts';
import { resolveSagaTarget, TARGET_HELP, TARGET_OPTIONS } from '../operations/saga-target.ts';
import { waitForSagaEnd } from '../operations/wait-for-saga.ts';
import { formatJson } from '../output/table.ts';

/** The statuses a redrive can resume: the execution itself ended without finishing the saga. */
const REDRIVABLE: readonly string[] = [SagaStatus.FAILED, SagaStatus.TIMED_OUT, SagaStatus.CANCELLED];

/** `saga redrive`: resume a FAILED saga exactly where it stopped, once its cause is fixed. */
export const redriveCommand: CliCommand = {
  name: 'redrive',
  summary: 'resume a FAILED saga where it stopped, once the cause is fixed',
  usage: 'saga redrive <sagaId> [--wait] [--json] [--stack … | --endpoint …]',
  help: `Redrives the saga's execution (Step Functions RedriveExecution): it re-runs the state that failed —
the compensation that could not finish, then the rest of the rollback, last-completed-first; or the step
after the pivot that could not finish, then the rest forward — with the same input, within 14 days of the
failure. The saga's record shows the redrive count and goes back to COMPENSATING or RUNNING, then to its
new end. Fix the cause first (saga show <sagaId> names the state and the error): a redrive runs the same
code unless you deployed a fix.

Options:
  --wait     wait for the saga's new end and print it; exit 1 unless it ends COMPLETED or COMPENSATED
  --json     the result as JSON
${TARGET_HELP}

Exit codes: 0 redriven (with --wait: and the saga ended well), 1 refused or failed again, 3 no such saga.`,
  options: { ...TARGET_OPTIONS, wait: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(args, io) {
    const sagaId = oneSagaId(args);
    const target = await resolveSagaTarget(args);
    const before = await readSaga(target, sagaId);
    if (!REDRIVABLE.includes(before.status)) {
      io.err(refusal(sagaId, before.status));
      return ExitCode.failed;
    }
    const executionArn = executionArnOf(target, sagaId);
    try {
      await target.clients.stepFunctions.send(new RedriveExecutionCommand({ executionArn }));
    } catch (error) {
      if ((error as Error).name !== 'ExecutionNotRedrivable') throw error;
      io.err(
        `saga redrive: Step Functions will not redrive ${sagaId}: ${(error as Error).message}. If it can no longer be redriven (over 14 days, or an Express saga), settle it by hand and record it: saga abandon ${sagaId} --reason "…"`,
      );
      return ExitCode.failed;
    }
    const redriveCount = Number(before.redriveCount ?? 0) + 1;
    const resumesAt = typeof before.failedStep === 'string' ? before.failedStep : 'the state that failed';
    if (!args.values.wait) {
      const result = { sagaId, redriveCount, resumesAt, executionArn };
      io.out(
        args.values.json
          ? formatJson(result)
          : `Redrove saga ${sagaId} (redrive ${redriveCount}) on ${target.where}: it resumes at ${resumesAt}.\nFollow it with: saga show ${sagaId}`,
      );
      return ExitCode.ok;
    }
    const after = await waitForSagaEnd(target, sagaId, { redriveCount });
    const ok = after.status === SagaStatus.COMPLETED || after.status === SagaStatus.COMPENSATED;
    io.out(
      args.values.json
        ? formatJson({ sagaId, redriveCount, resumesAt, executionArn, status: after.status })
        : `Redrove saga ${sagaId} (redrive ${redriveCount}) from ${resumesAt}: it ended ${after.status}.${ok ? '' : ` It failed again at ${String(after.failedStep ?? 'a state')}: saga show ${sagaId}`}`,
    );
    return ok ? ExitCode.ok : ExitCode.failed;
  },
};

function refusal(sagaId: string, status: string): string {
  switch (status) {
    case SagaStatus.RUNNING:
    case SagaStatus.COMPENSATING:
      return `saga redrive: saga ${sagaId} is still ${status}: nothing to redrive (to stop it: saga cancel ${sagaId} --reason "…")`;
    case SagaStatus.ABANDONED:
      return `saga redrive: saga ${sagaId} was abandoned (settled by hand): it is not redriven`;
    default:
      return `saga redrive: saga ${sagaId} ended ${status}: only a FAILED, TIMED_OUT or CANCELLED-by-Step-Functions saga can be redriven`;
  }
}
