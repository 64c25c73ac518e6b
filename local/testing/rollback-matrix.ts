import type { SagaStatus } from '../../contract/saga-table.ts';
import type { Saga, SagaStep } from '../../statemachines/definition/saga.ts';
import { describeFailure, type InjectedFailure } from './failure-injection.ts';
import type { SagaTestRun } from './saga-test-run.ts';

/** One way the saga can fail, and the failures injected to get there. */
export interface FailurePoint {
  /** A sentence, e.g. `ChargePayment fails terminally`. */
  readonly label: string;
  readonly failures: readonly InjectedFailure[];
}

/** One row of the rollback matrix. */
export interface RollbackRow {
  readonly failurePoint: string;
  readonly failures: readonly InjectedFailure[];
  /** Steps whose compensation ran to completion, in order. */
  readonly compensations: readonly string[];
  readonly status: SagaStatus | undefined;
  /** On FAILED: the state that could not finish. */
  readonly failedStep?: string;
  readonly transitions: number;
  readonly retries: number;
}

/** Every failure point of a saga and how it ended; `toString()` prints it as a table. */
export interface RollbackMatrix {
  readonly saga: string;
  readonly rows: readonly RollbackRow[];
  toString(): string;
}

const FORWARD_MODES = ['permanent', 'terminal', 'timeout'] as const;

/**
 * Every failure point of a saga, in declaration order: each step's action failing permanently,
 * terminally and by timeout; then each compensation failing on every attempt, reached by the
 * failure that runs it — the next step failing terminally (a group member: a sibling failing), or,
 * for a last step that compensates its own timeout, that timeout.
 */
export function everyFailurePoint(saga: Saga): FailurePoint[] {
  const points: FailurePoint[] = [];
  const order = saga.units.flatMap((unit) => (unit.kind === 'step' ? [[unit]] : [unit.steps]));
  order.flat().forEach((step) => {
    for (const mode of FORWARD_MODES) {
      const failure: InjectedFailure = { step: step.name, mode };
      points.push({ label: describeFailure(failure), failures: [failure] });
    }
  });
  order.forEach((unit, position) => {
    for (const step of unit) {
      if (!step.compensation) continue;
      const trigger = triggerOf(step, unit, order[position + 1]);
      if (!trigger) continue;
      const failing: InjectedFailure = { step: step.name, phase: 'compensation', mode: 'permanent' };
      points.push({
        label: `${describeFailure(failing)}, after ${describeFailure(trigger)}`,
        failures: [trigger, failing],
      });
    }
  });
  return points;
}

/** The failure that makes `step`'s compensation run, or `undefined` when none can. */
function triggerOf(
  step: SagaStep,
  unit: readonly SagaStep[],
  next: readonly SagaStep[] | undefined,
): InjectedFailure | undefined {
  const sibling = unit.find((member) => member !== step);
  if (sibling) return { step: sibling.name, mode: 'terminal' };
  const after = next?.[0];
  if (after) return { step: after.name, mode: 'terminal' };
  return step.compensateOnTimeout ? { step: step.name, mode: 'timeout' } : undefined;
}

/** The matrix of runs, one per failure point. */
export function rollbackMatrix(
  saga: string,
  runs: readonly { readonly point: FailurePoint; readonly run: SagaTestRun }[],
): RollbackMatrix {
  const rows: RollbackRow[] = runs.map(({ point, run }) => ({
    failurePoint: point.label,
    failures: point.failures,
    compensations: run.compensations,
    status: run.status,
    ...(run.failedStep === undefined ? {} : { failedStep: run.failedStep }),
    transitions: run.transitions,
    retries: run.retries,
  }));
  return { saga, rows, toString: () => formatMatrix(saga, rows) };
}

/** The matrix as a plain-text table: failure point, compensations in order, final status. */
export function formatMatrix(saga: string, rows: readonly RollbackRow[]): string {
  const table = [
    ['failure point', 'compensations run (in order)', 'status'],
    ...rows.map((row) => [
      row.failurePoint,
      row.compensations.length > 0 ? row.compensations.join(' → ') : '—',
      row.status === undefined
        ? '(none)'
        : row.failedStep
          ? `${row.status} at ${row.failedStep}`
          : row.status,
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    `Rollback matrix of ${saga} (${rows.length} failure points)`,
    line(table[0] ?? []),
    line(widths.map((width) => '─'.repeat(width))),
    ...table.slice(1).map(line),
  ].join('\n');
}
