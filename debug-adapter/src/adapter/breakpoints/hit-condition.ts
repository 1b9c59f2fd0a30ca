/**
 * Hit conditions: `5` or `== 5` (the 5th hit), `>= 5`, `> 5`, `< 5`, `<= 5`,
 * `% 5` (every 5th). Hits are counted on the tape — the events before the
 * cursor where the breakpoint matched and its condition held — so a count is
 * the same however the cursor got there, forwards or backwards.
 */
export interface HitCondition {
  readonly text: string;
  test(count: number): boolean;
}

export function parseHitCondition(text: string): HitCondition {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*([0-9]+)\s*$/.exec(text);
  if (!m) throw new Error(`hit count "${text}" is not understood: write a number (the Nth hit), or >= N, > N, < N, <= N, % N`);
  const op = m[1] ?? '==';
  const n = Number(m[2]);
  if (op === '%' && n === 0) throw new Error('hit count "% 0" divides by zero');
  const test = {
    '==': (c: number) => c === n,
    '>=': (c: number) => c >= n,
    '<=': (c: number) => c <= n,
    '>': (c: number) => c > n,
    '<': (c: number) => c < n,
    '%': (c: number) => c > 0 && c % n === 0,
  }[op]!;
  return { text: `${op} ${n}`, test };
}
