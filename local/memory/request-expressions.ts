import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { emptyItem } from './attribute-values.ts';
import type { Scope } from './document-path.ts';
import { ExpressionError, type ExpressionKind, invalidExpression, validationError } from './errors.ts';
import type { ValueCheck } from './expression-checks.ts';
import { importValue } from './import-values.ts';
import type { Placeholders } from './placeholders.ts';

/**
 * A request's `ExpressionAttributeNames` and `ExpressionAttributeValues` checked against the
 * expressions that use them, as DynamoDB checks them: both maps non-empty and well formed, every
 * placeholder used is defined, every one defined is used, every value valid and of a type its
 * operators accept.
 */
export interface ExpressionUse {
  readonly kind: ExpressionKind;
  readonly expression: Placeholders & { readonly checks: readonly ValueCheck[] };
}

/** The request's parameters that carry placeholders. */
export interface PlaceholderMaps {
  readonly ExpressionAttributeNames?: Record<string, string> | undefined;
  readonly ExpressionAttributeValues?: Record<string, AttributeValue> | undefined;
}

const NAME_KEY = /^#[A-Za-z0-9_]+$/;
const VALUE_KEY = /^:[A-Za-z0-9_]+$/;
const NO_NAMES: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The scope the expressions are evaluated in. `missingExpressions` completes DynamoDB's message
 * when values come without any expression, e.g. `ConditionExpression is null`.
 */
export function prepareScope(
  request: PlaceholderMaps,
  uses: readonly ExpressionUse[],
  missingExpressions: string,
): Scope {
  const names = request.ExpressionAttributeNames;
  const given = request.ExpressionAttributeValues;
  if (names !== undefined) checkNames(names, uses);
  const values = given === undefined ? emptyItem() : importValues(given, uses, missingExpressions);
  for (const use of uses) checkDefined(use, names, values);
  rejectUnused('ExpressionAttributeNames', names, uses, (expression) => expression.names);
  rejectUnused('ExpressionAttributeValues', given, uses, (expression) => expression.values);
  for (const use of uses) runChecks(use, values);
  return { names: names ?? NO_NAMES, values };
}

function checkNames(names: Record<string, string>, uses: readonly ExpressionUse[]): void {
  if (uses.length === 0)
    throw validationError('ExpressionAttributeNames can only be specified when using expressions');
  const keys = Object.keys(names);
  if (keys.length === 0) throw validationError('ExpressionAttributeNames must not be empty');
  for (const key of keys) {
    if (!NAME_KEY.test(key)) {
      throw validationError(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
    }
    if (!names[key]) {
      throw validationError(
        `ExpressionAttributeNames contains invalid value: Empty attribute name for key ${key}`,
      );
    }
  }
}

function importValues(
  given: Record<string, AttributeValue>,
  uses: readonly ExpressionUse[],
  missingExpressions: string,
): Record<string, AttributeValue> {
  if (uses.length === 0) {
    throw validationError(
      `ExpressionAttributeValues can only be specified when using expressions: ${missingExpressions}`,
    );
  }
  const keys = Object.keys(given);
  if (keys.length === 0) throw validationError('ExpressionAttributeValues must not be empty');
  const values = emptyItem();
  for (const key of keys) {
    if (!VALUE_KEY.test(key)) {
      throw validationError(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
    }
    values[key] = importExpressionValue(key, given[key] as AttributeValue);
  }
  return values;
}

function importExpressionValue(key: string, value: AttributeValue): AttributeValue {
  try {
    return importValue(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw validationError(`ExpressionAttributeValues contains invalid value: ${reason} for key ${key}`);
  }
}

function checkDefined(
  use: ExpressionUse,
  names: Record<string, string> | undefined,
  values: Record<string, AttributeValue>,
): void {
  for (const name of use.expression.names) {
    if (names?.[name] === undefined) {
      throw invalidExpression(
        use.kind,
        `An expression attribute name used in the document path is not defined; attribute name: ${name}`,
      );
    }
  }
  for (const value of use.expression.values) {
    if (values[value] === undefined) {
      throw invalidExpression(
        use.kind,
        `An expression attribute value used in expression is not defined; attribute value: ${value}`,
      );
    }
  }
}

function rejectUnused(
  parameter: string,
  given: Record<string, unknown> | undefined,
  uses: readonly ExpressionUse[],
  used: (expression: Placeholders) => ReadonlySet<string>,
): void {
  if (given === undefined) return;
  const unused: string[] = [];
  for (const key in given) {
    if (!uses.some((use) => used(use.expression).has(key))) unused.push(key);
  }
  if (unused.length > 0) {
    throw validationError(
      `Value provided in ${parameter} unused in expressions: keys: {${unused.join(', ')}}`,
    );
  }
}

function runChecks(use: ExpressionUse, values: Record<string, AttributeValue>): void {
  try {
    for (const check of use.expression.checks) check(values);
  } catch (error) {
    if (error instanceof ExpressionError) throw invalidExpression(use.kind, error.message);
    throw error;
  }
}
