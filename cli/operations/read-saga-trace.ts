import { BatchGetTracesCommand, GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { sagaTraceFilter } from '../../contract/trace-annotations.ts';
import type { SegmentDocument } from '../../local/xray/segment-document.ts';
import { NotFoundError } from '../command.ts';
import { type ClientConfig, sdkSettings } from './saga-target.ts';

/** The longest time range one GetTraceSummaries call may cover. */
const MAX_SUMMARY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** How many traces one BatchGetTraces call reads. */
const TRACES_PER_BATCH = 5;
/** Slack around the saga's recorded times: its first segment may start before the record's start. */
const WINDOW_SLACK_MS = 60_000;

/** The saga's time window, from its record. */
export interface SagaWindow {
  readonly startedAt: Date;
  /** Now, for a saga still running. */
  readonly endedAt: Date;
}

/**
 * The X-Ray documents of a saga's traces: GetTraceSummaries with the filter
 * `annotation.sagaId = "<id>"` over the saga's window (in 24-hour slices), then BatchGetTraces,
 * five traces a call. The same calls read AWS X-Ray and the local cloud's.
 * @throws NotFoundError when no trace carries the saga's id
 */
export async function readSagaTraceDocuments(
  config: ClientConfig,
  sagaId: string,
  window: SagaWindow,
  xray: Pick<XRayClient, 'send'> = new XRayClient(sdkSettings(config)),
): Promise<SegmentDocument[]> {
  const traceIds = new Set<string>();
  const from = window.startedAt.getTime() - WINDOW_SLACK_MS;
  const to = window.endedAt.getTime() + WINDOW_SLACK_MS;
  for (let start = from; start < to; start += MAX_SUMMARY_WINDOW_MS) {
    let NextToken: string | undefined;
    do {
      const page = await xray.send(
        new GetTraceSummariesCommand({
          StartTime: new Date(start),
          EndTime: new Date(Math.min(to, start + MAX_SUMMARY_WINDOW_MS)),
          FilterExpression: sagaTraceFilter(sagaId),
          ...(NextToken ? { NextToken } : {}),
        }),
      );
      for (const summary of page.TraceSummaries ?? []) if (summary.Id) traceIds.add(summary.Id);
      NextToken = page.NextToken;
    } while (NextToken);
  }
  if (traceIds.size === 0)
    throw new NotFoundError(
      `no X-Ray trace carries annotation sagaId = "${sagaId}" between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}: X-Ray keeps traces 30 days, and only of functions with active tracing (SagaOrchestrator turns it on)`,
    );
  const documents: SegmentDocument[] = [];
  const ids = [...traceIds];
  for (let index = 0; index < ids.length; index += TRACES_PER_BATCH) {
    let NextToken: string | undefined;
    do {
      const page = await xray.send(
        new BatchGetTracesCommand({
          TraceIds: ids.slice(index, index + TRACES_PER_BATCH),
          ...(NextToken ? { NextToken } : {}),
        }),
      );
      for (const trace of page.Traces ?? [])
        for (const segment of trace.Segments ?? [])
          if (segment.Document) documents.push(JSON.parse(segment.Document) as SegmentDocument);
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return documents;
}
