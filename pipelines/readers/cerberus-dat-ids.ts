/**
 * Duplicate detection for the source ids of one object kind (630 k 32-character hex ids per slide):
 * an open-addressing table of indices with a seeded hash, several times cheaper than a Set of strings.
 */

/** Longest probe sequence before giving up on the table (hostile collisions) and using a Set. */
const MAX_PROBES = 64;

/** Index of the first id in ids[0..count-1] that equals an earlier one, -1 when all are distinct. */
export function findFirstDuplicate(ids: readonly string[], count: number): number {
  if (count < 2) return -1;
  const seed = (Math.random() * 0x1_0000_0000) >>> 0;
  // hashing first and probing after lets the CPU overlap the table's cache misses
  const idHashes = new Int32Array(count);
  for (let i = 0; i < count; i++) idHashes[i] = hashString(ids[i]!, seed);
  const size = 2 ** Math.ceil(Math.log2(count * 2));
  const mask = size - 1;
  const table = new Int32Array(size);
  for (let i = 0; i < count; i++) {
    const hash = idHashes[i]!;
    let slot = hash & mask;
    for (let probes = 0; ; probes++) {
      const other = table[slot]!;
      if (other === 0) {
        table[slot] = i + 1;
        break;
      }
      // distinct strings cost far more to compare than their hashes
      if (idHashes[other - 1] === hash && ids[other - 1] === ids[i]) return i;
      if (probes === MAX_PROBES) return findFirstDuplicateWithSet(ids, count);
      slot = (slot + 1) & mask;
    }
  }
  return -1;
}

function findFirstDuplicateWithSet(ids: readonly string[], count: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (seen.has(ids[i]!)) return i;
    seen.add(ids[i]!);
  }
  return -1;
}

/**
 * FNV-1a from a random basis over the first and last 8 UTF-16 code units (64 random bits of a uuid4 hex
 * id; ids alike there only make probes long, and long probes fall back to a Set), then murmur3's finaliser.
 */
function hashString(text: string, seed: number): number {
  const length = text.length;
  let h = seed ^ length;
  if (length <= 16) {
    for (let i = 0; i < length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  } else {
    for (let i = 0; i < 8; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    for (let i = length - 8; i < length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
