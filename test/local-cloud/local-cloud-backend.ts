import type { LocalCloud } from '../../local/cloud/local-cloud.ts';
import type { SagaBackend } from '../scenarios/saga-backend.ts';

/** The example stack on the local cloud, as the shared scenarios drive it (names from the stack outputs). */
export function localCloudBackend(cloud: LocalCloud): SagaBackend {
  const output = (name: string) => {
    const value = cloud.outputs[name];
    if (!value)
      throw new Error(
        `The example stack has no output ${name}; outputs: ${Object.keys(cloud.outputs).join(', ')}`,
      );
    return value;
  };
  return {
    name: 'the local cloud',
    clients: {
      dynamoDb: cloud.clients.dynamoDb,
      sqs: cloud.clients.sqs,
      eventBridge: cloud.clients.eventBridge,
    },
    resources: {
      eventBusName: output('OrdersEventBus'),
      sagaTableName: output('OrdersSagaTable'),
      inventoryTableName: output('OrdersInventoryTable'),
      startDeadLetterQueueUrl: output('OrdersStartDeadLetters'),
      lifecycleSubscriberQueueUrl: output('OrdersLifecycleSubscriber'),
    },
    waitTimeoutMs: 30_000,
    expiresItems: true,
  };
}
