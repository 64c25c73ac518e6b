import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ExpressionNode, UpdateNode } from './ast.ts';
import { ATTRIBUTE_TYPES, typeOf } from './attribute-values.ts';
import { ExpressionError } from './errors.ts';
import { compareValues } from './ordering.ts';

/**
 * The checks DynamoDB makes on an expression before it reads the item: on its shape (once, when
 * parsed) and on the types of its `:values` (on every request, as the values change). Either
 * refuses the request with a `ValidationException`, whatever the item holds.
 */
export type ValueCheck = (values: Readonly<Record<string, AttributeValue>>) => void;

const ORDERED_TYPES: ReadonlySet<string> = new Set(['S', 'N', 'B']);
const SIZED_TYPES: ReadonlySet<string> = new Set(['S', 'B', 'SS', 'NS', 'BS', 'L', 'M']);
const SET_TYPES: ReadonlySet<string> = new Set(['SS', 'NS', 'BS']);
const ADDABLE_TYPES: ReadonlySet<string> = new Set(['N', 'SS', 'NS', 'BS']);
/** How the ADD and DELETE checks name a type. */
const LONG_TYPE_NAMES: Readonly<Record<string, string>> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  L: 'LIST',
  M: 'MAP',
  SS: 'STRING_SET',
  NS: 'NUMBER_SET',
  BS: 'BINARY_SET',
};

/** Every check of a condition's `:values`; refuses `a = a` and other operators on one operand twice. */
export function conditionChecks(node: ExpressionNode, checks: ValueCheck[] = []): ValueCheck[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      conditionChecks(node.left, checks);
      return conditionChecks(node.right, checks);
    case 'not':
      return conditionChecks(node.operand, checks);
    case 'compare':
      requireDistinct(node.operator, node.left, [node.right]);
      if (node.operator !== '=' && node.operator !== '<>') {
        for (const operand of [node.left, node.right])
          checkType(checks, operand, node.operator, ORDERED_TYPES);
      }
      break;
    case 'between':
      requireDistinct('BETWEEN', node.operand, [node.low, node.high]);
      for (const operand of [node.operand, node.low, node.high])
        checkType(checks, operand, 'BETWEEN', ORDERED_TYPES);
      checks.push(betweenBounds(node.low, node.high));
      break;
    case 'in':
      requireDistinct('IN', node.operand, node.list);
      break;
    default:
      break;
  }
  return functionChecks(node, checks);
}

function functionChecks(node: ExpressionNode, checks: ValueCheck[]): ValueCheck[] {
  for (const operand of operandsOf(node)) {
    if (operand.kind === 'function' && operand.name === 'size') {
      checkType(checks, operand.args[0] as ExpressionNode, 'size', SIZED_TYPES);
    }
  }
  if (node.kind !== 'function') return checks;
  const second = node.args[1];
  if (node.name === 'begins_with' && second) checkType(checks, second, 'begins_with', new Set(['S', 'B']));
  if (node.name === 'attribute_type' && second) checks.push(attributeTypeName(second));
  return checks;
}

function operandsOf(node: ExpressionNode): readonly ExpressionNode[] {
  switch (node.kind) {
    case 'function':
      return node.args;
    case 'compare':
      return [node.left, node.right];
    case 'between':
      return [node.operand, node.low, node.high];
    case 'in':
      return [node.operand, ...node.list];
    default:
      return [];
  }
}

/** Every check of an update's `:values`: numbers for `+` and `-`, lists for `list_append`, sets for ADD and DELETE. */
export function updateChecks(update: UpdateNode): ValueCheck[] {
  const checks: ValueCheck[] = [];
  const visit = (node: ExpressionNode): void => {
    if (node.kind === 'arithmetic') {
      for (const operand of [node.left, node.right])
        checkType(checks, operand, node.operator, new Set(['N']));
      visit(node.left);
      visit(node.right);
    } else if (node.kind === 'function') {
      if (node.name === 'list_append')
        for (const arg of node.args) checkType(checks, arg, 'list_append', new Set(['L']));
      node.args.forEach(visit);
    }
  };
  for (const action of update.set) if (action.value) visit(action.value);
  for (const action of update.add) checks.push(clauseOperand('ADD', action.value, ADDABLE_TYPES));
  for (const action of update.delete) checks.push(clauseOperand('DELETE', action.value, SET_TYPES));
  return checks;
}

function checkType(
  checks: ValueCheck[],
  operand: ExpressionNode,
  operator: string,
  allowed: ReadonlySet<string>,
): void {
  if (operand.kind !== 'value') return;
  const { name } = operand;
  checks.push((values) => {
    const type = typeOf(values[name] as AttributeValue);
    if (!allowed.has(type)) {
      throw new ExpressionError(
        `Incorrect operand type for operator or function; operator or function: ${operator}, operand type: ${type}`,
      );
    }
  });
}

function clauseOperand(
  clause: string,
  operand: ExpressionNode | undefined,
  allowed: ReadonlySet<string>,
): ValueCheck {
  const name = operand?.kind === 'value' ? operand.name : '';
  return (values) => {
    const type = typeOf(values[name] as AttributeValue);
    if (allowed.has(type)) return;
    throw new ExpressionError(
      `Incorrect operand type for operator or function; operator: ${clause}, operand type: ${LONG_TYPE_NAMES[type]}, typeSet: ALLOWED_FOR_${clause}_OPERAND`,
    );
  };
}

function betweenBounds(low: ExpressionNode, high: ExpressionNode): ValueCheck {
  return (values) => {
    if (low.kind !== 'value' || high.kind !== 'value') return;
    const [lower, upper] = [values[low.name] as AttributeValue, values[high.name] as AttributeValue];
    const describe = `lower bound operand: AttributeValue: {${describeValue(lower)}}, upper bound operand: AttributeValue: {${describeValue(upper)}}`;
    const order = compareValues(lower, upper);
    if (order === undefined) {
      throw new ExpressionError(
        `The BETWEEN operator requires same data type for lower and upper bounds; ${describe}`,
      );
    }
    if (order > 0) {
      throw new ExpressionError(
        `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${describe}`,
      );
    }
  };
}

function describeValue(value: AttributeValue): string {
  const type = typeOf(value);
  return `${type}:${String((value as unknown as Record<string, unknown>)[type])}`;
}

function attributeTypeName(operand: ExpressionNode): ValueCheck {
  return (values) => {
    const type = operand.kind === 'value' ? values[operand.name] : undefined;
    if (type?.S === undefined) {
      const given = type ? typeOf(type) : 'path';
      throw new ExpressionError(
        `Incorrect operand type for operator or function; operator or function: attribute_type, operand type: ${given}`,
      );
    }
    if (!ATTRIBUTE_TYPES.has(type.S)) {
      throw new ExpressionError(
        `Invalid attribute type name found; type: ${type.S}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`,
      );
    }
  };
}

/** DynamoDB refuses an operator whose first operand is repeated among the others (`a = a`, `a IN (a)`). */
function requireDistinct(operator: string, first: ExpressionNode, others: readonly ExpressionNode[]): void {
  const key = JSON.stringify(first);
  if (!others.some((other) => JSON.stringify(other) === key)) return;
  const shown =
    first.kind === 'path'
      ? `[${first.segments.join(', ')}]`
      : first.kind === 'value'
        ? first.name
        : first.kind;
  throw new ExpressionError(
    `The first operand must be distinct from the remaining operands for this operator or function; operator: ${operator}, first operand: ${shown}`,
  );
}
