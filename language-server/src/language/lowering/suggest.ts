/** "did you mean" hints. */

/**
 * Edit distance counting an insertion, a deletion, a substitution or a swap of
 * two neighbouring characters as one edit (optimal string alignment), so that
 * SIGTREM is one edit from SIGTERM.
 */
export function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate, if it is close enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = typoDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** `did you mean x?`, else the list of candidates when it is short enough to read. */
export function suggest(name: string, candidates: readonly string[], what = 'known'): string | undefined {
  const c = closest(name, candidates);
  if (c !== undefined) return `did you mean ${c}?`;
  if (candidates.length === 0) return undefined;
  if (candidates.length <= 12) return `${what}: ${candidates.join(', ')}`;
  return undefined;
}
