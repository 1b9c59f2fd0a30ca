/** Checks of the words a statement names: signals, errnos, flags, commands. */
import type { AstNode } from 'langium';
import { isSignalName, SIGNAL_NAMES, type SignalName } from '../../../../sim-core/src/model/signals.js';
import { ERRNO_NAMES, isErrno, type Errno } from '../../../../sim-core/src/model/errno.js';
import { textOf, type LoweringContext } from './context.js';
import { suggest } from './suggest.js';

export function signalName(name: string | undefined, cx: LoweringContext, node: AstNode, property: string, index?: number): SignalName | undefined {
  if (name === undefined) return undefined;
  if (isSignalName(name)) return name;
  cx.error('unknown-name', `unknown signal ${name}`, suggest(name, SIGNAL_NAMES) ?? 'signal names are SIGHUP, SIGINT, …, SIGSYS (signal(7))', node, property, index);
  return undefined;
}

/** A node with the Signals fragment: `signals` or `none`. */
export type WithSignals = AstNode & { signals: string[]; none: boolean };

export function signalSet(set: WithSignals | undefined, cx: LoweringContext): SignalName[] | undefined {
  if (!set) return undefined;
  if (set.none) return [];
  const out: SignalName[] = [];
  let ok = true;
  set.signals.forEach((s, i) => {
    const sig = signalName(s, cx, set, 'signals', i);
    if (sig) out.push(sig);
    else ok = false;
  });
  return ok ? out : undefined;
}

export function errnoName(name: string | undefined, cx: LoweringContext, node: AstNode, property: string): Errno | undefined {
  if (name === undefined) return undefined;
  if (isErrno(name)) return name;
  cx.error('unknown-name', `unknown errno ${name}`, suggest(name, ERRNO_NAMES) ?? 'errno names are ENOENT, EACCES, … (errno(3))', node, property);
  return undefined;
}

/** One of a closed list of words (a command, a resource, a how). */
export function oneOf<T extends string>(word: string | undefined, allowed: readonly T[], what: string, cx: LoweringContext, node: AstNode, property: string): T | undefined {
  if (word === undefined) return undefined;
  if ((allowed as readonly string[]).includes(word)) return word as T;
  cx.error('unknown-name', `unknown ${what} ${word}`, suggest(word, allowed, `${what}s`), node, property);
  return undefined;
}

/** FLAG|FLAG (the Flags fragment): each flag one of `allowed`, none twice. No flags is the empty set. */
export function flagSet<T extends string>(set: AstNode & { flags: string[] }, allowed: readonly T[], what: string, cx: LoweringContext): T[] | undefined {
  const out: T[] = [];
  let ok = true;
  set.flags.forEach((f, i) => {
    if (!(allowed as readonly string[]).includes(f)) {
      cx.error('unknown-name', `unknown ${what} ${f}`, suggest(f, allowed, `${what}s`), set, 'flags', i);
      ok = false;
    } else if (out.includes(f as T)) {
      cx.error('bad-value', `${f} is given twice`, undefined, set, 'flags', i);
      ok = false;
    } else out.push(f as T);
  });
  return ok ? out : undefined;
}

/**
 * An octal number as written (0755, 022). The INT token's value has lost its
 * leading zeros, which octal does not need; its decimal digits are read as octal.
 */
export function octal(value: number | undefined, what: string, cx: LoweringContext, node: AstNode, property: string): number | undefined {
  if (value === undefined) return undefined;
  const digits = String(value);
  if (!/^[0-7]+$/.test(digits)) {
    const written = textOf(node, property) ?? digits;
    cx.error('not-octal', `${what} ${written} is not an octal number`, `${what}s are octal: digits 0 to 7, e.g. ${what === 'umask' ? '022' : '0755'}`, node, property);
    return undefined;
  }
  return parseInt(digits, 8);
}
