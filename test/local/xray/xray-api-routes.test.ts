import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalXRayDaemon } from '../../../local/xray/local-xray-daemon.ts';
import { xrayApiRoutes } from '../../../local/xray/xray-api-routes.ts';
import { newTraceId } from '../../../local/xray/xray-ids.ts';

let daemon: LocalXRayDaemon;
const ours = newTraceId();
const theirs = newTraceId();

beforeAll(async () => {
  daemon = await LocalXRayDaemon.start();
  daemon.put({ id: 'a1', trace_id: ours, name: 'Orders', start_time: 100, end_time: 103 });
  daemon.put({
    id: 'a2',
    trace_id: ours,
    type: 'subsegment',
    parent_id: 'a1',
    name: '### ChargePayment action',
    start_time: 101,
    end_time: 102,
    fault: true,
    annotations: { sagaId: 'OrderSaga-1' },
  });
  daemon.put({
    id: 'b1',
    trace_id: theirs,
    name: 'Orders',
    start_time: 100,
    end_time: 101,
    annotations: { sagaId: 'OrderSaga-2' },
  });
});

afterAll(async () => {
  await daemon.close();
});

/** Calls the route that answers `POST <path>` with `body`, as the gateway does. */
async function post(path: string, body: unknown): Promise<unknown> {
  const request = { method: 'POST', url: path } as IncomingMessage;
  for (const route of xrayApiRoutes(daemon)) {
    const answer = route(request, Buffer.from(JSON.stringify(body)));
    if (answer !== undefined) return answer;
  }
  throw new Error(`no route answers POST ${path}`);
}

describe("the local cloud's X-Ray API", () => {
  it('finds the traces that carry an annotation, in the time window', async () => {
    // Act
    const found = await post('/TraceSummaries', {
      StartTime: 99,
      EndTime: 110,
      FilterExpression: 'annotation.sagaId = "OrderSaga-1"',
    });
    const outside = await post('/TraceSummaries', {
      StartTime: 200,
      EndTime: 300,
      FilterExpression: 'annotation.sagaId = "OrderSaga-1"',
    });
    // Assert
    expect(found).toMatchObject({
      TraceSummaries: [{ Id: ours, Duration: 3, HasFault: true, HasError: false }],
    });
    expect(outside).toMatchObject({ TraceSummaries: [] });
  });

  it('refuses a filter expression it cannot read, saying which form it reads', async () => {
    await expect(post('/TraceSummaries', { FilterExpression: 'service("Orders")' })).rejects.toThrow(
      /annotation\.<key> = "<value>"/,
    );
  });

  it('returns the documents of the traces asked for, and the ids it does not know as unprocessed', async () => {
    // Act
    const answer = (await post('/Traces', { TraceIds: [ours, '1-00000000-000000000000000000000000'] })) as {
      Traces: { Id: string; Segments: { Id: string; Document: string }[] }[];
      UnprocessedTraceIds: string[];
    };
    // Assert
    expect(answer.Traces.map((trace) => trace.Id)).toEqual([ours]);
    expect(answer.Traces[0]?.Segments.map((segment) => JSON.parse(segment.Document).name)).toEqual([
      'Orders',
      '### ChargePayment action',
    ]);
    expect(answer.UnprocessedTraceIds).toEqual(['1-00000000-000000000000000000000000']);
  });

  it('leaves other requests to the rest of the gateway', () => {
    const request = { method: 'GET', url: '/Traces' } as IncomingMessage;
    expect(xrayApiRoutes(daemon).map((route) => route(request, Buffer.alloc(0)))).toEqual([
      undefined,
      undefined,
    ]);
  });
});
