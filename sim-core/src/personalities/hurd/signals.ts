/**
 * Hurd signal numbers (GLIBC sysdeps/mach/hurd/bits/signum-arch.h with the
 * generic ones from bits/signum-generic.h) and the int-array bit masks
 * (__sigmask(sig) = 1 << (sig - 1)). SIGSTKFLT and SIGPWR do not exist here.
 */
import type { SignalName, SignalSet } from '../../model/signals.js';
import { sigset } from '../../model/signals.js';

export const HURD_SIGNALS: Partial<Record<SignalName, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGFPE: 8, SIGKILL: 9,
  SIGBUS: 10, SIGSEGV: 11, SIGSYS: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGURG: 16,
  SIGSTOP: 17, SIGTSTP: 18, SIGCONT: 19, SIGCHLD: 20, SIGTTIN: 21, SIGTTOU: 22, SIGIO: 23,
  SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGUSR1: 30, SIGUSR2: 31,
};

export function isHurdSignal(sig: SignalName): boolean {
  return HURD_SIGNALS[sig] !== undefined;
}

/** The int-array form of a signal set (unsigned 32 bits). */
export function sigmask(set: SignalSet): number {
  let bits = 0;
  for (const s of set) {
    const n = HURD_SIGNALS[s];
    if (n !== undefined) bits |= 1 << (n - 1);
  }
  return bits >>> 0;
}

export function sigsetOfMask(bits: number): SignalSet {
  const out: SignalName[] = [];
  for (const [name, n] of Object.entries(HURD_SIGNALS) as Array<[SignalName, number]>) if (bits & (1 << (n - 1))) out.push(name);
  return sigset(out);
}

/** _hurdsig_traced after PTRACE_TRACEME: every bit (glibc: "sets all bits"). */
export const ALL_SIGNALS = 0xffffffff;

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}
