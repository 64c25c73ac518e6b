import type { CommandArgs } from '../command.ts';
import { resolveSagaTarget, type SagaTarget } from './saga-target.ts';

/** What the operating commands (`list`, `stats`, `show`, `start`) reach outside themselves; tests replace it. */
export interface OperationDeps {
  /** The saga to operate on, from the command's options. */
  readonly resolveTarget: (args: CommandArgs) => Promise<SagaTarget>;
  /** The current time, for `--since` windows and durations of open sagas. */
  readonly now: () => Date;
}

export const DEFAULT_OPERATION_DEPS: OperationDeps = {
  resolveTarget: (args) => resolveSagaTarget(args),
  now: () => new Date(),
};

/**
 * The arguments with `--type`, or the positional saga type, as `--saga` (which saga of the
 * stack), unless `--saga` is given.
 */
export function withSagaType(args: CommandArgs, sagaType: string | undefined): CommandArgs {
  if (!sagaType || typeof args.values.saga === 'string') return args;
  return { ...args, values: { ...args.values, saga: sagaType } };
}
