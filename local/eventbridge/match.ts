/**
 * Evaluates a checked pattern against an event.
 *
 * - A leaf matches when any of its alternatives matches any leaf value of the field: a string, number,
 *   boolean or null; an array contributes each of its elements, nested arrays flattened.
 * - A nested pattern matches when the event field is an object that matches it, or an array with an
 *   element that does (one element must satisfy the whole nested pattern, as EventBridge's
 *   array-consistent matching requires).
 * - `exists: true` needs a leaf value (`null` counts; an object or an empty array does not);
 *   `exists: false` needs the event to have no leaf value at that path at all.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-exists-matching
 */
import type { LeafField, ObjectField, PatternNode } from './compiled.ts';
import type { EventPatternScalar } from './event-pattern.ts';
import { isJsonObject } from './problems.ts';

/** Whether `value` (the event, or one of its fields) matches `node`; `root` is the whole event. */
export function matchesNode(node: PatternNode, value: unknown, root: unknown): boolean {
  return candidatesOf(value).some((candidate) => matchesObject(node, candidate, root));
}

function matchesObject(node: PatternNode, candidate: unknown, root: unknown): boolean {
  return (
    node.fields.every((field) => matchesField(field, fieldOf(candidate, field.name), root)) &&
    node.anyOf.every((branches) => branches.some((branch) => matchesObject(branch, candidate, root)))
  );
}

function matchesField(field: LeafField | ObjectField, value: unknown, root: unknown): boolean {
  return field.kind === 'object' ? matchesNode(field.node, value, root) : matchesLeaf(field, value, root);
}

function matchesLeaf(field: LeafField, value: unknown, root: unknown): boolean {
  const values = leafValuesOf(value);
  if (field.mustExist && values.length > 0) return true;
  if (field.mayBeAbsent && leafValuesAt(root, field.path).length === 0) return true;
  return field.tests.some((test) => values.some(test));
}

/** The objects a nested pattern is tried on: the value itself, or each element of an array. */
function candidatesOf(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) return [value];
  const elements = value.flat(Number.POSITIVE_INFINITY);
  return elements.length > 0 ? elements : [undefined];
}

/** A field of an object, own fields only; anything else has no fields. */
function fieldOf(value: unknown, name: string): unknown {
  return isJsonObject(value) && Object.hasOwn(value, name) ? value[name] : undefined;
}

/** The leaf values a field holds: itself if it is one, the scalars of an array, none for an object. */
function leafValuesOf(value: unknown): readonly EventPatternScalar[] {
  if (Array.isArray(value)) return value.flatMap(leafValuesOf);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return [value];
  return typeof value === 'number' && Number.isFinite(value) ? [value] : [];
}

/** Every leaf value at `path` anywhere in the event, through arrays. */
function leafValuesAt(value: unknown, path: readonly string[]): readonly EventPatternScalar[] {
  const [name, ...rest] = path;
  if (name === undefined) return leafValuesOf(value);
  return candidatesOf(value).flatMap((candidate) => leafValuesAt(fieldOf(candidate, name), rest));
}
