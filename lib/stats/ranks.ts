/** Average ranks (1-based, ties share the mean of their positions) plus the size of every tie group. */
export interface RankedValues {
  ranks: number[];
  tieSizes: number[];
}

/** Ranks values with ties averaged, as scipy.stats.rankdata(method='average') and R's rank(). */
export function rankWithTies(values: readonly number[]): RankedValues {
  const order = values.map((_, index) => index).sort((left, right) => values[left]! - values[right]!);
  const ranks = new Array<number>(values.length).fill(0);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let position = start; position < end; position++) ranks[order[position]!] = averageRank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/** Σ (t³ − t) over tie groups, the tie term shared by the Mann–Whitney and Kruskal–Wallis corrections. */
export function tieTerm(tieSizes: readonly number[]): number {
  return tieSizes.reduce((sum, size) => sum + size * size * size - size, 0);
}
