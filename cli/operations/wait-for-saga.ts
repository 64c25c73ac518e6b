import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { TERMINAL_STATUSES } from '../../contract/saga-table.ts';
import { executionArnOf, readSaga, type SagaItem } from './read-saga.ts';
import type { SagaTarget } from './saga-target.ts';

/** How long `--wait` waits at most, and how often it looks. */
export const WAIT_LIMIT_MS = 15 * 60 * 1000;
const POLL_MS = { local: 200, aws: 2_000 } as const;

/**
 * Waits until the saga's execution has ended and its record says how — terminal, and at least
 * `redriveCount` redrives in (the status recorder reopens and re-closes a redriven saga a moment
 * after its execution changes) — and returns the record.
 * @throws Error when that takes longer than `limitMs`, saying where the saga stands
 */
export async function waitForSagaEnd(
  target: SagaTarget,
  sagaId: string,
  options: { readonly redriveCount?: number; readonly limitMs?: number } = {},
): Promise<SagaItem> {
  const deadline = Date.now() + (options.limitMs ?? WAIT_LIMIT_MS);
  const pollMs = target.kind === 'aws' ? POLL_MS.aws : POLL_MS.local;
  const executionArn = executionArnOf(target, sagaId);
  let item: SagaItem | undefined;
  while (Date.now() < deadline) {
    const { status } = await target.clients.stepFunctions.send(
      new DescribeExecutionCommand({ executionArn }),
    );
    if (status !== 'RUNNING') {
      item = await readSaga(target, sagaId);
      const redrives = Number(item.redriveCount ?? 0);
      if (TERMINAL_STATUSES.includes(item.status as never) && redrives >= (options.redriveCount ?? 0))
        return item;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(
    `saga ${sagaId} did not end within ${Math.round((options.limitMs ?? WAIT_LIMIT_MS) / 1000)} s (last seen ${item?.status ?? 'running'}): follow it with saga show ${sagaId}`,
  );
}
