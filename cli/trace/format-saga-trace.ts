import type { SagaTrace, SagaTraceNode } from './assemble-saga-trace.ts';

/** The mark of a node whose segment recorded an error. */
export const ERROR_MARK = '✘';

/**
 * A saga's trace as an indented tree for a terminal: the saga, then each state attempt in order —
 * steps with their attempt, compensations with the step they undo — each with its duration, and
 * `✘ <error>: <message>` on the ones that failed.
 * @example
 * OrderSaga-1a2b  1.84 s  (trace 1-6b10239c-…)
 * ├─ ReserveInventory  120 ms
 * ├─ ChargePayment action, attempt 1  310 ms  ✘ SagaTerminalError: card declined
 * └─ ReserveInventory compensation, undoes ReserveInventory  95 ms
 */
export function formatSagaTrace(trace: SagaTrace): string {
  const { root } = trace;
  const traces = trace.traceIds.length > 0 ? `  (trace ${trace.traceIds.join(', ')})` : '';
  const lines = [`${root.name}  ${formatDuration(root.durationMs)}${errorText(root)}${traces}`];
  root.children.forEach((child, index) => {
    const branch = index === root.children.length - 1 ? '└─' : '├─';
    lines.push(`${branch} ${label(child)}  ${formatDuration(child.durationMs)}${errorText(child)}`);
  });
  return lines.join('\n');
}

function label(node: SagaTraceNode): string {
  switch (node.kind) {
    case 'step':
      return `${node.name} action, attempt ${node.attempt ?? 1}`;
    case 'compensation':
      return `${node.name} compensation, undoes ${node.undoes ?? node.name}${(node.attempt ?? 1) > 1 ? `, attempt ${node.attempt}` : ''}`;
    default:
      return node.name;
  }
}

function errorText(node: SagaTraceNode): string {
  if (!node.error) return '';
  return `  ${ERROR_MARK} ${node.error.type}${node.error.message ? `: ${node.error.message}` : ''}`;
}

/** Milliseconds under a second, seconds with two decimals above. */
export function formatDuration(milliseconds: number): string {
  return milliseconds < 1_000 ? `${milliseconds} ms` : `${(milliseconds / 1_000).toFixed(2)} s`;
}
