import type { SagaLayout } from './synthetic-saga.ts';

/**
 * The saga semantics of the brief, written as plainly as possible, to check the compiled state
 * machine against: when step `failAt` (1-based) fails terminally, which steps are compensated, in
 * which order, and how the saga ends.
 */
export function expectedRollback(layout: SagaLayout, failAt: number) {
  const positions: number[][] = [];
  let step = 0;
  for (const size of layout.units) positions.push(Array.from({ length: size }, () => ++step));
  const pivot = layout.pivot ?? Number.POSITIVE_INFINITY;
  if (failAt > pivot) return { status: 'FAILED' as const, compensated: [] as string[] };

  const failingUnit = positions.findIndex((unit) => unit.includes(failAt));
  const completed = [
    ...positions.slice(0, failingUnit).flat(),
    ...(positions[failingUnit] ?? []).filter((member) => member !== failAt),
  ];
  const compensable = completed.filter((index) => index < pivot);
  return { status: 'COMPENSATED' as const, compensated: compensable.reverse().map((index) => `S${index}`) };
}

/** Every layout the parametrised tests run: 1–8 plain steps, with and without pivots and groups. */
export function layoutsUnderTest(): { name: string; layout: SagaLayout }[] {
  const layouts: { name: string; layout: SagaLayout }[] = [];
  for (let steps = 1; steps <= 8; steps += 1) {
    const units = Array.from({ length: steps }, () => 1);
    layouts.push({ name: `${steps} steps`, layout: { units } });
    if (steps >= 3) layouts.push({ name: `${steps} steps, pivot at 2`, layout: { units, pivot: 2 } });
  }
  layouts.push({ name: 'group of 2 first', layout: { units: [2, 1, 1] } });
  layouts.push({ name: 'group of 3 in the middle', layout: { units: [1, 3, 1] } });
  layouts.push({ name: 'group of 2 last', layout: { units: [1, 1, 2] } });
  layouts.push({ name: 'two groups', layout: { units: [2, 1, 2] } });
  layouts.push({ name: 'group after the pivot', layout: { units: [1, 1, 2], pivot: 2 } });
  layouts.push({ name: 'group before the pivot', layout: { units: [1, 2, 1, 1], pivot: 4 } });
  return layouts;
}
