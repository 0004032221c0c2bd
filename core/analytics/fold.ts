/**
 * Folding small groups, so that no report singles anyone out. Every figure about fewer than
 * MIN_GROUP people is shown as "< 5" (null in JSON); and because a table's totals would let one
 * subtract a hidden figure back out, a row or column with exactly one hidden figure and a
 * published total hides one more (the smallest), until no hidden figure can be derived from the
 * published ones. (Statistics offices call these primary and secondary suppression.)
 */
export const MIN_GROUP = 5;

export interface Cell {
  /** The figure (a count of people, or of posts…). */
  value: number;
  /** How many distinct people it is about. */
  people: number;
}

export interface ProtectOptions {
  /** The table shows each row's total (e.g. a department's staff beside its four user types). */
  rowTotals: boolean;
  /** Per column: the table shows the column's total (the organisation's figure). */
  columnTotals: readonly boolean[];
  /** Rows about fewer than MIN_GROUP people altogether: every figure in them is hidden. */
  smallRows?: ReadonlySet<number>;
}

/** Whether a figure about `people` people is hidden by itself. */
export const tooFew = (people: number): boolean => people > 0 && people < MIN_GROUP;

/** Which cells to hide: [row][column] → true. */
export function protect(cells: readonly (readonly Cell[])[], options: ProtectOptions): boolean[][] {
  const hidden = cells.map((row, r) => row.map((c) => options.smallRows?.has(r) || tooFew(c.people)));
  const columns = Math.max(0, ...cells.map((r) => r.length));
  const hideSmallest = (positions: Array<[number, number]>): boolean => {
    let best: [number, number] | undefined;
    for (const [r, c] of positions) {
      if (hidden[r]![c]) continue;
      if (!best || cells[r]![c]!.value < cells[best[0]]![best[1]]!.value) best = [r, c];
    }
    if (!best) return false;
    hidden[best[0]]![best[1]] = true;
    return true;
  };
  for (let changed = true, rounds = 0; changed && rounds < 1000; rounds++) {
    changed = false;
    if (options.rowTotals) {
      for (let r = 0; r < cells.length; r++) {
        const row = hidden[r]!;
        if (row.filter(Boolean).length === 1 && row.length > 1)
          changed = hideSmallest(row.map((_, c) => [r, c] as [number, number])) || changed;
      }
    }
    for (let c = 0; c < columns; c++) {
      if (!options.columnTotals[c]) continue;
      const positions = cells.map((_, r) => [r, c] as [number, number]).filter(([r]) => c < cells[r]!.length);
      if (positions.filter(([r]) => hidden[r]![c]).length === 1 && positions.length > 1)
        changed = hideSmallest(positions) || changed;
    }
  }
  return hidden;
}
