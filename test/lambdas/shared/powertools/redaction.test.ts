import { describe, expect, it } from 'vitest';
import {
  clipText,
  DEFAULT_SENSITIVE_KEYS,
  REDACTED,
  Redactor,
} from '../../../../lambdas/shared/powertools/redaction.ts';

/** A JWT as identity providers issue them (header, payload, signature). */
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

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

describe('Redactor values in text', () => {
  const mustRedact: readonly (readonly [string, string])[] = [
    ['card 4111 1111 1111 1111', `card ${REDACTED}`],
    ['card 4111-1111-1111-1111.', `card ${REDACTED}.`],
    ['charged 4111111111111111', `charged ${REDACTED}`],
    ['amex 3782 822463 10005', `amex ${REDACTED}`],
    ['diners 30569309025904, visa 4222222222222', `diners ${REDACTED}, visa ${REDACTED}`],
    ['card 4111.1111.1111.1111 declined', `card ${REDACTED} declined`],
    ['card4111111111111111', `card${REDACTED}`],
    ['ref 5500000000000004x', `ref ${REDACTED}x`],
    ['order 12 6011 1111 1111 1117', `order 12 ${REDACTED}`],
    ['ssn 123-45-6789', `ssn ${REDACTED}`],
    ['SSN: 123456789', `SSN: ${REDACTED}`],
    ['customer ssn 123456789 on file', `customer ssn ${REDACTED} on file`],
    ['social security number 123 45 6789', `social security number ${REDACTED}`],
    ['applicant 123-45-6789 approved', `applicant ${REDACTED} approved`],
    ['GET https://user:hunter2@host/', `GET https://user:${REDACTED}@host/`],
    ['postgres://admin:p@ss@db.internal:5432/app', `postgres://admin:${REDACTED}@db.internal:5432/app`],
    [`Authorization: Bearer ${JWT}`, `Authorization: Bearer ${REDACTED}`],
    ['authorization: bearer abc.def', `authorization: bearer ${REDACTED}`],
    ['sent Bearer abc.def-ghi~', `sent Bearer ${REDACTED}`],
    ['upstream sent Basic dXNlcjpodW50ZXIy', `upstream sent Basic ${REDACTED}`],
    [`callback with ${JWT} rejected`, `callback with ${REDACTED} rejected`],
    ['password=hunter2', `password=${REDACTED}`],
    ['password: "hunter2"', `password: "${REDACTED}"`],
    ['{"clientSecret":"correct horse battery"}', `{"clientSecret":"${REDACTED}"}`],
    [String.raw`body {\"refreshToken\":\"r-1 2\"}`, String.raw`body {\"refreshToken\":\"${REDACTED}\"}`],
    ["{'pin': 1234}", `{'pin': ${REDACTED}}`],
    ['api_key=abc123&x=1', `api_key=${REDACTED}&x=1`],
    ['x-api-key: k-123', `x-api-key: ${REDACTED}`],
    ['token=tok_123 expired', `token=${REDACTED} expired`],
    ['aws_secret_access_key=wJalrXUtnFEMI/K7MDENG', `aws_secret_access_key=${REDACTED}`],
    ['Cookie: session=abc; theme=dark', `Cookie: ${REDACTED}`],
    ['login failed: password: hunter2', `login failed: password: ${REDACTED}`],
    [
      'card number: 4111, api key = k1, secret key: s1',
      `card number: ${REDACTED}, api key = ${REDACTED}, secret key: ${REDACTED}`,
    ],
    ['iban=DE89370400440532013000', `iban=${REDACTED}`],
    ['truncated "password": "hunter', `truncated "password": "${REDACTED}`],
  ];

  it('redacts card numbers, social security numbers, credentials and sensitive pairs in any form', () => {
    // Arrange
    const redactor = new Redactor();
    // Act
    const redacted = mustRedact.map(([text]) => [text, redactor.redactText(text)]);
    // Assert
    expect(mustRedact.length).toBeGreaterThanOrEqual(20);
    expect(Object.fromEntries(redacted)).toEqual(Object.fromEntries(mustRedact));
  });

  const mustStayInClear = [
    'arn:aws:lambda:us-east-1:123456789012:function:charge-payment',
    'secret in arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
    'arn:aws:states:eu-west-1:123456789012:execution:OrderSaga:OrderSaga-1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
    'account 123456789012',
    'at 2024-05-01T12:34:56.789Z',
    'at 1714567896787 ms',
    'at 1714567896789123 µs, 1714567896789123453 ns',
    'order 2024050100013',
    'request 3f2e1d0c-9b8a-4c7d-4111-111111111111',
    'trace Root=1-5759e988-bd862e3fe1be46a994272793',
    'payment pay-7f3c2a91 of 129.99 EUR',
    'random 0.4111111111111111',
    'call +1 415 555 2671',
    'from 2024-05-01 2024-05-31',
    'GET https://example.com/orders?page=2',
    'the bearer of the card',
    'Basic authentication failed',
    'password check failed: timeout',
    'tokenType: Bearer',
  ];

  it('keeps ARNs, account ids, timestamps, epoch times, UUIDs, other ids and prose in clear', () => {
    // Arrange
    const redactor = new Redactor();
    // Act
    const redacted = mustStayInClear.map((text) => redactor.redactText(text));
    // Assert
    expect(redacted).toEqual(mustStayInClear);
  });
});

