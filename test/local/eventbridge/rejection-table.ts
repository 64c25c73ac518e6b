import { describe, expect, it } from 'vitest';
import { validateEventPattern } from '../../../local/eventbridge/index.ts';

/** One filter EventBridge rejects, and the problem it gets. */
export interface RejectionCase {
  readonly name: string;
  readonly filter: unknown;
  /** The problem's path below `$.detail.field[0]`. */
  readonly at: string;
  readonly says: RegExp;
}

/** Tables of rejected filters, one per operator. */
export type RejectionTables = { readonly [operator: string]: readonly RejectionCase[] };

/** Puts each filter in a leaf, `{ detail: { field: [filter] } }`, and expects exactly its one problem. */
export function describeRejectionTables(title: string, tables: RejectionTables): void {
  describe(title, () => {
    for (const [operator, cases] of Object.entries(tables)) {
      describe(operator, () => {
        it.each(cases)('rejects $name', ({ filter, at, says }) => {
          // Arrange
          const pattern = { detail: { field: [filter] } };
          // Act
          const problems = validateEventPattern(pattern);
          // Assert
          expect(problems).toHaveLength(1);
          expect(problems[0]).toMatchObject({
            path: `$.detail.field[0]${at}`,
            problem: expect.stringMatching(says),
          });
        });
      });
    }
  });
}
