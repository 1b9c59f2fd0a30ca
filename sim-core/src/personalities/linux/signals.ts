/**
 * sigaction, sigprocmask and kill (LINUX kernel/signal.c: do_sigaction,
 * sigprocmask, kill_something_info). Dispositions are per process, the
 * blocked mask per thread, pending per process here (the shared pending set).
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { withTask } from '../../model/copy.js';
import { isUncatchable, sigset, sigsetMinus, sigsetUnion, type Disposition, type SignalName, type SignalSet } from '../../model/signals.js';
import type { SignalState } from '../../model/state.js';
import type { ActionContext } from '../personality.js';
import { okValue } from '../common/outcomes.js';
import { setTask, terminateProcess, updateTask } from '../common/process-ops.js';
import { rememberLast } from '../../model/remember-last.js';

/** Signals whose default action is to ignore them (include/linux/signal.h: SIG_KERNEL_IGNORE_MASK). */
const DEFAULT_IGNORED: readonly SignalName[] = ['SIGCONT', 'SIGCHLD', 'SIGWINCH', 'SIGURG'];

/** sig_handler_ignored: SIG_IGN, or SIG_DFL for a signal whose default is to ignore it. */
function ignoredBy(sig: SignalName, disposition: Disposition): boolean {
  return disposition === 'ignore' || (disposition === 'default' && DEFAULT_IGNORED.includes(sig));
}
/** Default action stop; a stopped process is not modelled, they are recorded as pending-free notes. */
const DEFAULT_STOP: readonly SignalName[] = ['SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU'];

export function sigactionAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'sigaction') throw new Error('internal');
  if (isUncatchable(a.signal)) k.fail('EINVAL', `${a.signal} cannot be caught or ignored`);
  const task = taskOf(k.state, ctx.pid);
  const signals = withDisposition(task.signals, a.signal, a.disposition);
  k.change(signals === task.signals ? k.state : setTask(k.state, withTask(task, { signals })), {
    kind: 'signal-changed',
    pid: ctx.pid,
    what: 'disposition',
    detail: dispositionText(a.signal, a.disposition),
  });
  // do_sigaction: a signal that is now ignored is discarded from every pending set, blocked or not.
  if (ignoredBy(a.signal, a.disposition) && task.signals.pending.includes(a.signal)) {
    k.change(updateTask(k.state, ctx.pid, (t) => withTask(t, { signals: { ...t.signals, pending: sigsetMinus(t.signals.pending, [a.signal]) } })), {
      kind: 'signal-changed',
      pid: ctx.pid,
      what: 'pending',
      detail: `pending ${a.signal} discarded: it is ignored now`,
    });
  }
  return okValue(0);
}

/** `SIGUSR2 → handler`: one string per signal and disposition (every event that says it keeps it). */
const dispositionTexts: Partial<Record<SignalName, Partial<Record<Disposition, string>>>> = {};

function dispositionText(sig: SignalName, disposition: Disposition): string {
  const bySig = (dispositionTexts[sig] ??= {});
  return (bySig[disposition] ??= `${sig} → ${disposition === 'ignore' ? 'SIG_IGN' : disposition === 'default' ? 'SIG_DFL' : 'handler'}`);
}

/** The signal state with one disposition set: the same record when nothing changes. */
function withDisposition(from: SignalState, sig: SignalName, disposition: Disposition): SignalState {
  return (from.dispositions[sig] ?? 'default') === disposition ? from : changedDisposition(from, sig, disposition);
}

/** A program setting the same handler again and again keeps one record of the change. */
const changedDisposition = rememberLast((from: SignalState, sig: SignalName, disposition: Disposition): SignalState => {
  const dispositions: Partial<Record<SignalName, Exclude<Disposition, 'default'>>> = {};
  // In the order the spread it replaces kept: a changed signal stays where it was, a new one comes last.
  let found = false;
  for (const s in from.dispositions) {
    if (s !== sig) dispositions[s as SignalName] = from.dispositions[s as SignalName];
    else {
      found = true;
      if (disposition !== 'default') dispositions[sig] = disposition;
    }
  }
  if (!found && disposition !== 'default') dispositions[sig] = disposition;
  return { dispositions, pending: from.pending };
});

/** The same mask set again and again is described by one string. */
const maskText = rememberLast((tid: number, blocked: SignalSet): string => `thread ${tid} blocks ${blocked.join(' ') || 'nothing'}`);

