/**
 * An X-Ray segment or subsegment document, as the SDKs send it to the daemon and `BatchGetTraces`
 * returns it: the fields sfn-saga writes and reads; the rest passes through untouched.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html
 */
export interface SegmentDocument {
  readonly id: string;
  readonly name: string;
  /** On a segment, and on a subsegment sent on its own. */
  readonly trace_id?: string;
  /** On a subsegment sent on its own, or a segment called by another's subsegment. */
  readonly parent_id?: string;
  /** `subsegment` on a subsegment sent on its own. */
  readonly type?: string;
  /** e.g. `AWS::StepFunctions::StateMachine`, `AWS::Lambda::Function`. */
  readonly origin?: string;
  /** Epoch seconds, with fractions. */
  readonly start_time: number;
  readonly end_time?: number;
  readonly in_progress?: boolean;
  /** A client error (4xx-like): a step that failed. */
  readonly error?: boolean;
  /** A server error (5xx-like). */
  readonly fault?: boolean;
  readonly throttle?: boolean;
  readonly cause?: { readonly exceptions?: readonly { readonly message?: string; readonly type?: string }[] };
  readonly annotations?: Readonly<Record<string, string | number | boolean>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly aws?: Readonly<Record<string, unknown>>;
  readonly subsegments?: readonly SegmentDocument[];
}

/** The first line of every datagram sent to an X-Ray daemon; the document follows on the next. */
export const DAEMON_PROTOCOL_HEADER = '{"format":"json","version":1}';

/**
 * The document of one daemon datagram (`<header>\n<document>`), or `undefined` when it is not one:
 * the daemon protocol drops what it cannot read.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html#xray-api-daemon
 */
export function parseDaemonDatagram(datagram: string): SegmentDocument | undefined {
  const newline = datagram.indexOf('\n');
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(datagram.slice(0, newline)) as { format?: unknown };
    if (header.format !== 'json') return undefined;
    const document = JSON.parse(datagram.slice(newline + 1)) as Partial<SegmentDocument>;
    const valid =
      typeof document.id === 'string' &&
      typeof document.name === 'string' &&
      typeof document.trace_id === 'string' &&
      typeof document.start_time === 'number';
    return valid ? (document as SegmentDocument) : undefined;
  } catch {
    return undefined;
  }
}
