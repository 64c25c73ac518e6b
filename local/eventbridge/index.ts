/**
 * Amazon EventBridge event patterns (content filtering), matched locally with EventBridge's semantics.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export type {
  AnythingBut,
  CompiledEventPattern,
  ContentFilter,
  EventPattern,
  EventPatternLeaf,
  EventPatternScalar,
  IgnoreCase,
} from './event-pattern.ts';
export { matchesEventPattern, parseEventPattern, validateEventPattern } from './parse-pattern.ts';
export {
  describeEventPatternProblem,
  type EventPatternProblem,
  InvalidEventPatternError,
} from './problems.ts';
