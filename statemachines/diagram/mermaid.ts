import type { AslState, ChoiceRule, StateMachineDefinition } from '../compiler/asl.ts';

/**
 * A Mermaid flowchart of a compiled saga: forward edges solid, failure and compensation edges
 * dashed (labelled with the errors they catch), parallel groups as subgraphs.
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
export function toMermaid(definition: StateMachineDefinition): string {
  const ids = new Map<string, string>();
  const idOf = (name: string) => {
    let id = ids.get(name);
    if (!id) {
      id = `s${ids.size}`;
      ids.set(name, id);
    }
    return id;
  };
  const lines = ['flowchart TD', `  start(("start")) --> ${idOf(definition.StartAt)}`];
  renderStates(definition.States, idOf, lines, '  ');
  lines.push('  classDef undo fill:#fff3e0,stroke:#e65100', '  classDef record fill:#e8f5e9,stroke:#1b5e20');
  lines.push('  classDef failed fill:#ffebee,stroke:#b71c1c');
  for (const [name, id] of ids) {
    const style = name.startsWith('Compensate ') || name.startsWith('Undo ') ? 'undo' : classOf(name);
    if (style) lines.push(`  class ${id} ${style}`);
  }
  return lines.join('\n');
}

function classOf(name: string): string | undefined {
  if (name.startsWith('Record ')) return 'record';
  if (name.startsWith('FAILED ')) return 'failed';
  return undefined;
}

function renderStates(
  states: Readonly<Record<string, AslState>>,
  idOf: (name: string) => string,
  lines: string[],
  indent: string,
): void {
  for (const [name, state] of Object.entries(states)) {
    const id = idOf(name);
    lines.push(`${indent}${id}${shape(name, state)}`);
    const undoing = name.startsWith('Compensate ') || name.startsWith('Undo ');
    const arrow = undoing ? '-.->' : '-->';
    if (state.Type === 'Parallel') {
      lines.push(`${indent}subgraph ${id}_group ["${escapeLabel(name)} (parallel)"]`);
      for (const branch of state.Branches) {
        renderStates(branch.States, idOf, lines, `${indent}  `);
        lines.push(`${indent}  ${id} --> ${idOf(branch.StartAt)}`);
      }
      lines.push(`${indent}end`);
    }
    if (state.Type === 'Choice') {
      for (const rule of state.Choices) {
        if (rule.Next)
          lines.push(`${indent}${id} ${arrow}|"${escapeLabel(describeRule(rule))}"| ${idOf(rule.Next)}`);
      }
      lines.push(`${indent}${id} ${arrow}|"otherwise"| ${idOf(state.Default)}`);
    }
    if ('Next' in state && state.Next) lines.push(`${indent}${id} ${arrow} ${idOf(state.Next)}`);
    if ('Catch' in state && state.Catch) {
      for (const catcher of state.Catch) {
        lines.push(
          `${indent}${id} -.->|"${escapeLabel(catcher.ErrorEquals.join(', '))}"| ${idOf(catcher.Next)}`,
        );
      }
    }
  }
}

function shape(name: string, state: AslState): string {
  const label = `"${escapeLabel(name)}"`;
  switch (state.Type) {
    case 'Choice':
      return `{${label}}`;
    case 'Succeed':
    case 'Fail':
      return `([${label}])`;
    case 'Parallel':
      return `[[${label}]]`;
    default:
      return `[${label}]`;
  }
}

function describeRule(rule: ChoiceRule): string {
  if (rule.Or?.some((member) => member.And)) return 'a member is misconfigured';
  if (rule.Or) return 'a member failed';
  if (rule.StringEquals !== undefined) return 'timed out';
  return 'completed';
}

function escapeLabel(text: string): string {
  return text.replaceAll('"', '#quot;');
}
