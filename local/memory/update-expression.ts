import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ExpressionNode, PathSegment, UpdateAction } from './ast.ts';
import type { Item } from './attribute-values.ts';
import { readPath, type Scope } from './document-path.ts';
import { validationError } from './errors.ts';
import { ExpressionCache } from './expression-cache.ts';
import { updateChecks, type ValueCheck } from './expression-checks.ts';
import { addNumbers, subtractNumbers } from './numbers.ts';
import { collectPlaceholders, isNameRef, type Placeholders } from './placeholders.ts';
import { parseUpdate } from './update-parser.ts';
import { checkPaths } from './update-paths.ts';

/** What a SET action's value is, computed from the item before the update. */
export type Compute = (item: Item | undefined, scope: Scope) => AttributeValue;

/** One action, compiled: its path and, for SET, ADD and DELETE, how to get its value. */
export interface CompiledAction {
  readonly segments: readonly PathSegment[];
  readonly compute?: Compute;
}

/** An update expression, parsed, checked and compiled once per text. */
export interface CompiledUpdate extends Placeholders {
  readonly set: readonly CompiledAction[];
  readonly remove: readonly CompiledAction[];
  readonly add: readonly CompiledAction[];
  readonly delete: readonly CompiledAction[];
  readonly checks: readonly ValueCheck[];
  /** Whether any path has a `#name`: then overlaps can only be checked per request. */
  readonly resolvesNames: boolean;
}

const INCORRECT_TYPE = 'An operand in the update expression has an incorrect data type';

const updates = new ExpressionCache<CompiledUpdate>((text) => {
  const node = parseUpdate(text);
  const all = [...node.set, ...node.remove, ...node.add, ...node.delete];
  const resolvesNames = all.some((action) => action.path.segments.some(isNameRef));
  if (!resolvesNames) checkPaths(all.map((action) => action.path.segments as readonly (string | number)[]));
  return {
    set: node.set.map(compileAction),
    remove: node.remove.map(compileAction),
    add: node.add.map(compileAction),
    delete: node.delete.map(compileAction),
    checks: updateChecks(node),
    resolvesNames,
    ...collectPlaceholders(
      all.flatMap((action) => (action.value ? [action.path, action.value] : [action.path])),
    ),
  };
});

/** The compiled update of `text`; `ValidationException: Invalid UpdateExpression: …` if DynamoDB would refuse it. */
export function compiledUpdate(text: string): CompiledUpdate {
  return updates.get(text, 'UpdateExpression');
}

function compileAction(action: UpdateAction): CompiledAction {
  const { segments } = action.path;
  return action.value === undefined ? { segments } : { segments, compute: compileValue(action.value) };
}

/** A SET value (or an ADD/DELETE `:value`) as a function of the item before the update. */
function compileValue(node: ExpressionNode): Compute {
  switch (node.kind) {
    case 'value': {
      const { name } = node;
      return (_item, scope) => scope.values[name] as AttributeValue;
    }
    case 'path': {
      const { segments } = node;
      return (item, scope) => readPath(item, segments, scope) ?? missingAttribute();
    }
    case 'arithmetic':
      return compileArithmetic(node.operator, compileValue(node.left), compileValue(node.right));
    case 'function':
      return node.name === 'if_not_exists' ? compileIfNotExists(node.args) : compileListAppend(node.args);
    default:
      throw new Error(`not an update value: ${node.kind}`);
  }
}

function missingAttribute(): never {
  throw validationError('The provided expression refers to an attribute that does not exist in the item');
}

function compileArithmetic(operator: '+' | '-', left: Compute, right: Compute): Compute {
  const operation = operator === '+' ? addNumbers : subtractNumbers;
  return (item, scope) => {
    const a = left(item, scope).N;
    const b = right(item, scope).N;
    if (a === undefined || b === undefined) throw validationError(INCORRECT_TYPE);
    return { N: operation(a, b) };
  };
}

function compileIfNotExists(args: readonly ExpressionNode[]): Compute {
  const { segments } = args[0] as { segments: readonly PathSegment[] };
  const fallback = compileValue(args[1] as ExpressionNode);
  return (item, scope) => readPath(item, segments, scope) ?? fallback(item, scope);
}

function compileListAppend(args: readonly ExpressionNode[]): Compute {
  const [first, second] = args.map(compileValue) as [Compute, Compute];
  return (item, scope) => {
    const head = first(item, scope).L;
    const tail = second(item, scope).L;
    if (head === undefined || tail === undefined) throw validationError(INCORRECT_TYPE);
    return { L: [...head, ...tail] };
  };
}

/** ADD: a number added, or set members added; the attribute is created if missing. */
export function addTo(current: AttributeValue | undefined, operand: AttributeValue): AttributeValue {
  if (current === undefined) return operand;
  if (current.N !== undefined && operand.N !== undefined) return { N: addNumbers(current.N, operand.N) };
  if (current.SS !== undefined && operand.SS !== undefined) return { SS: union(current.SS, operand.SS) };
  if (current.NS !== undefined && operand.NS !== undefined) return { NS: union(current.NS, operand.NS) };
  if (current.BS !== undefined && operand.BS !== undefined) {
    const present = new Set(current.BS.map((bytes) => Buffer.from(bytes).toString('base64')));
    return {
      BS: [
        ...current.BS,
        ...operand.BS.filter((bytes) => !present.has(Buffer.from(bytes).toString('base64'))),
      ],
    };
  }
  throw validationError(INCORRECT_TYPE);
}

/** DELETE: set members taken out; `undefined` when none is left (the attribute goes). */
export function deleteFrom(current: AttributeValue, operand: AttributeValue): AttributeValue | undefined {
  if (current.SS !== undefined && operand.SS !== undefined)
    return nonEmpty('SS', minus(current.SS, operand.SS));
  if (current.NS !== undefined && operand.NS !== undefined)
    return nonEmpty('NS', minus(current.NS, operand.NS));
  if (current.BS !== undefined && operand.BS !== undefined) {
    const gone = new Set(operand.BS.map((bytes) => Buffer.from(bytes).toString('base64')));
    const left = current.BS.filter((bytes) => !gone.has(Buffer.from(bytes).toString('base64')));
    return left.length === 0 ? undefined : { BS: left };
  }
  throw validationError(INCORRECT_TYPE);
}

function union(members: readonly string[], added: readonly string[]): string[] {
  const present = new Set(members);
  return [...members, ...added.filter((member) => !present.has(member))];
}

function minus(members: readonly string[], removed: readonly string[]): string[] {
  const gone = new Set(removed);
  return members.filter((member) => !gone.has(member));
}

function nonEmpty(type: 'SS' | 'NS', members: string[]): AttributeValue | undefined {
  if (members.length === 0) return undefined;
  return type === 'SS' ? { SS: members } : { NS: members };
}
