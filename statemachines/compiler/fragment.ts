import type { AslState } from './asl.ts';

/**
 * States a unit of the saga contributes, kept in three groups so the compiled definition reads
 * top to bottom: the forward path, then the compensations, then the terminal records.
 */
export interface Fragment {
  readonly forward: Record<string, AslState>;
  readonly compensation: Record<string, AslState>;
  readonly terminal: Record<string, AslState>;
  /**
   * Where a failure after this unit starts the rollback: the first state that undoes this unit
   * (or, if it has nothing to undo, the rollback entry it was given).
   */
  readonly rollbackEntry: string;
}

export function emptyFragment(rollbackEntry: string): Fragment {
  return { forward: {}, compensation: {}, terminal: {}, rollbackEntry };
}