function sameSigset(a: SignalSet, b: SignalSet): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function sigprocmaskAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'sigprocmask') throw new Error('internal');
  const task = taskOf(k.state, ctx.pid);
  let index = 0;
  while (task.threads[index]!.tid !== ctx.tid) index++;
  const thread = task.threads[index]!;
  let blocked: SignalSet;
  if (a.how === 'SIG_BLOCK' && a.signals.every((s) => isUncatchable(s) || thread.blocked.includes(s))) {
    // Blocking what is blocked already (a program re-arming its mask): no set to build.
    blocked = thread.blocked;
  } else {
    // SIGKILL and SIGSTOP are silently left out of any mask.
    const set = sigset(a.signals.some(isUncatchable) ? a.signals.filter((s) => !isUncatchable(s)) : a.signals);
    blocked = a.how === 'SIG_BLOCK' ? sigsetUnion(thread.blocked, set) : a.how === 'SIG_UNBLOCK' ? sigsetMinus(thread.blocked, set) : set;
  }
  // The mask as it was (blocking what is blocked already): the state does not change.
  if (blocked !== thread.blocked && sameSigset(blocked, thread.blocked)) blocked = thread.blocked;
  let s = k.state;
  if (blocked !== thread.blocked) {
    const threads = task.threads.slice();
    threads[index] = { tid: thread.tid, name: thread.name, blocked, run: thread.run };
    s = setTask(s, withTask(task, { threads }));
  }
  k.change(s, { kind: 'signal-changed', pid: ctx.pid, what: 'blocked', detail: maskText(ctx.tid, blocked) });
  // A pending signal this thread no longer blocks is delivered on the way back to user space.
  for (const sig of taskOf(k.state, ctx.pid).signals.pending) {
    if (blocked.includes(sig)) continue;
    k.change(updateTask(k.state, ctx.pid, (t) => withTask(t, { signals: { ...t.signals, pending: sigsetMinus(t.signals.pending, [sig]) } })), {
      kind: 'signal-changed',
      pid: ctx.pid,
      what: 'pending',
      detail: `${sig} unblocked: delivered`,
    });
    deliver(k, ctx.pid, sig, `${sig} was pending and is unblocked`);
    if (taskOf(k.state, ctx.pid).status.state !== 'running') break;
  }
  return okValue(0);
}

export function killAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'kill') throw new Error('internal');
  const pid = k.state.names[a.target];
  const target = pid === undefined ? undefined : k.state.tasks.get(pid);
  if (!target || target.status.state !== 'running') k.fail('ESRCH', `${a.target} is not running`);
  const sender = taskOf(k.state, ctx.pid);
  if (sender.creds.euid !== 0 && sender.creds.uid !== target.creds.uid && sender.creds.euid !== target.creds.uid && sender.creds.uid !== target.creds.suid && sender.creds.euid !== target.creds.suid) {
    k.fail('EPERM', `uid ${sender.creds.uid} may not signal ${a.target} (uid ${target.creds.uid})`);
  }
  deliver(k, target.pid, a.signal, `kill from ${ctx.action.task}`);
  return okValue(0);
}

/**
 * Sends a signal to a process (kernel/signal.c: prepare_signal, sig_ignored,
 * complete_signal). A signal blocked by every thread is never ignored — its
 * handler may change before it is unblocked — so it stays pending whatever
 * its disposition; otherwise an ignored signal is dropped, a handled one runs
 * the handler, and the default action applies.
 */
export function deliver(k: Kernel, pid: number, sig: SignalName, why: string): void {
  const task = taskOf(k.state, pid);
  const disp = task.signals.dispositions[sig] ?? 'default';
  if (sig === 'SIGKILL') return terminateProcess(k, pid, { signal: sig, reason: why });
  if (task.threads.every((t) => t.blocked.includes(sig))) {
    k.change(updateTask(k.state, pid, (t) => withTask(t, { signals: { ...t.signals, pending: sigset([...t.signals.pending, sig]) } })), {
      kind: 'signal-changed',
      pid,
      what: 'pending',
      detail: `${sig} is blocked by every thread: pending${disp === 'ignore' ? ' (a blocked signal is queued even when ignored)' : ''}`,
    });
    return;
  }
  if (ignoredBy(sig, disp)) {
    k.note(`${sig} to pid ${pid} is ignored`);
    return;
  }
  if (disp === 'handler') {
    k.note(`${sig} runs the handler of pid ${pid}`);
    return;
  }
  if (DEFAULT_STOP.includes(sig)) {
    k.note(`${sig} would stop pid ${pid}; job control is not simulated`);
    return;
  }
  terminateProcess(k, pid, { signal: sig, reason: why });
}
