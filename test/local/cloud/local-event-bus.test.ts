import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import {
  type BusEvent,
  busNameOf,
  LocalEventBus,
  localRule,
  transformInput,
} from '../../../local/cloud/local-event-bus.ts';

const event: BusEvent = {
  version: '0',
  id: 'e-1',
  'detail-type': 'OrderPlaced',
  source: 'shop',
  account: '000000000000',
  time: '2026-11-21T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { orderId: 'o-1', total: 25, customer: { id: 'c-1' } },
};

describe('rule target input', () => {
  it('passes the whole event by default', () => {
    expect(JSON.parse(transformInput({ Arn: 'arn:aws:sqs:us-east-1:0:q', Id: 't' }, event))).toEqual(event);
  });

  it('passes a constant Input as is', () => {
    expect(transformInput({ Arn: 'a', Id: 't', Input: '{"fixed":true}' }, event)).toBe('{"fixed":true}');
  });

  it('passes the part of the event an InputPath selects', () => {
    expect(JSON.parse(transformInput({ Arn: 'a', Id: 't', InputPath: '$.detail.customer' }, event))).toEqual({
      id: 'c-1',
    });
  });

  it('fills an InputTransformer template: quoted strings stay JSON strings, numbers and objects are inserted as JSON', () => {
    // Arrange
    const target = {
      Arn: 'a',
      Id: 't',
      InputTransformer: {
        InputPathsMap: { order: '$.detail.orderId', total: '$.detail.total', customer: '$.detail.customer' },
        InputTemplate:
          '{"order": "<order>", "total": <total>, "customer": <customer>, "text": "order <order> placed"}',
      },
    };
    // Act
    const input = JSON.parse(transformInput(target, event));
    // Assert
    expect(input).toEqual({ order: 'o-1', total: 25, customer: { id: 'c-1' }, text: 'order o-1 placed' });
  });
});

describe('the local bus', () => {
  it('names the default bus when none is given and reads bus names from ARNs', () => {
    expect(busNameOf(undefined)).toBe('default');
    expect(busNameOf('arn:aws:events:us-east-1:0:event-bus/orders')).toBe('orders');
    expect(busNameOf('orders')).toBe('orders');
  });

  it('delivers an event only to the matching rules of its own bus, and dead-letters a failed delivery', async () => {
    // Arrange
    const sent: { QueueUrl?: string; MessageBody?: string }[] = [];
    const sqs = {
      send: async (command: { input: { QueueUrl?: string; MessageBody?: string } }) =>
        sent.push(command.input),
    };
    const rules = [
      localRule('orders', {
        EventBusName: 'orders',
        EventPattern: { 'detail-type': ['OrderPlaced'] },
        Targets: [{ Arn: 'arn:aws:sqs:us-east-1:0:start', Id: 'q' }],
      }),
      localRule('other-bus', {
        EventBusName: 'payments',
        EventPattern: { source: ['shop'] },
        Targets: [{ Arn: 'arn:aws:sqs:us-east-1:0:start', Id: 'q' }],
      }),
      localRule('no-match', {
        EventBusName: 'orders',
        EventPattern: { source: ['billing'] },
        Targets: [{ Arn: 'arn:aws:sqs:us-east-1:0:start', Id: 'q' }],
      }),
      localRule('failing', {
        EventBusName: 'orders',
        EventPattern: { source: ['shop'] },
        Targets: [
          {
            Arn: 'arn:aws:lambda:us-east-1:0:function:broken',
            Id: 'f',
            DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:0:dlq' },
          },
        ],
      }),
    ];
    const bus = new LocalEventBus(rules, {
      sqs: sqs as unknown as SQSClient,
      queueUrlOf: (arn) => `http://sqs.local/${arn.split(':').at(-1)}`,
      invokeFunction: async () => Promise.reject(new Error('function crashed')),
      startExecution: async () => ({}),
    });
    // Act
    bus.publish('orders', event);
    await bus.idle();
    // Assert
    expect(bus.delivered).toEqual(
      expect.arrayContaining([
        { rule: 'orders', target: 'q', ok: true },
        { rule: 'failing', target: 'f', ok: false },
      ]),
    );
    expect(bus.delivered).toHaveLength(2);
    expect(sent.map((message) => message.QueueUrl).sort()).toEqual([
      'http://sqs.local/dlq',
      'http://sqs.local/start',
    ]);
  });
});
