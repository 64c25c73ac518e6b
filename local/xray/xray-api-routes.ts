import type { GatewayRoute } from '../cloud/local-gateway.ts';
import type { LocalXRayDaemon } from './local-xray-daemon.ts';
import type { SegmentDocument } from './segment-document.ts';

/** The one filter expression the local GetTraceSummaries reads: `annotation.<key> = "<value>"`. */
const ANNOTATION_FILTER = /^\s*annotation\.([A-Za-z0-9_]+)\s*=\s*"([^"]*)"\s*$/;

/**
 * X-Ray's read API on the local cloud's gateway, over what the local daemon holds:
 * `GetTraceSummaries` (`POST /TraceSummaries`; the traces with a document in the time window
 * that carries the filter's annotation) and `BatchGetTraces` (`POST /Traces`; each trace's
 * documents as they were sent).
 * @see https://docs.aws.amazon.com/xray/latest/api/API_GetTraceSummaries.html
 * @see https://docs.aws.amazon.com/xray/latest/api/API_BatchGetTraces.html
 */
export function xrayApiRoutes(daemon: LocalXRayDaemon): GatewayRoute[] {
  return [
    (request, body) => {
      if (request.method !== 'POST' || request.url !== '/TraceSummaries') return undefined;
      return Promise.resolve().then(() => traceSummaries(daemon, JSON.parse(body.toString() || '{}')));
    },
    (request, body) => {
      if (request.method !== 'POST' || request.url !== '/Traces') return undefined;
      const { TraceIds = [] } = JSON.parse(body.toString() || '{}') as { TraceIds?: string[] };
      const known = TraceIds.filter((id) => daemon.documents(id).length > 0);
      return Promise.resolve({
        Traces: known.map((id) => ({
          Id: id,
          Duration: durationOf(daemon.documents(id)),
          Segments: daemon.documents(id).map((document) => ({
            Id: document.id,
            Document: JSON.stringify(document),
          })),
        })),
        UnprocessedTraceIds: TraceIds.filter((id) => !known.includes(id)),
      });
    },
  ];
}

function traceSummaries(
  daemon: LocalXRayDaemon,
  input: { StartTime?: number; EndTime?: number; FilterExpression?: string },
) {
  const filter =
    input.FilterExpression === undefined ? undefined : ANNOTATION_FILTER.exec(input.FilterExpression);
  if (input.FilterExpression !== undefined && !filter)
    throw new Error(
      `FilterExpression "${input.FilterExpression}": the local cloud reads only annotation.<key> = "<value>"`,
    );
  const from = input.StartTime ?? 0;
  const to = input.EndTime ?? Number.POSITIVE_INFINITY;
  const summaries = daemon
    .traceIds()
    .map((id) => ({ id, documents: daemon.documents(id) }))
    .filter(({ documents }) =>
      documents.some((document) => document.start_time >= from && document.start_time <= to),
    )
    .filter(({ documents }) => {
      if (!filter) return true;
      const [, key = '', value] = filter;
      return flatten(documents).some((document) => String(document.annotations?.[key]) === value);
    });
  return {
    TraceSummaries: summaries.map(({ id, documents }) => ({
      Id: id,
      Duration: durationOf(documents),
      HasError: flatten(documents).some((document) => document.error === true),
      HasFault: flatten(documents).some((document) => document.fault === true),
    })),
    ApproximateTime: Date.now() / 1000,
    TracesProcessedCount: daemon.traceIds().length,
  };
}

function flatten(documents: readonly SegmentDocument[]): SegmentDocument[] {
  return documents.flatMap((document) => [document, ...flatten(document.subsegments ?? [])]);
}

function durationOf(documents: readonly SegmentDocument[]): number {
  if (documents.length === 0) return 0;
  const start = Math.min(...documents.map((document) => document.start_time));
  const end = Math.max(...documents.map((document) => document.end_time ?? document.start_time));
  return end - start;
}