describe('Redactor.redactValue', () => {
  it('redacts sensitive keys, texts and card numbers written as numbers at any depth of objects and arrays', () => {
    // Arrange
    const redactor = new Redactor();
    const output = {
      paymentId: 'pay-1',
      card: { number: 4111111111111111, last4: '1111', cvv: 123, expiry: { month: 12, year: 2027 } },
      lines: [{ sku: 'A-1', note: 'pin=1234' }, 'card 5500 0000 0000 0004', 42],
      customer: { creditCard: { number: '4111111111111111' }, name: 'Ada' },
      headers: { Authorization: 'Bearer t0k3n' },
      capturedAtMs: 1714567896787,
      flags: { hasPassword: true, token: null },
    };
    // Act
    const redacted = redactor.redactValue(output);
    // Assert
    expect(redacted).toEqual({
      paymentId: 'pay-1',
      card: { number: REDACTED, last4: '1111', cvv: REDACTED, expiry: { month: 12, year: 2027 } },
      lines: [{ sku: 'A-1', note: `pin=${REDACTED}` }, `card ${REDACTED}`, 42],
      customer: { creditCard: REDACTED, name: 'Ada' },
      headers: { Authorization: REDACTED },
      capturedAtMs: 1714567896787,
      flags: { hasPassword: true, token: null },
    });
  });

  it('returns a copy and leaves its input unchanged', () => {
    // Arrange
    const redactor = new Redactor();
    const input = { password: 'hunter2', nested: { list: ['card 4111111111111111'] } };
    const before = structuredClone(input);
    // Act
    const redacted = redactor.redactValue(input);
    // Assert
    expect(input).toEqual(before);
    expect(redacted).not.toBe(input);
    expect(redacted.nested).not.toBe(input.nested);
    expect(redacted.nested.list).not.toBe(input.nested.list);
  });

  it('copies values as JSON sees them: toJSON called, a circular reference marked, a __proto__ key kept', () => {
    // Arrange
    const redactor = new Redactor();
    const circular: Record<string, unknown> = { at: new Date(0) };
    circular.self = circular;
    const parsed: unknown = JSON.parse('{"__proto__": {"password": "hunter2"}}');
    // Act
    const copies = [redactor.redactValue(circular), redactor.redactValue(parsed)];
    // Assert
    expect(copies[0]).toEqual({ at: '1970-01-01T00:00:00.000Z', self: '[Circular]' });
    expect(Object.getPrototypeOf(copies[1])).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copies[1], '__proto__')?.value).toEqual({ password: REDACTED });
  });

  it('redacts a text, a card number or nothing when the value itself is not an object', () => {
    // Arrange
    const redactor = new Redactor();
    // Act
    const values = [
      redactor.redactValue('password=hunter2'),
      redactor.redactValue(4111111111111111),
      redactor.redactValue(1714567896787),
      redactor.redactValue(null),
      redactor.redactValue(true),
    ];
    // Assert
    expect(values).toEqual([`password=${REDACTED}`, REDACTED, 1714567896787, null, true]);
  });
});

describe('Redactor.jsonReplacer', () => {
  it('redacts card numbers written as numbers, as redactValue does', () => {
    // Arrange
    const redactor = new Redactor();
    // Act
    const json = JSON.stringify({ amount: 12, reference: 4111111111111111 }, redactor.jsonReplacer);
    // Assert
    expect(JSON.parse(json)).toEqual({ amount: 12, reference: REDACTED });
  });
});

describe('clipText', () => {
  it('leaves a text no longer than the limit unchanged', () => {
    // Arrange
    const text = 'x'.repeat(10);
    // Act
    const clipped = clipText(text, 10);
    // Assert
    expect(clipped).toBe(text);
  });

  it('cuts a longer text to the limit, the marker saying how many characters were cut', () => {
    // Arrange
    const text = 'x'.repeat(100_000);
    // Act
    const clipped = clipText(text, 1_024);
    // Assert
    const marker = '… [clipped 99 005 characters]';
    expect(clipped).toBe(`${'x'.repeat(1_024 - marker.length)}${marker}`);
  });

  it('never splits a character in two', () => {
    // Arrange
    const text = `${'x'.repeat(39)}😀${'y'.repeat(60)}`;
    // Act
    const clipped = clipText(text, 40 + '… [clipped 61 characters]'.length);
    // Assert
    expect(clipped).toBe(`${'x'.repeat(39)}… [clipped 62 characters]`);
  });

  it('cuts without a marker when not even the marker fits, and refuses a negative limit', () => {
    // Arrange
    const text = 'abcdefghij'.repeat(10);
    // Act
    const clipped = clipText(text, 5);
    // Assert
    expect(clipped).toBe('abcde');
    expect(() => clipText(text, -1)).toThrow(RangeError);
  });
});
