import { STEP_FUNCTIONS_LIMITS } from '../definition/defaults.ts';
import type { Saga } from '../definition/saga.ts';
import { worstCaseHistoryEvents } from '../validate/limits.ts';
import { DEFAULT_PRICES, type PriceTable } from './price-table.ts';
import { type SagaPath, sagaPaths } from './saga-paths.ts';

/** What a cost report assumes about how the saga runs. */
export interface CostAssumptions {
  /** Share of sagas that fail (spread evenly over the failure points). @default 0 */
  readonly failureRate?: number;
  /** Share of task attempts that fail once and succeed on their retry. @default 0 */
  readonly retryRate?: number;
  /** Duration of one Lambda step invocation. @default 100 */
  readonly lambdaDurationMs?: number;
  /** Memory of the Lambda functions (SagaOrchestrator's default). @default 256 */
  readonly lambdaMemoryMb?: number;
  /** Duration of a direct DynamoDB call (Express bills the wait). @default 10 */
  readonly dynamoDbCallMs?: number;
  /** Bytes of a step's output, which the event log and the idempotency record keep. @default 256 */
  readonly outputBytes?: number;
  /** How sagas start: an EventBridge event (the trigger rule) or a message sent to the start queue. @default 'event' */
  readonly startedBy?: 'event' | 'queue';
}

/** What one saga on a path uses, beside the state machine's own bill. */
export interface SagaUsage {
  /** Standard bills these: states entered plus retries. */
  readonly transitions: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly dynamoDbWriteUnits: number;
  /** The cancel checks' strongly consistent reads of the saga item. */
  readonly dynamoDbReadUnits: number;
  readonly eventBridgeEvents: number;
  readonly sqsRequests: number;
  /** How long an Express execution would run (it bills the duration). */
  readonly executionSeconds: number;
}

/** One path's usage and its price per million sagas. */
export interface PathCost {
  readonly path: SagaPath;
  readonly usage: SagaUsage;
  readonly dollarsPerMillion: { readonly STANDARD: number; readonly EXPRESS: number };
}

/** The whole report: every path, the expected mix, the cheaper type and the limits' headroom. */
export interface SagaCostReport {
  readonly saga: string;
  readonly assumptions: Required<CostAssumptions>;
  readonly prices: PriceTable;
  readonly paths: readonly PathCost[];
  /** The mix at `failureRate` (and `retryRate`), per saga and per million sagas. */
  readonly expected: Omit<PathCost, 'path'>;
  readonly cheaper: 'STANDARD' | 'EXPRESS';
  readonly limits: {
    readonly worstCaseHistoryEvents: number;
    readonly historyEventsLimit: number;
    /** The execution's own limit (the saga's worst case, see `executionBudget`). */
    readonly worstCaseSeconds: number;
    readonly expressLimitSeconds: number;
    readonly warnings: readonly string[];
  };
}

export const DEFAULT_COST_ASSUMPTIONS: Required<CostAssumptions> = {
  failureRate: 0,
  retryRate: 0,
  lambdaDurationMs: 100,
  lambdaMemoryMb: 256,
  dynamoDbCallMs: 10,
  outputBytes: 256,
  startedBy: 'event',
};

/** What the project's own functions take per invocation (starter, lifecycle publisher, status recorder). */
const PROJECT_FUNCTION_MS = 50;
/** Bytes an event-log item and an idempotency record hold beside the output. */
const RECORD_OVERHEAD_BYTES = 200;
/** Express bills memory in 64 MB steps; a saga's state fits the first. */
const EXPRESS_MEMORY_GB = 64 / 1024;
const EXPRESS_LIMIT_SECONDS = 300;
/** Share of a limit past which the report warns. */
const WARN_AT = 0.8;

/**
 * What a saga costs per million runs, path by path and for the expected mix, on Standard and on
 * Express: the state machine's transitions (or requests and duration), the Lambda invocations and
 * GB-seconds of its steps and of the project's own functions, the DynamoDB writes (the start, the
 * event log, the idempotency records, the record, direct calls, the TTL pass) and reads (the cancel checks), the lifecycle and
 * trigger events, and the start queue's requests. Pure: a saga and assumptions in, numbers out.
 */
export function sagaCost(
  saga: Saga,
  assumptions: CostAssumptions = {},
  prices: PriceTable = DEFAULT_PRICES,
): SagaCostReport {
  const rules = { ...DEFAULT_COST_ASSUMPTIONS, ...assumptions };
  const paths = sagaPaths(saga).map((path) => {
    const usage = usageOf(path, rules);
    return { path, usage, dollarsPerMillion: dollarsPerMillion(usage, prices) };
  });
  const [happy, ...failures] = paths;
  const expectedUsage = mix(
    (happy as PathCost).usage,
    failures.map((failure) => failure.usage),
    failures.length > 0 ? rules.failureRate : 0,
  );
  const expected = { usage: expectedUsage, dollarsPerMillion: dollarsPerMillion(expectedUsage, prices) };
  const events = worstCaseHistoryEvents(saga);
  const warnings: string[] = [];
  if (events > WARN_AT * STEP_FUNCTIONS_LIMITS.historyEvents)
    warnings.push(
      `the worst case writes ${events} history events, over ${WARN_AT * 100} % of Step Functions' ${STEP_FUNCTIONS_LIMITS.historyEvents}: lower the largest retry policies or split the saga`,
    );
  if (saga.executionTimeoutSeconds > EXPRESS_LIMIT_SECONDS)
    warnings.push(
      `the worst case runs ${saga.executionTimeoutSeconds} s, over Express's ${EXPRESS_LIMIT_SECONDS} s: on Express a long rollback would be cut short`,
    );
  return {
    saga: saga.name,
    assumptions: rules,
    prices,
    paths,
    expected,
    cheaper:
      expected.dollarsPerMillion.EXPRESS < expected.dollarsPerMillion.STANDARD ? 'EXPRESS' : 'STANDARD',
    limits: {
      worstCaseHistoryEvents: events,
      historyEventsLimit: STEP_FUNCTIONS_LIMITS.historyEvents,
      worstCaseSeconds: saga.executionTimeoutSeconds,
      expressLimitSeconds: EXPRESS_LIMIT_SECONDS,
      warnings,
    },
  };
}

