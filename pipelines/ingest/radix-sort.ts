/** A stable least-significant-digit radix sort of unsigned 32-bit keys (two 16-bit passes). */

/** Indices 0 … n-1 sorted by `keys[i]`, equal keys in index order (stable, hence deterministic). */
export function sortByKey(keys: Uint32Array, n: number): Uint32Array {
  const counts = new Uint32Array((1 << 16) + 1);
  const low = new Uint32Array(n);
  for (let i = 0; i < n; i++) counts[(keys[i]! & 0xffff) + 1]!++;
  for (let d = 0; d < 1 << 16; d++) counts[d + 1]! += counts[d]!;
  for (let i = 0; i < n; i++) low[counts[keys[i]! & 0xffff]!++] = i;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[(keys[i]! >>> 16) + 1]!++;
  for (let d = 0; d < 1 << 16; d++) counts[d + 1]! += counts[d]!;
  const order = new Uint32Array(n);
  for (let m = 0; m < n; m++) {
    const i = low[m]!;
    order[counts[keys[i]! >>> 16]!++] = i;
  }
  return order;
}
