/**
 * The defaults of a saga, named once. Each value comes from the product brief
 * (../shared/BRIEF.md, "Saga semantics") unless its comment says otherwise.
 */

/** A whole saga may run this long before Step Functions times the execution out. */
export const DEFAULT_SAGA_TIMEOUT_SECONDS = 300;

/** One attempt of a step's action may take this long before it fails with `States.Timeout`. */
export const DEFAULT_STEP_TIMEOUT_SECONDS = 30;

/** One attempt of a compensation may take this long before it fails with `States.Timeout`. */
export const DEFAULT_COMPENSATION_TIMEOUT_SECONDS = 60;

/** A finished saga's record is kept this long, then DynamoDB TTL deletes it. */
export const DEFAULT_RETENTION_DAYS = 7;

/** The longest step or group name: the longest derived state name ("Record FAILED after Compensate <name>") stays within Step Functions' 80 characters. */
export const MAX_STEP_NAME_LENGTH = 48;

/** Step Functions' limits, used by validation to reject sagas whose worst case cannot run. */
export const STEP_FUNCTIONS_LIMITS = {
  /** Events in one Standard execution's history. */
  historyEvents: 25_000,
  /** Bytes of a state machine definition. */
  definitionBytes: 1_048_576,
  /** Bytes of the data passed between states (input, output, result). */
  payloadBytes: 262_144,
  /** Characters in a state name. */
  stateNameLength: 80,
  /** Seconds in a Standard execution (one year). */
  standardExecutionSeconds: 31_536_000,
} as const;

/** Assumed size of the saga's input unless the saga declares `maxInputBytes`. */
export const DEFAULT_MAX_INPUT_BYTES = 16_384;

/** Assumed size of one step's output unless the step declares `maxOutputBytes`: small, as saga steps should return ids, not documents (100 steps then fit the 256 KB payload). */
export const DEFAULT_MAX_OUTPUT_BYTES = 2_048;
