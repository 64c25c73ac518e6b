import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { CompareNode, ExpressionNode, FunctionNode } from './ast.ts';
import { bytesEqual, type Item, typeOf, valuesEqual } from './attribute-values.ts';
import { readPath, type Scope } from './document-path.ts';
import { bytesContain, bytesStartWith, compareValues } from './ordering.ts';

/**
 * Turns a parsed condition into a function of the item, built once per expression text: reading
 * an attribute is then a property lookup, not a walk over the syntax tree.
 *
 * DynamoDB's semantics: a missing attribute, or values of different types, make every comparison
 * false except `<>`, which is true; `<`, `<=`, `>`, `>=` and `BETWEEN` compare numbers, strings
 * and binary only.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
 */
export type Test = (item: Item | undefined, scope: Scope) => boolean;
type Read = (item: Item | undefined, scope: Scope) => AttributeValue | undefined;

/** The condition as a function of the item (`undefined`: no item) and the request's placeholders. */
export function compileTest(node: ExpressionNode): Test {
  switch (node.kind) {
    case 'and': {
      const [left, right] = [compileTest(node.left), compileTest(node.right)];
      return (item, scope) => left(item, scope) && right(item, scope);
    }
    case 'or': {
      const [left, right] = [compileTest(node.left), compileTest(node.right)];
      return (item, scope) => left(item, scope) || right(item, scope);
    }
    case 'not': {
      const operand = compileTest(node.operand);
      return (item, scope) => !operand(item, scope);
    }
    case 'compare':
      return compileCompare(node);
    case 'between':
      return compileBetween(compileRead(node.operand), compileRead(node.low), compileRead(node.high));
    case 'in':
      return compileIn(compileRead(node.operand), node.list.map(compileRead));
    case 'function':
      return compileFunction(node);
    default:
      throw new Error(`not a condition: ${node.kind}`);
  }
}

/** An operand as a function of the item: a path, a `:value` or `size(path)`. */
export function compileRead(node: ExpressionNode): Read {
  switch (node.kind) {
    case 'path': {
      const { segments } = node;
      const first = segments[0] as string;
      if (segments.length === 1 && first.charCodeAt(0) !== 35) return (item) => item?.[first];
      return (item, scope) => readPath(item, segments, scope);
    }
    case 'value': {
      const { name } = node;
      return (_item, scope) => scope.values[name];
    }
    case 'function': {
      const operand = compileRead(node.args[0] as ExpressionNode);
      return (item, scope) => sizeOf(operand(item, scope));
    }
    default:
      throw new Error(`not an operand: ${node.kind}`);
  }
}

const ORDERINGS: Readonly<Record<string, (order: number) => boolean>> = {
  '<': (order) => order < 0,
  '<=': (order) => order <= 0,
  '>': (order) => order > 0,
  '>=': (order) => order >= 0,
};

function compileCompare(node: CompareNode): Test {
  const left = compileRead(node.left);
  const right = compileRead(node.right);
  if (node.operator === '=') return (item, scope) => equal(left(item, scope), right(item, scope));
  if (node.operator === '<>') return (item, scope) => !equal(left(item, scope), right(item, scope));
  const holds = ORDERINGS[node.operator] as (order: number) => boolean;
  return (item, scope) => {
    const order = ordered(left(item, scope), right(item, scope));
    return order !== undefined && holds(order);
  };
}

function equal(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  return a !== undefined && b !== undefined && valuesEqual(a, b);
}

function ordered(a: AttributeValue | undefined, b: AttributeValue | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : compareValues(a, b);
}

function compileBetween(operand: Read, low: Read, high: Read): Test {
  return (item, scope) => {
    const value = operand(item, scope);
    const fromLow = ordered(value, low(item, scope));
    const toHigh = ordered(value, high(item, scope));
    return fromLow !== undefined && toHigh !== undefined && fromLow >= 0 && toHigh <= 0;
  };
}

function compileIn(operand: Read, list: readonly Read[]): Test {
  return (item, scope) => {
    const value = operand(item, scope);
    return value !== undefined && list.some((read) => equal(value, read(item, scope)));
  };
}

function compileFunction(node: FunctionNode): Test {
  const [first, second] = node.args.map(compileRead) as [Read, Read | undefined];
  const other = second ?? first;
  switch (node.name) {
    case 'attribute_exists':
      return (item, scope) => first(item, scope) !== undefined;
    case 'attribute_not_exists':
      return (item, scope) => first(item, scope) === undefined;
    case 'attribute_type':
      return (item, scope) => hasType(first(item, scope), other(item, scope));
    case 'begins_with':
      return (item, scope) => beginsWith(first(item, scope), other(item, scope));
    default:
      return (item, scope) => contains(first(item, scope), other(item, scope));
  }
}

function hasType(value: AttributeValue | undefined, type: AttributeValue | undefined): boolean {
  return value !== undefined && type?.S !== undefined && typeOf(value) === type.S;
}

function beginsWith(value: AttributeValue | undefined, prefix: AttributeValue | undefined): boolean {
  if (value?.S !== undefined) return prefix?.S !== undefined && value.S.startsWith(prefix.S);
  if (value?.B !== undefined) return prefix?.B !== undefined && bytesStartWith(value.B, prefix.B);
  return false;
}

function contains(value: AttributeValue | undefined, part: AttributeValue | undefined): boolean {
  if (value === undefined || part === undefined) return false;
  if (value.S !== undefined) return part.S !== undefined && value.S.includes(part.S);
  if (value.SS !== undefined) return part.S !== undefined && value.SS.includes(part.S);
  if (value.NS !== undefined) return part.N !== undefined && value.NS.includes(part.N);
  if (value.L !== undefined) return value.L.some((element) => valuesEqual(element, part));
  if (value.B !== undefined) return part.B !== undefined && bytesContain(value.B, part.B);
  const bytes = part.B;
  if (value.BS !== undefined)
    return bytes !== undefined && value.BS.some((member) => bytesEqual(member, bytes));
  return false;
}

/** `size()`: characters of a string (UTF-16 units, as DynamoDB Local counts), bytes, members or elements. */
export function sizeOf(value: AttributeValue | undefined): AttributeValue | undefined {
  const size =
    value?.S?.length ??
    value?.B?.length ??
    value?.L?.length ??
    value?.SS?.length ??
    value?.NS?.length ??
    value?.BS?.length ??
    (value?.M ? Object.keys(value.M).length : undefined);
  return size === undefined ? undefined : { N: String(size) };
}
