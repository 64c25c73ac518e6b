/**
 * The parsed form of expressions: what the parsers produce and the compilers turn into functions.
 * Placeholders stay unresolved (`#name`, `:value`) so one parse serves every request that repeats
 * the same expression text with other values.
 */

/** A document path's element: a name, a `#name` placeholder (it starts with `#`), or a list index. */
export type PathSegment = string | number;

/** A document path: `a.b[0].#c`. */
export interface PathNode {
  readonly kind: 'path';
  readonly segments: readonly PathSegment[];
}

/** A `:value` placeholder. */
export interface ValueNode {
  readonly kind: 'value';
  /** The placeholder, e.g. `:quantity`. */
  readonly name: string;
}

/** `name(args…)`: a condition function, `size`, or an update function. */
export interface FunctionNode {
  readonly kind: 'function';
  readonly name: FunctionName;
  readonly args: readonly ExpressionNode[];
}

/** DynamoDB's comparators. */
export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** `left <comparator> right`. */
export interface CompareNode {
  readonly kind: 'compare';
  readonly operator: Comparator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

/** `operand BETWEEN low AND high`. */
export interface BetweenNode {
  readonly kind: 'between';
  readonly operand: ExpressionNode;
  readonly low: ExpressionNode;
  readonly high: ExpressionNode;
}

/** `operand IN (list…)`. */
export interface InNode {
  readonly kind: 'in';
  readonly operand: ExpressionNode;
  readonly list: readonly ExpressionNode[];
}

/** `left AND right`, `left OR right`. */
export interface LogicalNode {
  readonly kind: 'and' | 'or';
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

/** `NOT operand`. */
export interface NotNode {
  readonly kind: 'not';
  readonly operand: ExpressionNode;
}

/** `a + b` or `a - b` in a SET action. */
export interface ArithmeticNode {
  readonly kind: 'arithmetic';
  readonly operator: '+' | '-';
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

/** Any node of a condition or of an update value. */
export type ExpressionNode =
  | PathNode
  | ValueNode
  | FunctionNode
  | CompareNode
  | BetweenNode
  | InNode
  | LogicalNode
  | NotNode
  | ArithmeticNode;

/** Functions of conditions: they are conditions themselves. */
export const CONDITION_FUNCTIONS = [
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
] as const;
/** Functions of update values. */
export const UPDATE_FUNCTIONS = ['if_not_exists', 'list_append'] as const;

/** Every function of DynamoDB's expressions. */
export type FunctionName = (typeof CONDITION_FUNCTIONS)[number] | (typeof UPDATE_FUNCTIONS)[number] | 'size';

/** How many arguments each function takes. */
export const FUNCTION_ARITY: Readonly<Record<FunctionName, number>> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
  if_not_exists: 2,
  list_append: 2,
};

/** Whether a node is a condition (true or false) rather than an operand (a value). */
export function isCondition(node: ExpressionNode): boolean {
  switch (node.kind) {
    case 'compare':
    case 'between':
    case 'in':
    case 'and':
    case 'or':
    case 'not':
      return true;
    case 'function':
      return (CONDITION_FUNCTIONS as readonly string[]).includes(node.name);
    default:
      return false;
  }
}

/** One action of an update expression's clause. */
export interface UpdateAction {
  readonly path: PathNode;
  /** SET: the value; ADD and DELETE: the `:value`; REMOVE: none. */
  readonly value?: ExpressionNode;
}

/** A parsed update expression: its four clauses, each possibly empty. */
export interface UpdateNode {
  readonly set: readonly UpdateAction[];
  readonly remove: readonly UpdateAction[];
  readonly add: readonly UpdateAction[];
  readonly delete: readonly UpdateAction[];
}
