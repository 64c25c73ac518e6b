import { defineSaga, lambda } from 'sfn-saga';

/**
 * Places an order: reserve the stock, charge the card, ship. Shipping cannot be undone (the pivot):
 * a failure before it rolls back what was done, last first; a failure after it is retried forward.
 * Handler entries are paths from this project's root.
 */
export const orderSaga = defineSaga({
  name: 'OrderSaga',
  steps: [
    {
      name: 'ReserveStock',
      action: lambda('src/handlers/reserve-stock.ts'),
      compensation: lambda('src/handlers/reserve-stock.ts', { exportName: 'release' }),
    },
    {
      name: 'ChargeCard',
      action: lambda('src/handlers/charge-card.ts'),
      compensation: lambda('src/handlers/charge-card.ts', { exportName: 'refund' }),
      timeoutSeconds: 10,
      // A charge that timed out may have gone through: refund it too.
      compensateOnTimeout: true,
    },
    { name: 'ShipOrder', action: lambda('src/handlers/ship-order.ts'), pivot: true },
  ],
});
