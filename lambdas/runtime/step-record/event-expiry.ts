import type { SagaStepEvent } from '../step-event.ts';

/**
 * The TTL (epoch seconds) an event item carries from the moment it is written: the write time plus
 * the saga's own span (its execution limit + retention, `saga.expiresAt` − `saga.startedAt`), and
 * never earlier than `saga.expiresAt`. So an event is bounded like its saga item even when nothing
 * after the step runs (the lifecycle publisher's TTL pass, which later sets the saga item's TTL, may
 * never come), and an event a redriven execution writes days after the start is not born expired.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
 */
export function eventExpiresAt(saga: SagaStepEvent['saga'], writtenAt: Date): number {
  const startedSeconds = Math.floor(Date.parse(saga.startedAt) / 1000);
  const spanSeconds = Number.isNaN(startedSeconds) ? 0 : Math.max(0, saga.expiresAt - startedSeconds);
  return Math.max(saga.expiresAt, Math.floor(writtenAt.getTime() / 1000) + spanSeconds);
}
