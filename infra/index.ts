/** The public CDK surface of sfn-saga. */
export { SagaOrchestrator } from './constructs/saga-orchestrator.ts';
export type {
  SagaAlarmProps,
  SagaOrchestratorProps,
  SagaTriggerProps,
} from './constructs/saga-orchestrator-props.ts';
export { SagaTable, type SagaTableProps } from './constructs/saga-table.ts';
