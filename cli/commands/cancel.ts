import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { OperatorAttributes, SagaStatus, sagaItemKey } from '../../contract/saga-table.ts';
import { type CliCommand, ExitCode } from '../command.ts';
import { callerIdentity } from '../operations/caller-identity.ts';
import { sagaIdAndReason } from '../operations/operator-arguments.ts';
import { readSaga } from '../operations/read-saga.ts';
import { resolveSagaTarget, TARGET_HELP, TARGET_OPTIONS } from '../operations/saga-target.ts';
import { waitForSagaEnd } from '../operations/wait-for-saga.ts';
import { formatJson } from '../output/table.ts';

/** `saga cancel`: stop a running saga at its next step and compensate what it completed. */
export const cancelCommand: CliCommand = {
  name: 'cancel',
  summary: 'stop a running saga at its next step and compensate what it completed',
  usage: 'saga cancel <sagaId> --reason "…" [--wait] [--json] [--stack … | --endpoint …]',
  help: `Records a cancel request on the saga (who — your identity —, when and why). The saga's next Lambda
step before its pivot refuses to start, and the saga compensates every step it completed, last first, and
ends CANCELLED. A saga past its pivot cannot be cancelled: it goes forward and completes. A saga already
compensating keeps compensating; the request is only recorded. Unlike StopExecution, nothing is left
undone.

Options:
  --reason <text>  why (required; kept on the record)
  --wait           wait for the saga's end and print it
  --json           the result as JSON
${TARGET_HELP}

Exit codes: 0 requested (with --wait: and the saga ended), 1 the saga had already ended, 3 no such saga.`,
  options: {
    ...TARGET_OPTIONS,
    reason: { type: 'string' },
    wait: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args, io) {
    const { sagaId, reason } = sagaIdAndReason(args);
    const target = await resolveSagaTarget(args);
    const by = await callerIdentity(target);
    const at = new Date().toISOString();
    try {
      await target.clients.dynamoDb.send(
        new UpdateItemCommand({
          TableName: target.saga.sagaTableName,
          Key: sagaItemKey(sagaId),
          UpdateExpression: 'SET #at = :at, #by = :by, #reason = :reason',
          ConditionExpression: '#status IN (:running, :compensating)',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#at': OperatorAttributes.cancelRequestedAt,
            '#by': OperatorAttributes.cancelRequestedBy,
            '#reason': OperatorAttributes.cancelReason,
          },
          ExpressionAttributeValues: {
            ':running': { S: SagaStatus.RUNNING },
            ':compensating': { S: SagaStatus.COMPENSATING },
            ':at': { S: at },
            ':by': { S: by },
            ':reason': { S: reason },
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const item = await readSaga(target, sagaId);
      io.err(
        `saga cancel: saga ${sagaId} already ended ${item.status}: nothing to cancel${item.status === SagaStatus.FAILED ? ` (to settle it by hand: saga abandon ${sagaId} --reason "…")` : ''}`,
      );
      return ExitCode.failed;
    }
    const now = await readSaga(target, sagaId);
    const effect =
      now.status === SagaStatus.COMPENSATING
        ? 'it is already compensating: the request is recorded, the rollback goes on'
        : 'it stops before its next step and compensates what it completed (past its pivot, it completes)';
    if (!args.values.wait) {
      io.out(
        args.values.json
          ? formatJson({ sagaId, cancelRequestedAt: at, cancelRequestedBy: by, status: now.status })
          : `Cancel of saga ${sagaId} requested by ${by}: ${effect}.\nFollow it with: saga show ${sagaId}`,
      );
      return ExitCode.ok;
    }
    const ended = await waitForSagaEnd(target, sagaId);
    io.out(
      args.values.json
        ? formatJson({ sagaId, cancelRequestedAt: at, cancelRequestedBy: by, status: ended.status })
        : `Cancel of saga ${sagaId} requested by ${by}: it ended ${ended.status}.`,
    );
    return ExitCode.ok;
  },
};
