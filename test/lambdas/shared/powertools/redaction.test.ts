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

  it('keeps working with the default list spread into a configured one', () => {
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

  it('redacts the keys a configured list adds, and still the defaults when the list leaves them out', () => {
    // Arrange
    const redactor = new Redactor(['dateOfBirth']);
    const customer = { date_of_birth: '1990-01-01', password: 'hunter2', note: 'DateOfBirth=1990-01-01' };
    // Act
    const json = JSON.stringify(customer, redactor.jsonReplacer);
    // Assert
    expect(JSON.parse(json)).toEqual({
      date_of_birth: REDACTED,
      password: REDACTED,
      note: `DateOfBirth=${REDACTED}`,
    });
  });
});

describe('Redactor keys', () => {
  const mustRedact = [
    ...[
      'CreditCard',
      'creditCard',
      'credit_card',
      'creditCardNumber',
      'debitCard',
      'cardNumber',
      'card_number',
    ],
    ...[
      'Card-Number',
      'CARDNUMBER',
      'cardNum',
      'card_no',
      'pan',
      'PAN',
      'cardPan',
      'cvv',
      'CVV',
      'cvv2',
      'cvc2',
    ],
    ...['card_cvv', 'securityCode', 'security-code', 'cardSecurityCode', 'pin', 'PIN', 'cardPin', 'CARD_PIN'],
    ...['pinCode', 'otp', 'smsOtp', 'password', 'PASSWORD', 'passwd', 'user_password', 'passwordHint', 'pwd'],
    ...['pass', 'passphrase', 'secret', 'clientSecret', 'client_secret', 'aws_secret_access_key'],
    ...[
      'secretAccessKey',
      'SecretString',
      'apiKey',
      'api_key',
      'x-api-key',
      'X-API-KEY',
      'token',
      'accessToken',
    ],
    ...[
      'access_token',
      'refreshToken',
      'refresh_token',
      'id_token',
      'idToken',
      'sessionToken',
      'aws_session_token',
    ],
    ...['X-Amz-Security-Token', 'authToken', 'csrfToken', 'jwt', 'authorization', 'Authorization'],
    ...[
      'proxy-authorization',
      'cookie',
      'Cookie',
      'set-cookie',
      'cookies',
      'sessionId',
      'session_id',
      'iban',
    ],
    ...[
      'IBAN',
      'payeeIban',
      'ssn',
      'SSN',
      'customerSsn',
      'customerSSN',
      'social_security_number',
      'nationalId',
    ],
    ...['national_id', 'privateKey', 'private_key', 'credentials', 'accountNumber', 'passportNumber'],
  ];

  it('finds every spelling of a sensitive key sensitive', () => {
    // Arrange
    const redactor = new Redactor();
    // Act
    const decisions = mustRedact.map((key) => [key, redactor.isSensitiveKey(key)]);
    // Assert
    expect(mustRedact.length).toBeGreaterThanOrEqual(45);
    expect(Object.fromEntries(decisions)).toEqual(Object.fromEntries(mustRedact.map((key) => [key, true])));
  });

  const mustStayVisible = [
    ...[
      'sagaId',
      'stepId',
      'paymentId',
      'orderId',
      'executionArn',
      'traceId',
      'businessKey',
      'idempotencyKey',
    ],
    ...[
      'xray_trace_id',
      'function_request_id',
      'correlationId',
      'customerId',
      'accountId',
      'keyId',
      'kmsKeyArn',
    ],
    ...['tokenizedCard', 'tokenization', 'tokenType', 'token_type', 'expiresIn', 'inputTokens', 'maxTokens'],
    ...['authorizationId', 'paymentAuthorizationId', 'secretArn', 'secretName', 'SecretId', 'apiKeyId'],
    ...['accessKeyId', 'passwordLength', 'cookiePolicy', 'cookieConsent', 'cardholderName', 'cardBrand'],
    ...[
      'cardLast4',
      'cardNumberLast4',
      'className',
      'businessName',
      'shippingAddress',
      'company',
      'footprint',
    ],
    ...['passThrough', 'boardingPass', 'spinCount', 'amount', 'currency', 'status'],
  ];

  it('keeps ids, names and descriptions of secrets visible', () => {
    // Arrange
    const redactor = new Redactor();
    // Act
    const decisions = mustStayVisible.map((key) => [key, redactor.isSensitiveKey(key)]);
    // Assert
    expect(Object.fromEntries(decisions)).toEqual(
      Object.fromEntries(mustStayVisible.map((key) => [key, false])),
    );
  });
});
