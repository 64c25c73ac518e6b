import { compileSaga, defineSaga } from '../statemachines/index.ts';
import { benchStep, round, timeIt } from './support.ts';

const spec100 = { name: 'Bench100', steps: Array.from({ length: 100 }, (_, index) => benchStep(index + 1)) };

/** Time to validate and compile a 100-step saga (target: under 50 ms). */
export function measureCompileTime() {
  const saga = defineSaga(spec100);
  return {
    steps: 100,
    compile: timeIt(() => compileSaga(saga), 50),
    defineAndCompile: timeIt(() => compileSaga(defineSaga(spec100)), 50),
  };
}

/** Compiled ASL bytes per step, for sagas of several sizes. */
export function measureAslSize() {
  return [3, 5, 10, 25, 100].map((steps) => {
    const saga = defineSaga({ name: `Size${steps}`, steps: spec100.steps.slice(0, steps) });
    const bytes = Buffer.byteLength(JSON.stringify(compileSaga(saga)));
    return { steps, bytes, bytesPerStep: round(bytes / steps, 0) };
  });
}
