import type { FailureInjection, Order } from '../../examples/order/order.ts';
import { type SensitiveValue, sensitiveValuesOf } from './sensitive-values.ts';

/** Why a message is in the run: one of the fault families. */
export type FaultGroup =
  | 'bad input'
  | 'event time'
  | 'concurrent duplicates'
  | 'load'
  | 'sensitive input'
  | 'operator write';

/** What must become of a message. */
export type ExpectedFate =
  /** It starts (or, for a duplicate, joins) the saga of `orderId`, which ends in `status`. */
  | { readonly kind: 'saga'; readonly status: string; readonly outcome?: string }
  /** The starter moves it to the start dead-letter queue with a reason matching `reason`. */
  | { readonly kind: 'dead-letter'; readonly reason: RegExp }
  /** The start queue refuses it when it is sent (the sender gets the reason). */
  | { readonly kind: 'refused'; readonly reason: RegExp };

/** One message into the example stack. */
export interface FaultMessage {
  /**
   * Unique to the message, and found in its body as the end of a JSON string (`…<marker>"`), which
   * no other message's body holds: how a dead letter is traced back to it.
   */
  readonly marker: string;
  readonly group: FaultGroup;
  /** What it is, in the words of the issue. */
  readonly what: string;
  /** `bus`: `body` is an `OrderPlaced` detail published on the event bus; `queue`: `body` is sent to the start queue as is. */
  readonly route: 'bus' | 'queue';
  readonly body: string;
  /** The business key of a message meant to start a saga. */
  readonly orderId?: string;
  /** The order's SKU and quantity, for the inventory check. */
  readonly sku?: string;
  readonly quantity?: number;
  /** An operator marks the saga CANCELLED while it runs. */
  readonly operatorCancels?: boolean;
  readonly expected: ExpectedFate;
}

/** The whole run: the messages, and the values that must never be found at rest afterwards. */
export interface FaultCatalogue {
  readonly messages: readonly FaultMessage[];
  readonly sensitiveValues: readonly SensitiveValue[];
  /** Stock each SKU starts with. */
  readonly initialStock: number;
}

/** How the load's 100 sagas end, by design. */
const LOAD_MIX = { happy: 55, retriedThenHappy: 10, declined: 20, compensationFails: 15 } as const;
/** Concurrent starts of one business key. */
const DUPLICATES = 20;
/** The saga input limit of the example (its `maxInputBytes`, the default 16 KiB). */
const OVERSIZE_INPUT_BYTES = [20_000, 100_000, 250_000] as const;
/** Bigger than any SQS message may be (1 MiB): refused by the queue itself. */
const OVER_SQS_LIMIT_BYTES = 1_100_000;
const INITIAL_STOCK = 10;

const DECLINED: FailureInjection = { step: 'ChargePayment', mode: 'terminal' };
const COMPENSATION_FAILS: readonly FailureInjection[] = [
  { step: 'CreateShipment', mode: 'terminal' },
  { step: 'ChargePayment', phase: 'compensation', mode: 'terminal' },
];
const RETRIED_ONCE: FailureInjection = { step: 'ChargePayment', mode: 'transient', attempts: 1 };
/** Hangs past the payment's 5 s timeout: long enough for an operator to write while it runs. */
const HANGS: FailureInjection = { step: 'ChargePayment', mode: 'timeout' };

/**
 * Builds the run's messages, each with a unique marker (`run` keeps runs apart): bad inputs, event
 * times in 1970 and 2099, 20 concurrent duplicates of one key, 100 sagas with a mix of outcomes,
 * sagas whose inputs carry card numbers, passwords and bearer tokens, and a saga an operator
 * cancels mid-run.
 */
