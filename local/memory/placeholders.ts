import type { ExpressionNode, PathSegment } from './ast.ts';

/** The `#name` and `:value` placeholders an expression uses. */
export interface Placeholders {
  readonly names: ReadonlySet<string>;
  readonly values: ReadonlySet<string>;
}

/** Every placeholder of the nodes (and of the nodes inside them). */
export function collectPlaceholders(nodes: readonly ExpressionNode[]): Placeholders {
  const names = new Set<string>();
  const values = new Set<string>();
  const visit = (node: ExpressionNode): void => {
    switch (node.kind) {
      case 'path':
        for (const segment of node.segments) if (isNameRef(segment)) names.add(segment);
        return;
      case 'value':
        values.add(node.name);
        return;
      case 'function':
        node.args.forEach(visit);
        return;
      case 'not':
        visit(node.operand);
        return;
      case 'between':
        [node.operand, node.low, node.high].forEach(visit);
        return;
      case 'in':
        [node.operand, ...node.list].forEach(visit);
        return;
      default:
        visit(node.left);
        visit(node.right);
    }
  };
  nodes.forEach(visit);
  return { names, values };
}

/** Whether a path segment is a `#name` placeholder. */
export function isNameRef(segment: PathSegment): segment is string {
  return typeof segment === 'string' && segment.charCodeAt(0) === 35;
}
