import { describe, expect, it } from 'vitest';
import { eventExpiresAt } from '../../../../lambdas/runtime/step-record/event-expiry.ts';

const DAY = 86_400;
/** A saga started at 2026-01-02T03:04:05Z with a 10-minute execution limit and 7 days of retention. */
const saga = {
  id: 'OrderSaga-1',
  type: 'OrderSaga',
  businessKey: 'order-1',
  startedAt: '2026-01-02T03:04:05.000Z',
  deadline: '2026-01-02T03:09:05.000Z',
  expiresAt: Date.parse('2026-01-02T03:04:05.000Z') / 1000 + 600 + 7 * DAY,
};
const SPAN = 600 + 7 * DAY;

describe('the TTL of an event item', () => {
  it("is the saga's own bound for an event written at the start", () => {
    // Arrange
    const writtenAt = new Date(saga.startedAt);
    // Act
    const expiresAt = eventExpiresAt(saga, writtenAt);
    // Assert
    expect(expiresAt).toBe(saga.expiresAt);
  });

  it('is the write time plus the execution limit and retention for an event a redriven execution writes days later', () => {
    // Arrange
    const writtenAt = new Date(Date.parse(saga.startedAt) + 10 * DAY * 1000);
    // Act
    const expiresAt = eventExpiresAt(saga, writtenAt);
    // Assert
    expect(expiresAt).toBe(writtenAt.getTime() / 1000 + SPAN);
    expect(expiresAt).toBeGreaterThan(writtenAt.getTime() / 1000);
  });

  it("is never earlier than the saga's bound, whatever the writer's clock says", () => {
    // Arrange
    const writtenAt = new Date(Date.parse(saga.startedAt) - DAY * 1000);
    // Act
    const expiresAt = eventExpiresAt(saga, writtenAt);
    // Assert
    expect(expiresAt).toBe(saga.expiresAt);
  });
});
