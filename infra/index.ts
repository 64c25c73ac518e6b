/** The public CDK surface of sfn-saga. */

export type {
  CountAlarmProps,
  DurationAlarmProps,
  SagaAlarmProps,
  StateStoreLatencyAlarmProps,
} from './constructs/saga-alarm-props.ts';
export { SagaOrchestrator } from './constructs/saga-orchestrator.ts';
export type {
  SagaOrchestratorProps,
  SagaTriggerProps,
} from './constructs/saga-orchestrator-props.ts';
export { SagaTable, type SagaTableProps } from './constructs/saga-table.ts';
