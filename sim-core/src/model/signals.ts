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

export function sigset(names: Iterable<SignalName>): SignalSet {
  return [...new Set(names)].sort((a, b) => SIGNALS[a] - SIGNALS[b]);
}

export function sigsetHas(set: SignalSet, sig: SignalName): boolean {
  return set.includes(sig);
}

export function sigsetUnion(a: SignalSet, b: SignalSet): SignalSet {
  return sigset([...a, ...b]);
}

export function sigsetMinus(a: SignalSet, b: SignalSet): SignalSet {
  return a.filter((s) => !b.includes(s));
}

export type Disposition = 'default' | 'ignore' | 'handler';
