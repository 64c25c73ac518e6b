import type { Order } from '../order.ts';

/** The event the compiled state machine passes to each step of the order saga. */
export interface OrderStepEvent {
  readonly saga: { readonly id: string; readonly type: string; readonly businessKey: string };
  readonly step: string;
  readonly phase: 'action' | 'compensation';
  readonly attempt: number;
  readonly input: Order;
  readonly steps: Readonly<Record<string, unknown>>;
}
