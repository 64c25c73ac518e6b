/** The input of an order saga, as the `OrderPlaced` event's detail carries it. */
export interface Order {
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  /** Amount in cents. */
  readonly amountCents: number;
}
