import {
  CANCELLED_ERROR_NAME,
  CONFIGURATION_ERROR_NAME,
  DEADLINE_ERROR_NAME,
  OUTPUT_TOO_LARGE_ERROR_NAME,
  RETRYABLE_ERROR_NAME,
  TERMINAL_ERROR_NAME,
} from './error-names.ts';

/**
 * Failure reasons by error type, with bounded cardinality: the `ErrorType` dimension of
 * `SagaMetrics.sagaFailureReasons` takes one of a fixed set of values, known at synth, so the
 * dashboard can graph each one and CloudWatch never sees an unbounded number of metrics (an error
 * name made of a message, an id or a stack would create one per saga).
 */

/** The dimension of `SagaFailureReasons`: the error that rolled the saga back or ended it. */
export const ERROR_TYPE_DIMENSION = 'ErrorType';

/** Every error no other value names: unknown error names and sagas that ended with none. */
export const OTHER_ERROR_TYPE = 'Other';

/** Errors of the Lambda service and runtime (`Lambda.*`, `Sandbox.*`, `Runtime.*`), as one value. */
export const LAMBDA_ERROR_TYPE = 'Lambda';

/** The values every saga may report, whatever it declares. */
export const FIXED_ERROR_TYPES: readonly string[] = [
  TERMINAL_ERROR_NAME,
  RETRYABLE_ERROR_NAME,
  CONFIGURATION_ERROR_NAME,
  DEADLINE_ERROR_NAME,
  CANCELLED_ERROR_NAME,
  OUTPUT_TOO_LARGE_ERROR_NAME,
  'States.Timeout',
  'States.TaskFailed',
  'States.Runtime',
  'States.DataLimitExceeded',
  LAMBDA_ERROR_TYPE,
  OTHER_ERROR_TYPE,
];

/**
 * The saga's own declared error names (its steps' `terminalErrors`) kept as values of their own, at
 * most this many; further ones count as {@link OTHER_ERROR_TYPE}.
 */
export const MAX_DECLARED_ERROR_TYPES = 10;

/**
 * The environment variable that gives the lifecycle publisher the saga's declared error names, as
 * a JSON array of strings.
 */
export const DECLARED_ERROR_TYPES_VARIABLE = 'SAGA_ERROR_TYPES';

/** Error names that are another value under another name. */
const ALIASES: Readonly<Record<string, string>> = {
  'States.HeartbeatTimeout': 'States.Timeout',
  // What the status recorder writes for an execution that ended with no error of its own.
  'States.TIMED_OUT': 'States.Timeout',
  'States.ABORTED': CANCELLED_ERROR_NAME,
};

const LAMBDA_PREFIXES = ['Lambda.', 'Sandbox.', 'Runtime.'] as const;

/**
 * Every value `ErrorType` can take for a saga that declares `declared` error names: the fixed ones,
 * then the first {@link MAX_DECLARED_ERROR_TYPES} declared ones that are not among them, in order.
 */
export function boundedErrorTypes(declared: readonly string[]): string[] {
  const own = [...new Set(declared)].filter(
    (name) => !FIXED_ERROR_TYPES.includes(name) && classifyBuiltIn(name) === undefined,
  );
  return [...FIXED_ERROR_TYPES, ...own.slice(0, MAX_DECLARED_ERROR_TYPES)];
}

/**
 * The `ErrorType` value of an error name: the name itself when it is one of `errorTypes` (see
 * {@link boundedErrorTypes}), `States.Timeout` for the other timeouts, `Lambda` for the Lambda
 * service's and runtime's errors, else `Other` (and `Other` for no error at all).
 */
export function errorTypeOf(errorName: string | undefined, errorTypes: ReadonlySet<string>): string {
  if (errorName === undefined || errorName === '') return OTHER_ERROR_TYPE;
  if (errorTypes.has(errorName)) return errorName;
  return classifyBuiltIn(errorName) ?? OTHER_ERROR_TYPE;
}

function classifyBuiltIn(errorName: string): string | undefined {
  const alias = ALIASES[errorName];
  if (alias) return alias;
  return LAMBDA_PREFIXES.some((prefix) => errorName.startsWith(prefix)) ? LAMBDA_ERROR_TYPE : undefined;
}
