import type { AslState, StateMachineDefinition } from '../../statemachines/compiler/asl.ts';

/**
 * `aws-local-stepfunctions` 3 strips every backslash from the string an intrinsic function returns,
 * so `States.JsonToString($)` of a state holding a JSON string (a Lambda error's `Cause`) comes out
 * as invalid JSON. Step Functions itself returns proper JSON. Locally we therefore rewrite each
 * `"<key>.$": "States.JsonToString(<path>)"` of a Task's or a Pass state's Parameters into a marker
 * the engine evaluates as a plain path, and `resolveJsonToString` stringifies the marked values (and
 * any marked value they hold, which a Pass left in the state) before a task runs: the same result
 * Step Functions gives, without the library's intrinsic.
 */
const MARKER = '__jsonToString';
const JSON_TO_STRING = /^States\.JsonToString\((\$[^()]*)\)$/;

/** The definition with every `States.JsonToString(<path>)` in Task Parameters replaced by a marker. */
export function markJsonToString(definition: StateMachineDefinition): StateMachineDefinition {
  return { ...definition, States: markStates(definition.States) };
}

function markStates(states: Readonly<Record<string, AslState>>): Record<string, AslState> {
  return Object.fromEntries(
    Object.entries(states).map(([name, state]) => {
      if (state.Type === 'Task' || (state.Type === 'Pass' && state.Parameters))
        return [name, { ...state, Parameters: markTemplate(state.Parameters) as never }];
      if (state.Type === 'Parallel') {
        return [
          name,
          {
            ...state,
            Branches: state.Branches.map((branch) => ({ ...branch, States: markStates(branch.States) })),
          },
        ];
      }
      return [name, state];
    }),
  );
}

function markTemplate(template: unknown): unknown {
  if (Array.isArray(template)) return template.map(markTemplate);
  if (typeof template !== 'object' || template === null) return template;
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) => {
      const path =
        typeof value === 'string' && key.endsWith('.$') ? JSON_TO_STRING.exec(value)?.[1] : undefined;
      if (path !== undefined) return [key.slice(0, -2), { [`${MARKER}.$`]: path }];
      return [key, markTemplate(value)];
    }),
  );
}

/** Replaces each evaluated marker `{ __jsonToString: value }` with `JSON.stringify(value)`. */
export function resolveJsonToString(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveJsonToString);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  // Depth first: a marked value may hold marked values itself (a Pass state's output kept in the state).
  if (entries.length === 1 && entries[0]?.[0] === MARKER)
    return JSON.stringify(resolveJsonToString(entries[0][1]));
  return Object.fromEntries(entries.map(([key, inner]) => [key, resolveJsonToString(inner)]));
}
