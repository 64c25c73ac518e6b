import { Logger } from '@aws-lambda-powertools/logger';
import { DEFAULT_SENSITIVE_KEYS, Redactor } from './redaction.ts';

/**
 * The redactor of {@link logger}'s lines; the step runtime extends it with the sensitive keys a
 * saga declares, so those are redacted in the shared logger's lines as in what is persisted.
 */
export const loggerRedactor = new Redactor(DEFAULT_SENSITIVE_KEYS);

/**
 * The project's one Powertools Logger: structured JSON on stdout, with every value whose key is
 * sensitive (and every card number or `password=…` pair inside a string) redacted before it is
 * written (see `Redactor`). Service name and level come from `POWERTOOLS_SERVICE_NAME` and `POWERTOOLS_LOG_LEVEL`;
 * the X-Ray trace id (`xray_trace_id`) is added to every line by Powertools in Lambda.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/
 */
export const logger = new Logger({ jsonReplacerFn: loggerRedactor.jsonReplacer });

/**
 * A child of {@link logger} whose lines `redactor` redacts (built with the keys to redact on top
 * of the built-in rule, which always covers {@link DEFAULT_SENSITIVE_KEYS}).
 */
export function loggerRedacting(redactor: Redactor): Logger {
  return logger.createChild({ jsonReplacerFn: redactor.jsonReplacer });
}
