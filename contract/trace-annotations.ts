/**
 * How a saga's trace is marked, shared by the step runtime (which writes it) and `saga trace`
 * (which reads it, on AWS X-Ray and on the local cloud): each run of a step's code is an X-Ray
 * subsegment named `### <Step> <phase>`, carrying these annotations.
 * @see https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-annotations
 */
export const TRACE_ANNOTATIONS = {
  /** The saga id: what `saga trace` filters traces by (`annotation.sagaId = "<id>"`). */
  sagaId: 'sagaId',
  sagaType: 'sagaType',
  /** The step the subsegment runs. */
  step: 'step',
  /** `action` or `compensation`. */
  phase: 'phase',
  /** The attempt, counted from 0 as the step envelope's `attempt` (a retry is 1 or more). */
  attempt: 'attempt',
  /** On a compensation: the step whose action it undoes. */
  compensates: 'compensates',
} as const;

/** The start of the name of a step's subsegment: `### <Step> <phase>`. */
export const STEP_SUBSEGMENT_PREFIX = '### ';

/** The X-Ray filter expression of one saga's traces. */
export function sagaTraceFilter(sagaId: string): string {
  return `annotation.${TRACE_ANNOTATIONS.sagaId} = "${sagaId.replaceAll('"', '\\"')}"`;
}
