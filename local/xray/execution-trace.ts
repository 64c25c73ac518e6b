import type { HistoryEntry } from '../engine/history.ts';
import type { SegmentDocument } from './segment-document.ts';
import { newSegmentId, traceHeader } from './xray-ids.ts';

/** Where finished segments go (the local X-Ray daemon). */
export interface SegmentSink {
  put(document: SegmentDocument): void;
}

/** What the Lambda host reports of a failed invocation. */
interface InvocationFailure {
  readonly name: string;
  readonly message: string;
}

/**
 * The X-Ray segments of one run of a local execution, as Step Functions with tracing on records
 * them: a segment for the state machine (origin `AWS::StepFunctions::StateMachine`) with a
 * subsegment per state attempt — each Lambda task attempt one of its own — and, under each Lambda
 * attempt, the function's segment (origin `AWS::Lambda::Function`), whose id the invocation's
 * trace header names as the parent of what the function's X-Ray SDK sends.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html
 */
export class ExecutionTrace {
  private readonly segmentId = newSegmentId();
  private readonly lambdaAttempts: SegmentDocument[] = [];

  constructor(
    readonly traceId: string,
    private readonly execution: { readonly executionArn: string; readonly stateMachineArn: string },
    private readonly sink: SegmentSink,
  ) {}

  /**
   * Runs a Lambda task's invocation as one traced attempt of `stateName`: `invoke` gets the trace
   * header to hand the function (`_X_AMZN_TRACE_ID`).
   */
  async invoke<T>(
    stateName: string,
    functionName: string,
    invoke: (header: string) => Promise<T>,
  ): Promise<T> {
    const attemptId = newSegmentId();
    const functionSegmentId = newSegmentId();
    const startTime = Date.now() / 1000;
    let failure: InvocationFailure | undefined;
    try {
      return await invoke(traceHeader(this.traceId, functionSegmentId));
    } catch (error) {
      failure = failureOf(error);
      throw error;
    } finally {
      const endTime = Date.now() / 1000;
      const outcome = failure
        ? { error: true, cause: { exceptions: [{ type: failure.name, message: failure.message }] } }
        : {};
      this.lambdaAttempts.push({
        id: attemptId,
        name: stateName,
        start_time: startTime,
        end_time: endTime,
        ...outcome,
      });
      this.sink.put({
        id: functionSegmentId,
        trace_id: this.traceId,
        parent_id: attemptId,
        name: functionName,
        origin: 'AWS::Lambda::Function',
        start_time: startTime,
        end_time: endTime,
        ...outcome,
      });
    }
  }

  /**
   * Sends the state machine's segment of this run: its Lambda attempts, and a subsegment per
   * other state `history` entered (times from `startMs`, the execution's start).
   */
  finish(
    run: { readonly history: readonly HistoryEntry[]; readonly startMs: number; readonly fromMs: number },
    outcome: { readonly status: string; readonly error?: string; readonly cause?: string },
  ): void {
    const lambdaStates = new Set(this.lambdaAttempts.map((attempt) => attempt.name));
    const otherStates = stateSegments(run.history, run.startMs).filter(
      (state) => !lambdaStates.has(state.name),
    );
    const failed = outcome.status !== 'SUCCEEDED';
    this.sink.put({
      id: this.segmentId,
      trace_id: this.traceId,
      name: this.execution.stateMachineArn.split(':').at(-1) ?? this.execution.stateMachineArn,
      origin: 'AWS::StepFunctions::StateMachine',
      start_time: (run.startMs + run.fromMs) / 1000,
      end_time: Date.now() / 1000,
      aws: { execution_arn: this.execution.executionArn, state_machine_arn: this.execution.stateMachineArn },
      ...(failed
        ? {
            error: true,
            cause: { exceptions: [{ type: outcome.error ?? 'Error', message: outcome.cause ?? '' }] },
          }
        : {}),
      subsegments: [...this.lambdaAttempts, ...otherStates].sort((a, b) => a.start_time - b.start_time),
    });
  }
}

/** A subsegment per state entered: until its exit, failure or catch. */
function stateSegments(history: readonly HistoryEntry[], startMs: number): SegmentDocument[] {
  return history.flatMap((entry, index) => {
    if (entry.event !== 'entered') return [];
    const end = history
      .slice(index + 1)
      .find(
        (later) => later.state === entry.state && ['succeeded', 'failed', 'caught'].includes(later.event),
      );
    const failed = end?.event === 'failed' || end?.event === 'caught';
    return [
      {
        id: newSegmentId(),
        name: entry.state,
        start_time: (startMs + entry.atMs) / 1000,
        end_time: (startMs + (end?.atMs ?? entry.atMs)) / 1000,
        ...(failed
          ? {
              error: true,
              cause: { exceptions: [{ type: end?.error ?? 'Error', message: end?.cause ?? '' }] },
            }
          : {}),
      },
    ];
  });
}

function failureOf(error: unknown): InvocationFailure {
  if (error && typeof error === 'object' && 'errorType' in error && 'errorMessage' in error)
    return { name: String(error.errorType), message: String(error.errorMessage) };
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}
