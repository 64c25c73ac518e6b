import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { orderScenarios } from './order-scenarios.ts';

/** Where each full-stack suite takes its scenario list from, read from the suite's own source. */
async function scenarioSourceOf(file: string): Promise<string[]> {
  const source = await readFile(new URL(file, import.meta.url), 'utf8');
  return [...source.matchAll(/import\s*\{[^}]*\borderScenarios\b[^}]*\}\s*from\s*'([^']+)'/g)].map(
    (match) => match[1] ?? '',
  );
}

describe('the full-stack suites', () => {
  it('both take their scenario list from the shared scenario module (one definition, two backends)', async () => {
    // Act
    const localCloud = await scenarioSourceOf('../local-cloud/order-scenarios.test.ts');
    const localStack = await scenarioSourceOf('../localstack/localstack-scenarios.ts');
    // Assert
    expect(localCloud).toEqual(['../scenarios/order-scenarios.ts']);
    expect(localStack).toEqual(['../scenarios/order-scenarios.ts']);
  });

  it('have scenarios with distinct names, so each is its own test', () => {
    const names = orderScenarios.map((scenario) => scenario.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(6);
  });
});
