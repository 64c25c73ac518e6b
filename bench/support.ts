import { performance } from 'node:perf_hooks';
import { lambda, type StepSpec } from '../statemachines/index.ts';

/** A plain compensable step named `S<index>` whose handlers are no-ops registered by function id. */
export function benchStep(index: number): StepSpec {
  return {
    name: `S${index}`,
    action: lambda(`bench/s${index}.ts`, { functionId: `S${index}` }),
    compensation: lambda(`bench/undo-s${index}.ts`, { functionId: `UndoS${index}` }),
  };
}

/** Median and spread of `fn`'s duration in milliseconds, after a warm-up. */
export function timeIt(fn: () => void, runs: number, warmup = 5) {
  for (let i = 0; i < warmup; i += 1) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { runs, medianMs: round(at(0.5)), p95Ms: round(at(0.95)), minMs: round(at(0)) };
}

export const round = (value: number, digits = 3) => Number(value.toFixed(digits));
