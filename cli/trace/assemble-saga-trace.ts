import { STEP_SUBSEGMENT_PREFIX, TRACE_ANNOTATIONS } from '../../contract/trace-annotations.ts';
import type { SegmentDocument } from '../../local/xray/segment-document.ts';

/** The origin of the segment Step Functions records for an execution. */
const STATE_MACHINE_ORIGIN = 'AWS::StepFunctions::StateMachine';

/** One node of a saga's trace: the saga itself, a step attempt, a compensation, or another state. */
export interface SagaTraceNode {
  readonly kind: 'saga' | 'step' | 'compensation' | 'state';
  /** The saga id, the step, or the state's name. */
  readonly name: string;
  /** On a step or compensation: its attempt, from 1. */
  readonly attempt?: number;
  /** On a compensation: the step it undoes. */
  readonly undoes?: string;
  /** ISO time it started. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** The error recorded on the segment that failed. */
  readonly error?: { readonly type: string; readonly message: string };
  /** The X-Ray annotations of the step's subsegment. */
  readonly annotations?: Readonly<Record<string, string | number | boolean>>;
  readonly children: readonly SagaTraceNode[];
}

/** A saga's trace: the trace ids it was read from and its tree. */
export interface SagaTrace {
  readonly traceIds: readonly string[];
  readonly root: SagaTraceNode;
}

/** A document with where it sits: its parent's id, and its trace. */
interface Placed {
  readonly document: SegmentDocument;
  readonly parentId: string | undefined;
  readonly traceId: string | undefined;
}

/**
 * Assembles a saga's tree from the X-Ray documents of its traces (as `BatchGetTraces` returns
 * them, subsegments nested or sent on their own): the root is the saga — the state machine's
 * segments, its execution; each child a state attempt in order of start. A state attempt that
 * ran a step's code (a `### <Step> <phase>` subsegment somewhere under it) is that step's attempt,
 * or a compensation marked with the step it undoes, with the step subsegment's annotations and
 * error; the others are the saga's own states. Step subsegments under no state (state machine
 * tracing off) are children of the root. Documents of other sagas are ignored.
 */
export function assembleSagaTrace(sagaId: string, documents: readonly SegmentDocument[]): SagaTrace {
  const placed = documents.flatMap((document) => place(document, document.parent_id, document.trace_id));
  const byId = new Map(placed.map((entry) => [entry.document.id, entry]));
  const machines = placed.filter((entry) => entry.document.origin === STATE_MACHINE_ORIGIN);
  const machineIds = new Set(machines.map((entry) => entry.document.id));
  const stateAttempts = placed.filter(
    (entry) => entry.parentId !== undefined && machineIds.has(entry.parentId),
  );
  const steps = placed.filter(
    (entry) =>
      entry.document.name.startsWith(STEP_SUBSEGMENT_PREFIX) &&
      entry.document.annotations?.[TRACE_ANNOTATIONS.sagaId] === sagaId,
  );
  const stepOfAttempt = new Map<string, Placed>();
  const unplaced: Placed[] = [];
  for (const step of steps) {
    const attempt = ancestorIn(step, byId, new Set(stateAttempts.map((entry) => entry.document.id)));
    if (attempt) stepOfAttempt.set(attempt.document.id, step);
    else unplaced.push(step);
  }
  const attemptCounts = new Map<string, number>();
  const children = [
    ...stateAttempts.map((attempt) => ({ attempt, step: stepOfAttempt.get(attempt.document.id) })),
    ...unplaced.map((step) => ({ attempt: step, step })),
  ]
    .sort((a, b) => a.attempt.document.start_time - b.attempt.document.start_time)
    .map(({ attempt, step }) => node(attempt.document, step?.document, attemptCounts));
  const traceIds = [...new Set(placed.map((entry) => entry.traceId).filter((id) => id !== undefined))];
  const rootDocuments =
    machines.length > 0 ? machines.map((entry) => entry.document) : steps.map((entry) => entry.document);
  return { traceIds, root: rootNode(sagaId, rootDocuments, steps, children) };
}

function place(
  document: SegmentDocument,
  parentId: string | undefined,
  traceId: string | undefined,
): Placed[] {
  const here = { document, parentId: document.parent_id ?? parentId, traceId: document.trace_id ?? traceId };
  return [here, ...(document.subsegments ?? []).flatMap((child) => place(child, document.id, here.traceId))];
}

function ancestorIn(
  entry: Placed,
  byId: ReadonlyMap<string, Placed>,
  wanted: ReadonlySet<string>,
): Placed | undefined {
  const seen = new Set<string>();
  let current: Placed | undefined = entry;
  while (current && !seen.has(current.document.id)) {
    if (wanted.has(current.document.id)) return current;
    seen.add(current.document.id);
    current = current.parentId === undefined ? undefined : byId.get(current.parentId);
  }
  return undefined;
}

function node(
  attempt: SegmentDocument,
  step: SegmentDocument | undefined,
  attemptCounts: Map<string, number>,
): SagaTraceNode {
  const timing = timingOf([attempt]);
  const error = errorOf(step) ?? errorOf(attempt);
  if (!step)
    return { kind: 'state', name: attempt.name, ...timing, ...(error ? { error } : {}), children: [] };
  const annotations = step.annotations ?? {};
  const name = String(annotations[TRACE_ANNOTATIONS.step] ?? step.name.slice(STEP_SUBSEGMENT_PREFIX.length));
  const phase = String(annotations[TRACE_ANNOTATIONS.phase] ?? 'action');
  const key = `${name} ${phase}`;
  const count = (attemptCounts.get(key) ?? 0) + 1;
  attemptCounts.set(key, count);
  const annotated = annotations[TRACE_ANNOTATIONS.attempt];
  const undoes = annotations[TRACE_ANNOTATIONS.compensates];
  return {
    kind: phase === 'compensation' ? 'compensation' : 'step',
    name,
    attempt: typeof annotated === 'number' ? annotated + 1 : count,
    ...(phase === 'compensation' ? { undoes: String(undoes ?? name) } : {}),
    ...timing,
    ...(error ? { error } : {}),
    annotations,
    children: [],
  };
}

function rootNode(
  sagaId: string,
  documents: readonly SegmentDocument[],
  steps: readonly Placed[],
  children: readonly SagaTraceNode[],
): SagaTraceNode {
  const last = [...documents].sort((a, b) => a.start_time - b.start_time).at(-1);
  const error = errorOf(last);
  const sagaType = steps[0]?.document.annotations?.[TRACE_ANNOTATIONS.sagaType];
  return {
    kind: 'saga',
    name: sagaId,
    ...timingOf(documents),
    ...(error ? { error } : {}),
    ...(sagaType === undefined ? {} : { annotations: { [TRACE_ANNOTATIONS.sagaType]: sagaType } }),
    children,
  };
}

function timingOf(documents: readonly SegmentDocument[]): { startedAt: string; durationMs: number } {
  if (documents.length === 0) return { startedAt: new Date(0).toISOString(), durationMs: 0 };
  const start = Math.min(...documents.map((document) => document.start_time));
  const end = Math.max(...documents.map((document) => document.end_time ?? document.start_time));
  return { startedAt: new Date(start * 1000).toISOString(), durationMs: Math.round((end - start) * 1000) };
}

function errorOf(document: SegmentDocument | undefined): SagaTraceNode['error'] {
  if (!document || !(document.error || document.fault)) return undefined;
  const exception = document.cause?.exceptions?.[0];
  return { type: exception?.type ?? 'Error', message: exception?.message ?? '' };
}
