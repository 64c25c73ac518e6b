import { describe, expect, it } from 'vitest';
import { findSensitiveValues } from './sensitive-scan.ts';
import { sensitiveValuesOf, withLuhnCheckDigit } from './sensitive-values.ts';

describe('the sensitive-value scan', () => {
  it("finds each run's secret where it is in clear, a card number with separators too, and nothing in redacted text", () => {
    // Arrange
    const values = sensitiveValuesOf('run-1');
    const [card, password] = values.map((value) => value.value) as [string, string];
    const spaced = card.replace(/(\d{4})(?=\d)/g, '$1 ');
    const places = [
      { where: 'item 1', text: JSON.stringify({ cardNumber: spaced }) },
      { where: 'log 1', text: `login password=${password}` },
      { where: 'item 2', text: JSON.stringify({ cardNumber: '[REDACTED]', password: '[REDACTED]' }) },
    ];
    // Act
    const hits = findSensitiveValues(places, values);
    // Assert
    expect(hits).toEqual([
      { kind: 'card number', where: 'item 1' },
      { kind: 'password', where: 'log 1' },
    ]);
  });

  it('makes card numbers that pass the Luhn check, as redaction looks for', () => {
    // Act
    const card = withLuhnCheckDigit('453957876362148');
    // Assert
    expect(card).toBe('4539578763621486');
    expect(sensitiveValuesOf('run-2')[0]?.value).toMatch(/^4539\d{12}$/);
  });

  it("ignores in a dead letter's body the secrets its own message carried as sent, and counts any other", () => {
    // Arrange
    const values = sensitiveValuesOf('run-3');
    const [card, password] = values.map((value) => value.value) as [string, string];
    const sent = JSON.stringify({ orderId: { password } });
    const places = [
      { where: 'own body', text: `{"detail":${sent}}`, asSent: sent },
      { where: 'body with another secret', text: `{"detail":${sent},"card":"${card}"}`, asSent: sent },
      { where: 'reason', text: `no business key (found {"password":"${password}"})` },
    ];
    // Act
    const hits = findSensitiveValues(places, values);
    // Assert
    expect(hits).toEqual([
      { kind: 'card number', where: 'body with another secret' },
      { kind: 'password', where: 'reason' },
    ]);
  });
});
