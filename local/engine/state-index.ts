import { StateNames } from '../../contract/state-names.ts';
import type { AslState, StateMachineDefinition } from '../../statemachines/compiler/asl.ts';
import { allSteps, type Saga } from '../../statemachines/definition/saga.ts';

/** What a state of a compiled saga is for. */
export type StateRole = 'action' | 'compensation' | 'record' | 'group' | 'check' | 'end';

/** A state's role and the step it belongs to. */
export interface StateInfo {
  readonly role: StateRole;
  readonly step?: string;
  readonly type: AslState['Type'];
}

/** Every state of a compiled saga (Parallel branches included) by name. */
export function indexStates(saga: Saga, definition: StateMachineDefinition): Map<string, StateInfo> {
  const stepByAction = new Map(allSteps(saga).map((step) => [step.name, step.name]));
  const stepByCompensation = new Map(
    allSteps(saga).map((step) => [StateNames.compensation(step.name), step.name]),
  );
  const index = new Map<string, StateInfo>();
  const visit = (states: Readonly<Record<string, AslState>>) => {
    for (const [name, state] of Object.entries(states)) {
      index.set(name, classify(name, state, stepByAction, stepByCompensation));
      if (state.Type === 'Parallel') for (const branch of state.Branches) visit(branch.States);
    }
  };
  visit(definition.States);
  return index;
}

function classify(
  name: string,
  state: AslState,
  stepByAction: Map<string, string>,
  stepByCompensation: Map<string, string>,
): StateInfo {
  const type = state.Type;
  const action = stepByAction.get(name);
  if (action !== undefined && type === 'Task') return { role: 'action', step: action, type };
  const compensated = stepByCompensation.get(name);
  if (compensated !== undefined) return { role: 'compensation', step: compensated, type };
  if (type === 'Parallel') return { role: 'group', type };
  if (type === 'Choice') return { role: 'check', type };
  if (type === 'Task') return { role: 'record', type };
  return { role: 'end', type };
}

/** Every Task state of a definition (Parallel branches included), by name. */
export function taskStates(
  definition: StateMachineDefinition,
): Map<string, Extract<AslState, { Type: 'Task' }>> {
  const tasks = new Map<string, Extract<AslState, { Type: 'Task' }>>();
  const visit = (states: Readonly<Record<string, AslState>>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === 'Task') tasks.set(name, state);
      if (state.Type === 'Parallel') for (const branch of state.Branches) visit(branch.States);
    }
  };
  visit(definition.States);
  return tasks;
}

/**
 * Every state of a compiled saga by name, classified from the compiler's state names alone (for
 * a definition read from a template, without its `Saga`).
 */
export function indexStatesByName(definition: StateMachineDefinition): Map<string, StateInfo> {
  const index = new Map<string, StateInfo>();
  const visit = (states: Readonly<Record<string, AslState>>) => {
    for (const [name, state] of Object.entries(states)) {
      const compensated = name.startsWith('Compensate ') ? name.slice('Compensate '.length) : undefined;
      if (state.Type === 'Task') {
        if (compensated) index.set(name, { role: 'compensation', step: compensated, type: state.Type });
        else if (name.startsWith('Record ')) index.set(name, { role: 'record', type: state.Type });
        else index.set(name, { role: 'action', step: name, type: state.Type });
      } else {
        index.set(name, {
          role: state.Type === 'Parallel' ? 'group' : state.Type === 'Choice' ? 'check' : 'end',
          type: state.Type,
        });
      }
      if (state.Type === 'Parallel') for (const branch of state.Branches) visit(branch.States);
    }
  };
  visit(definition.States);
  return index;
}
