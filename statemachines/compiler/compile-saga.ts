import { StateNames } from '../../contract/state-names.ts';
import { STEP_FUNCTIONS_LIMITS } from '../definition/defaults.ts';
import { assertSaga, type Saga } from '../definition/saga.ts';
import { SagaDefinitionError } from '../validate/saga-definition-error.ts';
import type { AslState, StateMachineDefinition } from './asl.ts';
import type { Fragment } from './fragment.ts';
import { pruneUnreachable } from './prune-unreachable.ts';
import { renderParallelGroup } from './render-parallel-group.ts';
import { recordSupersededState, renderRecordState } from './render-record.ts';
import { renderStep } from './render-step.ts';
import { resolveResources, type SagaResources } from './resources.ts';

/**
 * Compiles a saga into an Amazon States Language definition (JSONPath). Pure and deterministic:
 * the same saga and resources always give the same definition, key order included.
 *
 * Topology, for steps T1…Tn with compensations C1…Cn:
 * - forward: T1 → T2 → … → Tn → `Record COMPLETED` (n + 1 transitions; the starter wrote RUNNING);
 * - Tk fails after its retries → its Catch goes to C(k-1) → … → C1 → `Record rolled back`
 *   (k + c + 1 transitions, COMPENSATED), with the failure at `$.failure`; a step that started after
 *   the deadline makes it TIMED_OUT (one Pass more);
 * - a compensation that cannot finish, or a step after the pivot that cannot, is not caught: the
 *   execution fails in that very state (k + c transitions), the status recorder parks the saga as
 *   FAILED naming it, and a redrive resumes from it;
 * - a configuration error re-enters a copy of the step that fails in place, for the same reason;
 * - a compensation no failure can reach is left out.
 * The execution's own limit is the saga's budget (`executionTimeoutSeconds`), never its deadline.
 *
 * @throws SagaDefinitionError when the definition exceeds Step Functions' size limit.
 * @see https://states-language.net/spec.html
 */
export function compileSaga(saga: Saga, resourceOptions: SagaResources = {}): StateMachineDefinition {
  assertSaga(saga, 'compileSaga');
  const resources = resolveResources(resourceOptions);
  const envelope = { sensitiveKeys: saga.sensitiveKeys };
  const forward: Record<string, AslState> = {};
  const compensations: Record<string, AslState>[] = [];
  const terminal: Record<string, AslState> = {};

  let rollbackEntry: string = StateNames.recordRolledBack;
  saga.units.forEach((unit, index) => {
    const nextUnit = saga.units[index + 1];
    const next = nextUnit ? nextUnit.name : StateNames.recordCompleted;
    const fragment: Fragment =
      unit.kind === 'step'
        ? renderStep(unit, next, rollbackEntry, envelope, resources)
        : renderParallelGroup(unit, next, rollbackEntry, envelope, resources);
    Object.assign(forward, fragment.forward);
    compensations.push(fragment.compensation);
    Object.assign(terminal, fragment.terminal);
    rollbackEntry = fragment.rollbackEntry;
  });

  const states: Record<string, AslState> = {
    ...forward,
    [StateNames.recordCompleted]: renderRecordState('completed', resources),
    // Compensations are listed last unit first, the order a rollback runs them.
    ...Object.assign({}, ...compensations.reverse()),
    [StateNames.recordRolledBack]: renderRecordState('rolledBack', resources),
    ...terminal,
    [StateNames.recordSuperseded(StateNames.recordCompleted)]: recordSupersededState('completed', resources),
    [StateNames.recordSuperseded(StateNames.recordRolledBack)]: recordSupersededState(
      'rolledBack',
      resources,
    ),
  };
  const startAt = saga.units[0]?.name ?? StateNames.recordCompleted;
  const definition: StateMachineDefinition = {
    Comment: saga.description,
    StartAt: startAt,
    TimeoutSeconds: saga.executionTimeoutSeconds,
    States: pruneUnreachable(states, startAt),
  };
  checkDefinitionSize(saga, definition);
  return definition;
}

function checkDefinitionSize(saga: Saga, definition: StateMachineDefinition): void {
  const bytes = Buffer.byteLength(JSON.stringify(definition), 'utf8');
  if (bytes <= STEP_FUNCTIONS_LIMITS.definitionBytes) return;
  throw new SagaDefinitionError([
    {
      saga: saga.name,
      field: 'steps',
      given: saga.units.length,
      problem: `the compiled definition is ${bytes} bytes, over Step Functions' ${STEP_FUNCTIONS_LIMITS.definitionBytes}`,
      fix: 'split the saga into a parent saga that starts child sagas',
    },
  ]);
}
