/**
 * The topology of cdk-patterns' "the-saga-stepfunction" (a widely copied hand-written Step Functions
 * saga): five Lambda tasks, each failure caught into a hand-chained rollback that ends in a Fail
 * state, success ending in a Succeed state. No state is recorded anywhere. Rebuilt here from its
 * published description, as a baseline to run beside our compiled saga on the same engine.
 */
const ARN = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

const forward = ['ReserveHotel', 'ReserveFlight', 'TakePayment', 'ConfirmHotel', 'ConfirmFlight'] as const;
/** Where each forward step's failure starts the rollback (each step also undoes its own attempt). */
const rollbackEntry: Record<(typeof forward)[number], string> = {
  ReserveHotel: 'CancelHotelReservation',
  ReserveFlight: 'CancelFlightReservation',
  TakePayment: 'RefundPayment',
  ConfirmHotel: 'RefundPayment',
  ConfirmFlight: 'RefundPayment',
};
const rollback: Record<string, string> = {
  RefundPayment: 'CancelFlightReservation',
  CancelFlightReservation: 'CancelHotelReservation',
  CancelHotelReservation: 'SagaFailed',
};

export function cdkPatternsSagaDefinition() {
  const states: Record<string, unknown> = {};
  forward.forEach((name, index) => {
    states[name] = {
      Type: 'Task',
      Resource: ARN(name),
      ResultPath: `$.${name}Result`,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: `$.${name}Error`, Next: rollbackEntry[name] }],
      Next: forward[index + 1] ?? 'SagaSucceeded',
    };
  });
  for (const [name, next] of Object.entries(rollback)) {
    states[name] = {
      Type: 'Task',
      Resource: ARN(name),
      ResultPath: `$.${name}Result`,
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }],
      Next: next,
    };
  }
  states.SagaFailed = { Type: 'Fail', Error: 'SagaFailed', Cause: "Sorry, we couldn't make it work" };
  states.SagaSucceeded = { Type: 'Succeed' };
  return { StartAt: forward[0], States: states };
}

export const CDK_PATTERNS_STEPS = forward;
