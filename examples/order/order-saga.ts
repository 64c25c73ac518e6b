import { defineSaga, dynamoDb, exponentialBackoff, lambda } from '../../statemachines/index.ts';

/** Logical name of the inventory table the saga reserves stock in (bound to a real table at deploy). */
export const INVENTORY_TABLE = 'Inventory';

/**
 * The example order saga: reserve inventory (a direct DynamoDB call), charge payment, create the
 * shipment (the pivot), send the confirmation.
 *
 * Reserving decrements the SKU's stock on condition that enough is left, so an order for more than
 * the stock fails terminally (`DynamoDB.ConditionalCheckFailedException`) and nothing is retried.
 */
export const orderSaga = defineSaga({
  name: 'OrderSaga',
  description: 'Places an order: reserve stock, charge, ship, confirm.',
  timeoutSeconds: 300,
  // The starter refuses (dead-letters, with the reason) an order this saga cannot place.
  inputSchema: {
    type: 'object',
    required: ['orderId', 'customerId', 'sku', 'quantity', 'amountCents'],
    properties: {
      orderId: { type: 'string', minLength: 1 },
      customerId: { type: 'string', minLength: 1 },
      sku: { type: 'string', minLength: 1 },
      quantity: { type: 'integer', minimum: 1 },
      amountCents: { type: 'integer', minimum: 0 },
    },
  },
  steps: [
    {
      name: 'ReserveInventory',
      action: dynamoDb.updateItem(INVENTORY_TABLE, {
        Key: { sku: { 'S.$': '$.input.sku' } },
        UpdateExpression: 'SET stock = stock - :quantity',
        ConditionExpression: 'stock >= :quantity',
        ExpressionAttributeValues: { ':quantity': { 'N.$': 'States.JsonToString($.input.quantity)' } },
        ReturnValues: 'UPDATED_NEW',
      }),
      compensation: dynamoDb.updateItem(INVENTORY_TABLE, {
        Key: { sku: { 'S.$': '$.input.sku' } },
        UpdateExpression: 'SET stock = stock + :quantity',
        ExpressionAttributeValues: { ':quantity': { 'N.$': 'States.JsonToString($.input.quantity)' } },
      }),
      terminalErrors: ['DynamoDB.ConditionalCheckFailedException'],
      timeoutSeconds: 10,
    },
    {
      name: 'ChargePayment',
      action: lambda('examples/order/handlers/charge-payment.ts'),
      compensation: lambda('examples/order/handlers/refund-payment.ts'),
      retry: exponentialBackoff('payment', {
        maxAttempts: 3,
        initialIntervalSeconds: 1,
        maxIntervalSeconds: 10,
        multiplier: 2,
        jitter: true,
      }),
      timeoutSeconds: 5,
      // A timed-out charge may have gone through: refund it too.
      compensateOnTimeout: true,
    },
    {
      name: 'CreateShipment',
      action: lambda('examples/order/handlers/create-shipment.ts'),
      pivot: true,
    },
    {
      name: 'SendConfirmation',
      action: lambda('examples/order/handlers/send-confirmation.ts'),
    },
  ],
});
