import { randomBytes } from 'node:crypto';

/**
 * A new X-Ray trace id: `1-<epoch seconds, 8 hex digits>-<96 random bits, 24 hex digits>`.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html#xray-api-traceids
 */
export function newTraceId(now: Date = new Date()): string {
  const seconds = Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${seconds}-${randomBytes(12).toString('hex')}`;
}

/** A new segment or subsegment id: 64 random bits, 16 hex digits. */
export function newSegmentId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * The trace header a traced caller passes on (Lambda puts it in `_X_AMZN_TRACE_ID`): the trace,
 * the (sub)segment the callee's segment hangs under, and the sampling decision.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
export function traceHeader(traceId: string, parentId: string): string {
  return `Root=${traceId};Parent=${parentId};Sampled=1`;
}
