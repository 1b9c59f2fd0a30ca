/**
 * `make`, remembering the value it made last: called again with the same
 * arguments (compared with ===), it gives back that value instead of a new
 * one. Records in a state are never changed, so a program that does the same
 * thing again and again (the same exec, the same handler set before it)
 * shares one record or text instead of keeping a copy per statement for the
 * whole run. It holds one entry: it never grows.
 */
export function rememberLast<A extends unknown[], R>(make: (...args: A) => R): (...args: A) => R {
  let last: A | undefined;
  let value: R;
  return (...args: A): R => {
    if (last !== undefined && sameArgs(last, args)) return value;
    value = make(...args);
    last = args;
    return value;
  };
}

function sameArgs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
