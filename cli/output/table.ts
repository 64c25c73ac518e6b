/** A column of {@link formatTable}: its heading and how a row shows in it. */
export interface Column<Row> {
  readonly heading: string;
  readonly value: (row: Row) => string | number | undefined;
  /** Numbers read best right-aligned. @default 'left' */
  readonly align?: 'left' | 'right';
}

/**
 * Rows as a plain-text table for a terminal: a heading line, then one line per row, columns two
 * spaces apart and as wide as their widest cell; an empty cell shows `-`. Hand-written: a dozen
 * lines, where a table library would bring colours and box drawing nobody greps through.
 */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) =>
    columns.map((column) => {
      const value = column.value(row);
      return value === undefined || value === '' ? '-' : String(value);
    }),
  );
  const widths = columns.map((column, index) =>
    Math.max(column.heading.length, ...cells.map((line) => line[index]?.length ?? 0)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.align === 'right' ? value.padStart(width) : value.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.heading)), ...cells.map(line)].join('\n');
}

/** A command's `--json` output: stable, two-space indented, for scripts and `jq`. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
