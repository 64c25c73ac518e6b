import { describe, expect, it } from 'vitest';
import {
  type EventPattern,
  matchesEventPattern,
  validateEventPattern,
} from '../../../local/eventbridge/index.ts';

/** One row: a pattern, an event, and whether EventBridge matches them. */
export interface MatchCase {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly event: unknown;
  readonly matches: boolean;
}

/** Tables of cases, one per documentation section. */
export type MatchTables = { readonly [section: string]: readonly MatchCase[] };

/** Runs each table as a `describe` of `it.each` rows, and checks that every pattern in them is valid. */
export function describeMatchTables(title: string, tables: MatchTables): void {
  describe(title, () => {
    for (const [section, cases] of Object.entries(tables)) {
      describe(section, () => {
        it.each(cases)('$name', ({ pattern, event, matches }) => {
          // Act
          const result = matchesEventPattern(pattern, event);
          // Assert
          expect(result).toBe(matches);
        });
      });
    }

    it('accepts every pattern of these tables as valid', () => {
      // Arrange
      const patterns = Object.values(tables).flatMap((cases) => cases.map((row) => row.pattern));
      // Act
      const problems = patterns.flatMap((pattern) => validateEventPattern(pattern));
      // Assert
      expect(problems).toEqual([]);
    });
  });
}