export function faultCatalogue(run: string): FaultCatalogue {
  let count = 0;
  const next = () => {
    count += 1;
    return `${run}-${count}`;
  };
  const order = (id: string, extra: Partial<Order> & Record<string, unknown> = {}): Order => ({
    orderId: `order-${id}`,
    customerId: `c-${id}`,
    sku: `SKU-${id}`,
    quantity: 2,
    amountCents: 1_999,
    ...extra,
  });
  const onBus = (
    group: FaultGroup,
    what: string,
    detail: Order | Record<string, unknown>,
    expected: ExpectedFate,
    marker: string,
  ): FaultMessage => ({
    marker,
    group,
    what,
    route: 'bus',
    body: JSON.stringify(detail),
    ...sagaFields(detail),
    expected,
  });
  const completed = { kind: 'saga', status: 'COMPLETED' } as const;
  const messages: FaultMessage[] = [];
  const sensitiveValues = sensitiveValuesOf(run);
  const secrets = Object.fromEntries(sensitiveValues.map((value) => [value.kind, value.value]));

  // Bad inputs: each dead-lettered with its reason, or refused by the queue.
  for (const bytes of OVERSIZE_INPUT_BYTES) {
    const id = next();
    messages.push({
      marker: id,
      group: 'bad input',
      what: `a ${Math.round(bytes / 1000)} KB saga input`,
      route: 'queue',
      body: envelope(order(id, { notes: 'x'.repeat(bytes) }), id),
      expected: { kind: 'dead-letter', reason: /over the saga's maxInputBytes/ },
    });
  }
  const huge = next();
  messages.push({
    marker: huge,
    group: 'bad input',
    what: 'a start message over the SQS limit (1.1 MB)',
    route: 'queue',
    body: envelope(order(huge, { notes: 'x'.repeat(OVER_SQS_LIMIT_BYTES) }), huge),
    expected: { kind: 'refused', reason: /./ },
  });
  const malformed = next();
  messages.push({
    marker: malformed,
    group: 'bad input',
    what: 'a body that is not JSON',
    route: 'queue',
    body: `{"detail": {"orderId": "order-${malformed}", "sku": `,
    expected: { kind: 'dead-letter', reason: /not JSON/ },
  });
  const noKey = next();
  const { orderId: _dropped, ...withoutKey } = order(noKey);
  messages.push(
    onBus(
      'bad input',
      'no business key',
      { ...withoutKey, note: noKey },
      { kind: 'dead-letter', reason: /no business key at "detail.orderId"/ },
      noKey,
    ),
  );
  const blank = next();
  messages.push(
    onBus(
      'bad input',
      'a whitespace-only business key',
      { ...order(blank), orderId: ' \t ', note: blank },
      { kind: 'dead-letter', reason: /no business key at "detail.orderId"/ },
      blank,
    ),
  );
  const control = next();
  messages.push(
    onBus(
      'bad input',
      'a business key with a control character',
      { ...order(control), orderId: `order-${control}\u0007` },
      { kind: 'dead-letter', reason: /control characters/ },
      control,
    ),
  );
  const numeric = next();
  // 2^53 + 1: JSON.stringify cannot write it, so the digits go in as text.
  messages.push({
    marker: numeric,
    group: 'bad input',
    what: 'a numeric business key above 2^53',
    route: 'queue',
    body: envelope(order(numeric), numeric).replace(`"order-${numeric}"`, '9007199254740993'),
    expected: { kind: 'dead-letter', reason: /JSON cannot carry exactly/ },
  });
  // A rejected message's reason quotes what it found: the secret in it must not reach the reason.
  const secretKey = next();
  messages.push(
    onBus(
      'bad input',
      'a business key that is an object holding a password',
      { ...order(secretKey), orderId: { password: secrets.password } },
      { kind: 'dead-letter', reason: /no business key at "detail.orderId"/ },
      secretKey,
    ),
  );
  const negative = next();
  messages.push(
    onBus(
      'bad input',
      'a negative quantity',
      { ...order(negative), quantity: -3 },
      { kind: 'dead-letter', reason: /inputSchema/ },
      negative,
    ),
  );
  const noSku = next();
  const { sku: _noSku, ...withoutSku } = order(noSku);
  messages.push(
    onBus('bad input', 'no sku', withoutSku, { kind: 'dead-letter', reason: /inputSchema/ }, noSku),
  );

  // Producers' clocks: the saga's start and TTL come from the queue, not from `time`.
  for (const time of ['1970-01-01T00:00:00Z', '2099-12-31T23:59:59Z']) {
    const id = next();
    const input = order(id);
    messages.push({
      marker: id,
      group: 'event time',
      what: `an event whose time is ${time}`,
      route: 'queue',
      body: envelope(input, id, time),
      ...sagaFields(input),
      expected: completed,
    });
  }

  // One business key, 20 starts at once, each with its own event time.
  const duplicate = order(next());
  for (let index = 0; index < DUPLICATES; index += 1) {
    const marker = `${duplicate.orderId}#${index}`;
    messages.push({
      marker,
      group: 'concurrent duplicates',
      what: `one of ${DUPLICATES} starts of one order at once, each with its own event time`,
      route: 'queue',
      body: envelope(duplicate, marker, new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString()),
      ...sagaFields(duplicate),
      expected: completed,
    });
  }

  // 100 sagas at once.
  const mix: [number, string, Partial<Order>, ExpectedFate][] = [
    [LOAD_MIX.happy, 'a clean order', {}, completed],
    [LOAD_MIX.retriedThenHappy, 'a payment retried once', { failure: RETRIED_ONCE }, completed],
    [LOAD_MIX.declined, 'a declined payment', { failure: DECLINED }, { kind: 'saga', status: 'COMPENSATED' }],
    [
      LOAD_MIX.compensationFails,
      'a refund that keeps failing',
      { failure: COMPENSATION_FAILS },
      { kind: 'saga', status: 'FAILED' },
    ],
  ];
  for (const [howMany, what, extra, expected] of mix) {
    for (let index = 0; index < howMany; index += 1) {
      const id = next();
      messages.push(onBus('load', what, order(id, extra), expected, id));
    }
  }

  // Secrets in inputs, on the happy path and on a rollback.
  for (const [what, extra, expected] of [
    ['a card number, CVV and password in the input', {}, completed],
    [
      'a bearer token and an API key in the input, declined',
      { failure: DECLINED },
      { kind: 'saga', status: 'COMPENSATED' },
    ],
  ] as const) {
    const id = next();
    const detail = order(id, {
      ...extra,
      // Flows into SendConfirmation's output (sentTo), so its redaction at rest is exercised.
      customerId: `c-${id} card ${secrets['card number']}`,
      payment: { cardNumber: secrets['card number'], cvv: '737' },
      password: secrets.password,
      headers: { Authorization: `Bearer ${secrets['bearer token']}`, 'x-api-key': secrets['api key'] },
    });
    messages.push(onBus('sensitive input', what, detail, expected, id));
  }

  // An operator's CANCELLED write on a running saga's record: it ends superseded, with the outcome beside.
  const cancelled = next();
  messages.push({
    ...onBus(
      'operator write',
      'an operator marks a running saga CANCELLED',
      order(cancelled, { failure: HANGS }),
      { kind: 'saga', status: 'CANCELLED', outcome: 'COMPENSATED' },
      cancelled,
    ),
    operatorCancels: true,
  });

  return { messages, sensitiveValues, initialStock: INITIAL_STOCK };
}

/** An EventBridge event as the trigger rule puts it on the start queue, its id the message's marker. */
function envelope(
  detail: Order | Record<string, unknown>,
  id: string,
  time = new Date().toISOString(),
): string {
  return JSON.stringify({
    version: '0',
    id,
    'detail-type': 'OrderPlaced',
    source: 'shop',
    account: '000000000000',
    time,
    region: 'us-east-1',
    resources: [],
    detail,
  });
}

function sagaFields(detail: Record<string, unknown> | Order): Partial<FaultMessage> {
  const { orderId, sku, quantity } = detail as Partial<Order>;
  return typeof orderId === 'string' && typeof sku === 'string' && typeof quantity === 'number'
    ? { orderId, sku, quantity }
    : {};
}