function usageOf(path: SagaPath, rules: Required<CostAssumptions>): SagaUsage {
  // Transient retries: each task attempt fails once with probability `retryRate`.
  const transientLambda = path.lambdaInvocations * rules.retryRate;
  const transientDynamoDb = path.dynamoDbCalls * rules.retryRate;
  const stepInvocations = path.lambdaInvocations + transientLambda;
  const lambdaCompensated = path.lambdaCompensations > 0;
  // Status changes the lifecycle publisher handles: RUNNING, COMPENSATING (written by the step
  // runtime on the first Lambda compensation), the end.
  const statusChanges = 2 + (lambdaCompensated ? 1 : 0);
  const statusRecorder = path.recordWrites === 0 ? 1 : 0;
  const projectInvocations = 1 + statusChanges + statusRecorder;
  const gb = rules.lambdaMemoryMb / 1024;
  const lambdaGbSeconds =
    gb * ((stepInvocations * rules.lambdaDurationMs + projectInvocations * PROJECT_FUNCTION_MS) / 1000);
  const recordUnits = Math.ceil((RECORD_OVERHEAD_BYTES + rules.outputBytes) / 1024);
  // Per Lambda invocation: its event-log item, Powertools' in-progress record and its completion
  // (or deletion); the lifecycle publisher later lends each event item the saga's TTL (one write each).
  const perInvocation = recordUnits + 1 + recordUnits + 1;
  const dynamoDbWriteUnits =
    1 + // the starter's RUNNING item
    1 + // the end: the state machine's record or the status recorder's
    (lambdaCompensated ? 1 : 0) +
    stepInvocations * perInvocation +
    path.dynamoDbCalls +
    transientDynamoDb;
  const trigger = rules.startedBy === 'event' ? 1 : 0;
  const executionSeconds =
    (path.sequentialTasks.lambda * (1 + rules.retryRate) * rules.lambdaDurationMs +
      path.sequentialTasks.dynamoDb * (1 + rules.retryRate) * rules.dynamoDbCallMs) /
      1000 +
    path.retryWaitSeconds;
  return {
    transitions: path.statesEntered + path.retries + transientLambda + transientDynamoDb,
    lambdaInvocations: stepInvocations + projectInvocations,
    lambdaGbSeconds,
    dynamoDbWriteUnits,
    // Each attempt of a cancellable action reads the saga item once (transient retries too).
    dynamoDbReadUnits: path.cancelChecks * (1 + rules.retryRate),
    eventBridgeEvents: trigger + statusChanges,
    // The start message: sent (by the trigger rule or a producer), received and deleted by the starter.
    sqsRequests: 3,
    executionSeconds,
  };
}

/** The price of one saga's usage, per million sagas, on Standard and on Express. */
export function dollarsPerMillion(usage: SagaUsage, prices: PriceTable): PathCost['dollarsPerMillion'] {
  const common =
    usage.lambdaInvocations * prices.lambdaPerRequest +
    usage.lambdaGbSeconds * prices.lambdaPerGbSecond +
    usage.dynamoDbWriteUnits * prices.dynamoDbPerWriteUnit +
    usage.dynamoDbReadUnits * prices.dynamoDbPerReadUnit +
    usage.eventBridgeEvents * prices.eventBridgePerEvent +
    usage.sqsRequests * prices.sqsPerRequest;
  const standard = usage.transitions * prices.stepFunctionsStandardPerTransition;
  const express =
    prices.stepFunctionsExpressPerRequest +
    usage.executionSeconds * EXPRESS_MEMORY_GB * prices.stepFunctionsExpressPerGbSecond;
  return { STANDARD: round((common + standard) * 1e6), EXPRESS: round((common + express) * 1e6) };
}

/** The usage of a mix of sagas: the happy path's, and the failures' average weighted by `failureRate`. */
export function mix(happy: SagaUsage, failures: readonly SagaUsage[], failureRate: number): SagaUsage {
  const keys = Object.keys(happy) as (keyof SagaUsage)[];
  const average = (key: keyof SagaUsage) =>
    failures.length === 0 ? 0 : failures.reduce((sum, usage) => sum + usage[key], 0) / failures.length;
  return Object.fromEntries(
    keys.map((key) => [key, (1 - failureRate) * happy[key] + failureRate * average(key)]),
  ) as unknown as SagaUsage;
}

/** Cents are the resolution of a price per million sagas. */
function round(dollars: number): number {
  return Math.round(dollars * 100) / 100;
}
