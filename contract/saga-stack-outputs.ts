/**
 * What a deployed saga tells its operators: `SagaOrchestrator` adds one stack output per saga,
 * keyed `SfnSaga<SagaType>`, whose value is {@link SagaResources} as JSON. The `saga` CLI finds a
 * stack's sagas by these outputs (CloudFormation's DescribeStacks on AWS or LocalStack, the local
 * cloud's own description locally), so it needs no other configuration.
 */
export interface SagaResources {
  /** The saga's name (`defineSaga({ name })`). */
  readonly sagaType: string;
  readonly sagaTableName: string;
  /** The unqualified state machine ARN: executions, their ARNs and their history are found by it. */
  readonly stateMachineArn: string;
  /**
   * What starts sagas: the `live` alias (`<stateMachineArn>:live`) when the saga is deployed with
   * versions (the default); absent when it is not (start on `stateMachineArn`).
   */
  readonly startTargetArn?: string;
  readonly startQueueUrl: string;
  readonly startDeadLetterQueueUrl: string;
  readonly eventBusName: string;
  /** The status recorder's dead letters: status changes it could not write. */
  readonly statusRecorderDeadLetterQueueUrl?: string;
  /**
   * Where the starter reads a start message's business key and input (dot paths; an empty
   * `inputPath` is the whole message), so `saga start` sends what the trigger would.
   */
  readonly startMessage?: { readonly businessKeyPath: string; readonly inputPath: string };
}

/** The prefix of every saga's stack output key. */
export const SAGA_OUTPUT_PREFIX = 'SfnSaga';

/** `OrderSaga` → `SfnSagaOrderSaga` (output keys are alphanumeric). */
export function sagaOutputKey(sagaType: string): string {
  return `${SAGA_OUTPUT_PREFIX}${sagaType.replace(/[^A-Za-z0-9]/g, '')}`;
}

/**
 * The sagas a stack's outputs describe, in output-key order; outputs of other kinds are ignored.
 * @throws Error naming the output whose value is not a saga's resources
 */
export function sagaResourcesOf(outputs: Readonly<Record<string, string>>): SagaResources[] {
  return Object.entries(outputs)
    .filter(([key]) => key.startsWith(SAGA_OUTPUT_PREFIX))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new Error(`Stack output ${key} is not a saga's resources (not JSON): ${value.slice(0, 80)}`);
      }
      const resources = parsed as Partial<SagaResources>;
      const missing = (
        [
          'sagaType',
          'sagaTableName',
          'stateMachineArn',
          'startQueueUrl',
          'startDeadLetterQueueUrl',
          'eventBusName',
        ] as const
      ).filter((field) => typeof resources[field] !== 'string');
      if (missing.length > 0)
        throw new Error(
          `Stack output ${key} lacks ${missing.join(', ')}: redeploy with this version of sfn-saga`,
        );
      return resources as SagaResources;
    });
}
