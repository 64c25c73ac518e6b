import { describe, expect, it } from 'vitest';
import { orderScenarios } from '../scenarios/order-scenarios.ts';
import { localStackScenarioNames, localStackScenarios } from './localstack-scenarios.ts';

describe('the scenarios of the LocalStack suite', () => {
  it('come from the shared module itself, not a copy (one definition, two backends)', () => {
    // Assert
    expect(localStackScenarios).toBe(orderScenarios);
  });

  it('have names that tell them apart, so each is its own test', () => {
    // Act
    const names = localStackScenarioNames();
    // Assert
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });
});
