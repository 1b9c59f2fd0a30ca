/**
 * The "#!" line of a script: the first word names the interpreter, the rest
 * of the line (trimmed) is its one optional argument. What exec does with
 * that argument is the proposal's open question; this only reads the line.
 */
export interface Hashbang {
  readonly interpreter: string;
  readonly arg?: string;
}

export function parseHashbang(text: string): Hashbang | undefined {
  if (!text.startsWith('#!')) return undefined;
  const end = text.indexOf('\n');
  const line = (end < 0 ? text.slice(2) : text.slice(2, end)).trim();
  if (line === '') return undefined;
  const blank = line.search(/[ \t]/);
  if (blank < 0) return { interpreter: line };
  const arg = line.slice(blank).trim();
  return { interpreter: line.slice(0, blank), ...(arg ? { arg } : {}) };
}
