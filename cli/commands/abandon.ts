import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { OperatorAttributes, SAGA_TABLE, SagaStatus, sagaItemKey } from '../../contract/saga-table.ts';
import { type CliCommand, ExitCode } from '../command.ts';
import { callerIdentity } from '../operations/caller-identity.ts';
import { sagaIdAndReason } from '../operations/operator-arguments.ts';
import { readSaga } from '../operations/read-saga.ts';
import { resolveSagaTarget, TARGET_HELP, TARGET_OPTIONS } from '../operations/saga-target.ts';
import { formatJson } from '../output/table.ts';

/** How long an abandoned saga's record is kept at least, when it had no TTL: the redrive window. */
const KEEP_SECONDS = 14 * 24 * 60 * 60;

/** `saga abandon`: record that a FAILED saga was settled by hand. */
export const abandonCommand: CliCommand = {
  name: 'abandon',
  summary: 'record that a FAILED saga was settled by hand (who and why); it is never redriven',
  usage: 'saga abandon <sagaId> --reason "…" [--json] [--stack … | --endpoint …]',
  help: `For a FAILED (or TIMED_OUT) saga that will not be redriven — its cause cannot be fixed, or someone
undid its steps by hand: marks it ABANDONED with who (your identity), when and why, publishes the
"Saga Abandoned" lifecycle event, and keeps the record until its TTL (never deleted by this command).
Its execution is not touched; a redrive is refused from then on.

Options:
  --reason <text>  why, and what was done by hand (required; kept on the record)
  --json           the result as JSON
${TARGET_HELP}

Exit codes: 0 abandoned, 1 the saga is not FAILED or TIMED_OUT, 3 no such saga.`,
  options: { ...TARGET_OPTIONS, reason: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const { sagaId, reason } = sagaIdAndReason(args);
    const target = await resolveSagaTarget(args);
    const by = await callerIdentity(target);
    const at = new Date();
    try {
      await target.clients.dynamoDb.send(
        new UpdateItemCommand({
          TableName: target.saga.sagaTableName,
          Key: sagaItemKey(sagaId),
          UpdateExpression:
            'SET #status = :abandoned, #at = :at, #by = :by, #reason = :reason, #updatedAt = :at, #expiresAt = if_not_exists(#expiresAt, :keepUntil)',
          ConditionExpression: '#status IN (:failed, :timedOut)',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#at': OperatorAttributes.abandonedAt,
            '#by': OperatorAttributes.abandonedBy,
            '#reason': OperatorAttributes.abandonReason,
            '#updatedAt': 'updatedAt',
            '#expiresAt': SAGA_TABLE.ttlAttribute,
          },
          ExpressionAttributeValues: {
            ':abandoned': { S: SagaStatus.ABANDONED },
            ':failed': { S: SagaStatus.FAILED },
            ':timedOut': { S: SagaStatus.TIMED_OUT },
            ':at': { S: at.toISOString() },
            ':by': { S: by },
            ':reason': { S: reason },
            ':keepUntil': { N: String(Math.floor(at.getTime() / 1000) + KEEP_SECONDS) },
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const item = await readSaga(target, sagaId);
      io.err(
        `saga abandon: saga ${sagaId} is ${item.status}: only a FAILED or TIMED_OUT saga is abandoned${item.status === SagaStatus.RUNNING ? ` (to stop it: saga cancel ${sagaId} --reason "…")` : ''}`,
      );
      return ExitCode.failed;
    }
    io.out(
      args.values.json
        ? formatJson({ sagaId, status: SagaStatus.ABANDONED, abandonedAt: at.toISOString(), abandonedBy: by })
        : `Saga ${sagaId} abandoned by ${by}: "${reason}". It will not be redriven; its record is kept until its TTL.`,
    );
    return ExitCode.ok;
  },
};
