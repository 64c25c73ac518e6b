import { Logger } from '@aws-lambda-powertools/logger';
import { DEFAULT_SENSITIVE_KEYS, Redactor } from './redaction.ts';

/**
 * The project's one Powertools Logger: structured JSON on stdout, with every value whose key is
 * sensitive (and every card number or `password=…` pair inside a string) redacted before it is
 * written (see `Redactor`). Service name and level come from `POWERTOOLS_SERVICE_NAME` and `POWERTOOLS_LOG_LEVEL`;
 * the X-Ray trace id (`xray_trace_id`) is added to every line by Powertools in Lambda.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/
 */
export const logger = new Logger({ jsonReplacerFn: new Redactor(DEFAULT_SENSITIVE_KEYS).jsonReplacer });

/**
 * A child of {@link logger} that also redacts `sensitiveKeys`, on top of the built-in rule (which
 * always covers {@link DEFAULT_SENSITIVE_KEYS}; `[...DEFAULT_SENSITIVE_KEYS, 'dateOfBirth']` and
 * `['dateOfBirth']` redact the same).
 */
export function loggerRedacting(sensitiveKeys: readonly string[]): Logger {
  return logger.createChild({ jsonReplacerFn: new Redactor(sensitiveKeys).jsonReplacer });
}
