import { createSocket } from 'node:dgram';
import xray from 'aws-xray-sdk-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalXRayDaemon } from '../../../local/xray/local-xray-daemon.ts';
import { DAEMON_PROTOCOL_HEADER, parseDaemonDatagram } from '../../../local/xray/segment-document.ts';
import { newTraceId } from '../../../local/xray/xray-ids.ts';

let daemon: LocalXRayDaemon;

beforeAll(async () => {
  daemon = await LocalXRayDaemon.start();
});

afterAll(async () => {
  await daemon.close();
});

describe('the local X-Ray daemon', () => {
  it('keeps by trace the segment the X-Ray SDK sends it over UDP', async () => {
    // Arrange
    xray.setDaemonAddress(daemon.address);
    const traceId = newTraceId();
    const segment = new xray.Segment('ChargePayment', traceId);
    const subsegment = segment.addNewSubsegment('### ChargePayment action');
    subsegment.addAnnotation('sagaId', 'OrderSaga-1');
    subsegment.close();
    // Act
    segment.close();
    // Assert
    await vi.waitFor(() => expect(daemon.documents(traceId)).toHaveLength(1));
    expect(daemon.documents(traceId)[0]).toMatchObject({
      name: 'ChargePayment',
      trace_id: traceId,
      subsegments: [{ name: '### ChargePayment action', annotations: { sagaId: 'OrderSaga-1' } }],
    });
  });

  it('drops what is not a daemon datagram and keeps listening', async () => {
    // Arrange
    const traceId = newTraceId();
    const client = createSocket('udp4');
    const [host = '', port = ''] = daemon.address.split(':');
    const send = (text: string) =>
      new Promise<void>((resolve, reject) =>
        client.send(text, Number(port), host, (error) => (error ? reject(error) : resolve())),
      );
    // Act
    await send('not a datagram');
    await send(`${DAEMON_PROTOCOL_HEADER}\n{"id":"a1","name":"no trace","start_time":1}`);
    await send(`${DAEMON_PROTOCOL_HEADER}\n{"id":"a2","name":"kept","trace_id":"${traceId}","start_time":1}`);
    // Assert
    await vi.waitFor(() =>
      expect(daemon.documents(traceId).map((document) => document.name)).toEqual(['kept']),
    );
    expect(daemon.traceIds().every((id) => id.startsWith('1-'))).toBe(true);
    client.close();
  });
});

describe('parseDaemonDatagram', () => {
  it('reads the document after the protocol header, and nothing else', () => {
    const document = '{"id":"b1","name":"n","trace_id":"1-00000001-000000000000000000000001","start_time":2}';
    expect(parseDaemonDatagram(`${DAEMON_PROTOCOL_HEADER}\n${document}`)).toEqual(JSON.parse(document));
    expect(parseDaemonDatagram(`{"format":"xml"}\n${document}`)).toBeUndefined();
    expect(parseDaemonDatagram(document)).toBeUndefined();
    expect(parseDaemonDatagram(`${DAEMON_PROTOCOL_HEADER}\n{"id":"b1"}`)).toBeUndefined();
  });
});
