import { Ajv } from 'ajv';

/** Checks a saga input: `undefined` when it matches, else why it does not. */
export type InputValidator = (input: unknown) => string | undefined;

/** How many schema errors a reason names, at most. */
const MAX_REPORTED_ERRORS = 3;

/**
 * Compiles a saga's input schema (JSON Schema, draft 7 / 2019-09 keywords) with Ajv, the JSON
 * Schema validator the field relies on, once per container. Formats are not checked.
 * @throws Error naming what is wrong when the schema itself is not valid
 * @see https://ajv.js.org/
 */
export function compileInputSchema(schema: Readonly<Record<string, unknown>>): InputValidator {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(schema);
  return (input) => {
    if (validate(input)) return undefined;
    return (validate.errors ?? [])
      .slice(0, MAX_REPORTED_ERRORS)
      .map((error) => `${error.instancePath || '(the input)'} ${error.message ?? 'is invalid'}`)
      .join('; ');
  };
}
