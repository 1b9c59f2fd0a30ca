/** Signal names with Linux x86-64 numbers (include/uapi/asm-generic/signal.h). */
export const SIGNALS = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
  SIGSTKFLT: 16, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22,
  SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29,
  SIGPWR: 30, SIGSYS: 31,
} as const;

export type SignalName = keyof typeof SIGNALS;

export const SIGNAL_NAMES = Object.keys(SIGNALS) as SignalName[];

export function isSignalName(name: string): name is SignalName {
  return Object.prototype.hasOwnProperty.call(SIGNALS, name);
}

/** SIGKILL and SIGSTOP can be neither caught, ignored nor blocked. */
export function isUncatchable(sig: SignalName): boolean {
  return sig === 'SIGKILL' || sig === 'SIGSTOP';
}

/** A set of signals, kept sorted by number so that equal sets print and compare equally. */
export type SignalSet = readonly SignalName[];

/**
 * The set of the given signals. Built through a bit mask over the signal
 * numbers (as the kernel's sigset_t is), not a Set and a sort: the names come
 * out in number order with each once.
 */
export function sigset(names: Iterable<SignalName>): SignalSet {
  const list: readonly SignalName[] = Array.isArray(names) ? names : [...names];
  let mask = 0;
  for (let i = 0; i < list.length; i++) {
    const n = SIGNALS[list[i]!] as number | undefined;
    // Not a signal name (the validator lets none through): kept, as the sort always did.
    if (n === undefined) return [...new Set(list)].sort((a, b) => SIGNALS[a] - SIGNALS[b]);
    mask |= 1 << (n - 1);
  }
  return fromMask(mask);
}

/** Signal numbers 1..31 as bits 0..30. */
function fromMask(mask: number): SignalSet {
  const out: SignalName[] = [];
  for (let n = 1; mask !== 0; n++, mask >>>= 1) if (mask & 1) out.push(SIGNAL_NAMES[n - 1]!);
  return out;
}

export function sigsetHas(set: SignalSet, sig: SignalName): boolean {
  return set.includes(sig);
}

/** The union; `a` itself when it holds every signal of `b` already (sets are never changed in place). */
export function sigsetUnion(a: SignalSet, b: SignalSet): SignalSet {
  let i = 0;
  while (i < b.length && a.includes(b[i]!)) i++;
  if (i === b.length) return a;
  return sigset([...a, ...b]);
}

/** `a` without the signals of `b`; `a` itself when it holds none of them. */
export function sigsetMinus(a: SignalSet, b: SignalSet): SignalSet {
  let i = 0;
  while (i < b.length && !a.includes(b[i]!)) i++;
  if (i === b.length) return a;
  return a.filter((s) => !b.includes(s));
}

export type Disposition = 'default' | 'ignore' | 'handler';
