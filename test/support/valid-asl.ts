import aslValidator from 'asl-validator';
import { expect } from 'vitest';
import type { StateMachineDefinition } from '../../statemachines/index.ts';

/** Asserts that `asl-validator` accepts the definition, showing its errors when it does not. */
export function expectValidAsl(definition: StateMachineDefinition): void {
  const { isValid, errors } = aslValidator(definition as never);
  expect(errors).toEqual([]);
  expect(isValid).toBe(true);
}
