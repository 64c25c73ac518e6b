import { Tracer } from '@aws-lambda-powertools/tracer';
import { Segment, type Subsegment } from 'aws-xray-sdk-core';
import { vi } from 'vitest';

/** A subsegment as the X-Ray SDK would send it (the fields the tests read). */
export interface RecordedSubsegment {
  readonly name: string;
  readonly annotations?: Record<string, unknown>;
  /** Set once the subsegment is closed. */
  readonly end_time?: number;
  readonly fault?: boolean;
  readonly error?: boolean;
  readonly cause?: { readonly exceptions: readonly { readonly message: string; readonly type?: string }[] };
}

/** A Tracer that traces, with the X-Ray context replaced by an in-memory facade segment. */
export interface TracerDouble {
  readonly tracer: Tracer;
  /** The segment Lambda would have created for the invocation. */
  readonly facade: Segment;
  /** Every subsegment under the facade, depth first, in the shape the SDK serializes. */
  subsegments(): RecordedSubsegment[];
}

/**
 * Powertools' own testing approach for Tracer: construct it as if in Lambda (`AWS_EXECUTION_ENV`
 * set, so tracing is on) and replace its provider's `getSegment`/`setSegment` with an in-memory
 * context whose root is a real X-Ray SDK `Segment`, so the subsegments, annotations and errors the
 * middlewares create are real SDK objects that a test can read.
 */
export function tracerDouble(): TracerDouble {
  const previous = process.env.AWS_EXECUTION_ENV;
  process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
  const tracer = new Tracer({ serviceName: 'step-runtime-test' });
  if (previous === undefined) delete process.env.AWS_EXECUTION_ENV;
  else process.env.AWS_EXECUTION_ENV = previous;

  const facade = new Segment('facade');
  let current: Segment | Subsegment = facade;
  vi.spyOn(tracer.provider, 'getSegment').mockImplementation(() => current);
  vi.spyOn(tracer.provider, 'setSegment').mockImplementation((segment) => {
    current = segment;
  });
  const walk = (parent: Segment | Subsegment): Subsegment[] =>
    (parent.subsegments ?? []).flatMap((child) => [child, ...walk(child)]);
  const recorded = (subsegment: Subsegment) => JSON.parse(JSON.stringify(subsegment)) as RecordedSubsegment;
  return { tracer, facade, subsegments: () => walk(facade).map(recorded) };
}
