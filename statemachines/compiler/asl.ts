/**
 * The slice of the Amazon States Language (JSONPath flavour) the compiler emits.
 * @see https://states-language.net/spec.html
 */
export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly TimeoutSeconds: number;
  readonly States: Readonly<Record<string, AslState>>;
}

export type AslState = TaskState | ParallelState | ChoiceState | PassState | SucceedState | FailState;

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  /** Omitted means `$`: the error output replaces the state; `null` drops it. */
  readonly ResultPath?: string | null;
  readonly Next: string;
}

interface Transition {
  readonly Next?: string;
  readonly End?: true;
}

export interface TaskState extends Transition {
  readonly Type: 'Task';
  readonly Comment?: string;
  readonly Resource: string;
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly ResultSelector?: Readonly<Record<string, unknown>>;
  /** Omitted means `$`: the result replaces the state. */
  readonly ResultPath?: string | null;
  readonly TimeoutSeconds: number;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface ParallelState extends Transition {
  readonly Type: 'Parallel';
  readonly Comment?: string;
  readonly Branches: readonly {
    readonly StartAt: string;
    readonly States: Readonly<Record<string, AslState>>;
  }[];
  readonly ResultSelector: Readonly<Record<string, unknown>>;
  readonly ResultPath: string;
}

export interface ChoiceRule {
  readonly Variable?: string;
  readonly IsPresent?: boolean;
  readonly StringEquals?: string;
  readonly Or?: readonly ChoiceRule[];
  readonly And?: readonly ChoiceRule[];
  readonly Next?: string;
}

export interface ChoiceState {
  readonly Type: 'Choice';
  readonly Comment?: string;
  readonly Choices: readonly ChoiceRule[];
  readonly Default: string;
}

export interface PassState extends Transition {
  readonly Type: 'Pass';
  readonly Comment?: string;
  readonly Result?: unknown;
  readonly Parameters?: Readonly<Record<string, unknown>>;
  readonly ResultPath?: string;
}

export interface SucceedState {
  readonly Type: 'Succeed';
  readonly Comment?: string;
}

export interface FailState {
  readonly Type: 'Fail';
  readonly Comment?: string;
  readonly Error: string;
  readonly Cause: string;
}
