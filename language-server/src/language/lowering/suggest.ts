/** "did you mean" hints, case-insensitive, by the edit distance sim-core's checks use (a swap of two neighbours is one edit). */
import { editDistance } from '../../../../sim-core/src/scenario/shape.js';

/** The closest candidate, if it is close enough to be a likely typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
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
