import type { StateInfo, StateRole } from './state-index.ts';

/** One thing that happened in a local execution, in order. */
export interface HistoryEntry {
  /**
   * `entered` is a state transition; `retried` is another attempt of the same state; `redriven`
   * marks where a redrive resumed an execution that had ended (`error`/`cause`: how it had ended).
   */
  readonly event: 'entered' | 'succeeded' | 'failed' | 'retried' | 'caught' | 'redriven';
  readonly state: string;
  readonly role: StateRole;
  /** The step an action or compensation belongs to. */
  readonly step?: string;
  /** Milliseconds since the execution started. */
  readonly atMs: number;
  /** On `failed`: the error name Step Functions matches. */
  readonly error?: string;
  /** On `failed`: the cause, as Step Functions would report it. */
  readonly cause?: string;
  /** On `retried`: which retry this is (1 for the first retry). */
  readonly retry?: number;
  /** On `redriven`: the execution's redrive count after it, and the status it had ended with. */
  readonly redriveCount?: number;
  readonly endedWith?: string;
  /** On `entered`: the state's input (as the history's StateEntered event carries it). */
  readonly input?: unknown;
}

/** The events of `aws-local-stepfunctions` this history keeps, as the library names them. */
const EVENT_NAMES = {
  StateEntered: 'entered',
  StateExited: 'succeeded',
  StateFailed: 'failed',
  StateRetried: 'retried',
  StateCaught: 'caught',
} as const;

interface EngineEvent {
  readonly type: string;
  readonly timestamp: number;
  readonly state?: { readonly name: string; readonly input?: unknown };
  readonly Error?: string;
  readonly Cause?: unknown;
  readonly retry?: { readonly attempt: number };
}

/** Turns the library's event log into our history, or `undefined` for events it does not keep. */
export function toHistoryEntry(
  event: EngineEvent,
  startedAt: number,
  index: ReadonlyMap<string, StateInfo>,
): HistoryEntry | undefined {
  const kind = EVENT_NAMES[event.type as keyof typeof EVENT_NAMES];
  if (kind === undefined || event.state === undefined) return undefined;
  const info = index.get(event.state.name);
  return {
    event: kind,
    state: event.state.name,
    role: info?.role ?? 'end',
    ...(info?.step === undefined ? {} : { step: info.step }),
    atMs: event.timestamp - startedAt,
    ...(event.Error === undefined ? {} : { error: event.Error }),
    ...(event.Cause === undefined ? {} : { cause: String(event.Cause) }),
    ...(event.retry === undefined ? {} : { retry: event.retry.attempt }),
    ...(kind === 'entered' && event.state.input !== undefined ? { input: event.state.input } : {}),
  };
}

/**
 * The library reports a state it left through a Catch as "exited" too; the `caught` entry already
 * ends it, so that exit is not a success and is left out.
 */
export function closesCaughtState(history: readonly HistoryEntry[], entry: HistoryEntry): boolean {
  if (entry.event !== 'succeeded') return false;
  const previous = history.findLast((earlier) => earlier.state === entry.state);
  return previous?.event === 'caught';
}

/** State transitions of a history: every state entered, as Step Functions counts them (retries excluded). */
export function countTransitions(history: readonly HistoryEntry[]): number {
  return history.filter((entry) => entry.event === 'entered').length;
}

/** Retries of a history: each is also billed as a transition by Step Functions. */
export function countRetries(history: readonly HistoryEntry[]): number {
  return history.filter((entry) => entry.event === 'retried').length;
}

/** The steps whose compensation completed, in the order they ran. */
export function compensatedSteps(history: readonly HistoryEntry[]): string[] {
  return history
    .filter(
      (entry) => entry.event === 'succeeded' && entry.role === 'compensation' && entry.step !== undefined,
    )
    .map((entry) => entry.step as string);
}
