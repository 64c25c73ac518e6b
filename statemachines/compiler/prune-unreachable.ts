import type { AslState } from './asl.ts';

/**
 * Drops the states no path reaches. The compiler renders every compensation a step declares, but
 * some are dead ends by construction — the last step's compensation when nothing after it can fail
 * (and it does not compensate its own timeout), with the FAILED record behind it — and Step
 * Functions rejects a definition with unreachable states.
 */
export function pruneUnreachable(
  states: Record<string, AslState>,
  startAt: string,
): Record<string, AslState> {
  const reached = new Set<string>();
  const pending = [startAt];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (reached.has(name)) continue;
    reached.add(name);
    const state = states[name];
    if (state) pending.push(...successors(state));
  }
  return Object.fromEntries(Object.entries(states).filter(([name]) => reached.has(name)));
}

/** The states a state can go to next (within its own scope; Parallel branches are their own). */
export function successors(state: AslState): string[] {
  const next: string[] = [];
  if ('Next' in state && state.Next) next.push(state.Next);
  if ('Catch' in state && state.Catch) next.push(...state.Catch.map((catcher) => catcher.Next));
  if (state.Type === 'Choice') {
    next.push(state.Default, ...state.Choices.flatMap((rule) => (rule.Next ? [rule.Next] : [])));
  }
  return next;
}
