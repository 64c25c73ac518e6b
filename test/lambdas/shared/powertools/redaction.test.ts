import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SENSITIVE_KEYS,
  REDACTED,
  Redactor,
} from '../../../../lambdas/shared/powertools/redaction.ts';

describe('Redactor', () => {
  it('matches sensitive keys across camelCase, snake_case, kebab-case and upper case', () => {
    // Arrange
    const redactor = new Redactor();
    // Act
    const matches = [
      'cardNumber',
      'card_number',
      'CARD-NUMBER',
      'apiKey',
      'api_key',
      'NationalId',
      'PASSWORD',
    ].map((key) => redactor.isSensitiveKey(key));
    // Assert
    expect(matches).toEqual([true, true, true, true, true, true, true]);
    expect(redactor.isSensitiveKey('cardholderName')).toBe(false);
  });

  it('redacts card numbers and key=value secrets in text, and keeps ids that are not card numbers', () => {
    // Arrange
    const redactor = new Redactor();
    const text =
      'card 4111-1111-1111-1111 of order 1234567890123 in arn:aws:lambda:us-east-1:123456789012:function:f, ' +
      'password: "hunter2", api_key=abc123';
    // Act
    const redacted = redactor.redactText(text);
    // Assert
    expect(redacted).toBe(
      `card ${REDACTED} of order 1234567890123 in arn:aws:lambda:us-east-1:123456789012:function:f, ` +
        `password: "${REDACTED}", api_key=${REDACTED}`,
    );
  });

  it('redacts with a configured key list instead of the default one', () => {
    // Arrange
    const redactor = new Redactor([...DEFAULT_SENSITIVE_KEYS, 'iban']);
    // Act
    const json = JSON.stringify(
      { IBAN: 'DE89370400440532013000', note: 'iban=DE89370400440532013000' },
      redactor.jsonReplacer,
    );
    // Assert
    expect(JSON.parse(json)).toEqual({ IBAN: REDACTED, note: `iban=${REDACTED}` });
  });
});
