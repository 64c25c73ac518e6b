import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

/** Checks a saga input: `undefined` when it matches, else why it does not. */
export type InputValidator = (input: unknown) => string | undefined;

/** How many schema errors a reason names, at most. */
const MAX_REPORTED_ERRORS = 3;

/** The `$schema` of JSON Schema 2020-12, which Ajv validates with its own class. */
const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/**
 * Compiles a saga's input schema with Ajv, the JSON Schema validator the field relies on: draft 7
 * by default, 2020-12 when the schema's `$schema` says so. Formats are not checked. The construct
 * compiles it at synth (a bad schema fails `cdk synth`), the starter once per container, the test
 * environment once per saga — the same rules everywhere.
 * @throws Error naming what is wrong when the schema itself is not valid JSON Schema
 * @see https://ajv.js.org/
 */
export function compileInputSchema(schema: Readonly<Record<string, unknown>>): InputValidator {
  const options = { allErrors: true, strict: false, validateFormats: false } as const;
  const ajv = String(schema.$schema ?? '').startsWith(DRAFT_2020_12.replace(/schema$/, ''))
    ? new Ajv2020(options)
    : new Ajv(options);
  const validate = ajv.compile(schema);
  return (input) => {
    if (validate(input)) return undefined;
    return (validate.errors ?? [])
      .slice(0, MAX_REPORTED_ERRORS)
      .map((error) => `${error.instancePath || '(the input)'} ${error.message ?? 'is invalid'}`)
      .join('; ');
  };
}
