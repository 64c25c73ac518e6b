import { OPEN_STATUSES, TERMINAL_STATUSES } from '../../contract/saga-table.ts';
import type { QueuedMessage } from './at-rest.ts';
import type { FaultMessage } from './fault-messages.ts';

/** A saga item as read from the saga table. */
export type SagaItem = Readonly<Record<string, unknown>>;

/** What became of one message, as the stack shows it once the run is over. */
export type Fate =
  /** The first message of its business key: the saga it started has ended (`failure`: what started its rollback). */
  | { readonly kind: 'saga'; readonly status: string; readonly outcome?: string; readonly failure?: string }
  /** Another message of a business key whose saga has ended: absorbed as a duplicate. */
  | { readonly kind: 'duplicate'; readonly status: string }
  /** In a dead-letter queue, with the reason it carries (none: not accounted for). */
  | { readonly kind: 'dead-letter'; readonly reason?: string }
  /** Refused by the queue when it was sent, with the error the sender got. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** Its saga has not ended (RUNNING or COMPENSATING). */
  | { readonly kind: 'open'; readonly status: string }
  /** Nowhere: no saga, no dead letter, no refusal. */
  | { readonly kind: 'lost' };

/** A message whose fate is not the one it was sent for. */
export interface Unexpected {
  readonly message: Pick<FaultMessage, 'marker' | 'group' | 'what' | 'expected'>;
  readonly fate: Fate;
}

/** Messages in against messages accounted for. */
export interface MessageAccounts {
  readonly messagesIn: number;
  /** Sagas that ended, by status (each counted once, by the first message of its key). */
  readonly sagasEndedByStatus: Readonly<Record<string, number>>;
  readonly duplicatesAbsorbed: number;
  readonly deadLetteredWithReason: number;
  readonly refusedWithReason: number;
  /**
   * Sagas meant to complete (or fail) that a step's timeout rolled back instead: on a loaded machine
   * the local cloud may not answer a step within its timeout, and the saga's answer to a timeout —
   * compensating, the timed-out payment included — is the right one. Counted, and accepted.
   */
  readonly rolledBackAfterTimeout: number;
  /** In − (ended sagas + duplicates absorbed + dead-lettered with a reason + refused with a reason). */
  readonly lost: number;
  readonly unexpected: readonly Unexpected[];
}

/** What the accounting reads. */
export interface AccountingInput {
  readonly messages: readonly FaultMessage[];
  /** The error each refused send got, by marker. */
  readonly refused: ReadonlyMap<string, string>;
  /** The saga items, by business key. */
  readonly sagas: ReadonlyMap<string, SagaItem>;
  readonly deadLetters: readonly QueuedMessage[];
}

/**
 * The fate of each message — refused, dead-lettered (its marker in a dead letter's body), its saga
 * ended or still open, or lost — and the balance: every message in must be accounted for by an
 * ended saga, an absorbed duplicate, a dead letter with a reason or a refusal with a reason.
 */
export function accountMessages(input: AccountingInput): { fates: Fate[]; accounts: MessageAccounts } {
  const seenKeys = new Set<string>();
  const fates = input.messages.map((message) => {
    const fate = fateOf(message, input, seenKeys);
    if (fate.kind === 'saga' && message.orderId !== undefined) seenKeys.add(message.orderId);
    return fate;
  });
  const sagasEndedByStatus: Record<string, number> = {};
  for (const fate of fates) {
    if (fate.kind === 'saga') sagasEndedByStatus[fate.status] = (sagasEndedByStatus[fate.status] ?? 0) + 1;
  }
  const count = (test: (fate: Fate) => boolean) => fates.filter(test).length;
  const sagasEnded = count((fate) => fate.kind === 'saga');
  const duplicatesAbsorbed = count((fate) => fate.kind === 'duplicate');
  const deadLetteredWithReason = count((fate) => fate.kind === 'dead-letter' && Boolean(fate.reason));
  const refusedWithReason = count((fate) => fate.kind === 'refused' && fate.reason.length > 0);
  const rolledBackAfterTimeout = input.messages.filter((message, index) => {
    const fate = fates[index] as Fate;
    return (
      message.expected.kind === 'saga' &&
      fate.kind === 'saga' &&
      fate.status !== message.expected.status &&
      isTimeoutRollback(fate)
    );
  }).length;
  const accounted = sagasEnded + duplicatesAbsorbed + deadLetteredWithReason + refusedWithReason;
  const unexpected = input.messages.flatMap((message, index) => {
    const fate = fates[index] as Fate;
    if (isExpected(message, fate)) return [];
    const { marker, group, what, expected } = message;
    return [{ message: { marker, group, what, expected }, fate }];
  });
  return {
    fates,
    accounts: {
      messagesIn: input.messages.length,
      sagasEndedByStatus,
      duplicatesAbsorbed,
      deadLetteredWithReason,
      refusedWithReason,
      rolledBackAfterTimeout,
      lost: input.messages.length - accounted,
      unexpected,
    },
  };
}

function fateOf(message: FaultMessage, input: AccountingInput, seenKeys: ReadonlySet<string>): Fate {
  const refusal = input.refused.get(message.marker);
  if (refusal !== undefined) return { kind: 'refused', reason: refusal };
  const letter = input.deadLetters.find((dead) => dead.body.includes(`${message.marker}"`));
  if (letter) return { kind: 'dead-letter', ...(letter.reason ? { reason: letter.reason } : {}) };
  const saga = message.orderId === undefined ? undefined : input.sagas.get(message.orderId);
  const status = String(saga?.status ?? '');
  if (saga && OPEN_STATUSES.includes(status as never)) return { kind: 'open', status };
  if (saga && TERMINAL_STATUSES.includes(status as never)) {
    if (seenKeys.has(message.orderId as string)) return { kind: 'duplicate', status };
    return {
      kind: 'saga',
      status,
      ...(saga.outcome ? { outcome: String(saga.outcome) } : {}),
      ...(saga.failure ? { failure: String(saga.failure) } : {}),
    };
  }
  return { kind: 'lost' };
}

/** The error a step's timeout fails it with (Step Functions' own). */
const TIMEOUT_ERROR = 'States.Timeout';

/** Whether the saga was rolled back cleanly because a step timed out (the first message of its key). */
function isTimeoutRollback(fate: Fate): boolean {
  if (fate.kind !== 'saga' || fate.status !== 'COMPENSATED' || fate.failure === undefined) return false;
  try {
    return (JSON.parse(fate.failure) as { Error?: unknown }).Error === TIMEOUT_ERROR;
  } catch {
    return false;
  }
}

function isExpected(message: FaultMessage, fate: Fate): boolean {
  const { expected } = message;
  switch (expected.kind) {
    case 'saga':
      if (fate.kind === 'duplicate') return true;
      if (fate.kind !== 'saga') return false;
      if (fate.status === expected.status)
        return expected.outcome === undefined || fate.outcome === expected.outcome;
      return expected.outcome === undefined && isTimeoutRollback(fate);
    case 'dead-letter':
      return fate.kind === 'dead-letter' && expected.reason.test(fate.reason ?? '');
    case 'refused':
      return fate.kind === 'refused' && expected.reason.test(fate.reason);
  }
}
