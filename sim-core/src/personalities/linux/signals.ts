/**
 * sigaction, sigprocmask and kill (LINUX kernel/signal.c). Dispositions are per
 * process, the blocked mask per thread, pending per process here.
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { isUncatchable, sigset, sigsetMinus, sigsetUnion, type SignalName } from '../../model/signals.js';
import type { ActionContext } from '../personality.js';
import { terminateProcess, updateTask, updateThread } from '../common/process-ops.js';

/** Signals whose default action is to ignore them (kernel/signal.c: SIG_KERNEL_IGNORE_MASK). */
const DEFAULT_IGNORED: readonly SignalName[] = ['SIGCHLD', 'SIGURG', 'SIGWINCH'];
/** Default action stop; a stopped process is not modelled, they are recorded as pending-free notes. */
const DEFAULT_STOP: readonly SignalName[] = ['SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU'];

export function sigactionAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'sigaction') throw new Error('internal');
  if (isUncatchable(a.signal)) k.fail('EINVAL', `${a.signal} cannot be caught or ignored`);
  const task = taskOf(k.state, ctx.pid);
  const dispositions = { ...task.signals.dispositions };
  if (a.disposition === 'default') delete dispositions[a.signal];
  else dispositions[a.signal] = a.disposition;
  k.change(updateTask(k.state, ctx.pid, (t) => ({ ...t, signals: { ...t.signals, dispositions } })), {
    kind: 'signal-changed',
    pid: ctx.pid,
    what: 'disposition',
    detail: `${a.signal} → ${a.disposition === 'ignore' ? 'SIG_IGN' : a.disposition === 'default' ? 'SIG_DFL' : 'handler'}`,
  });
  return { ok: true, value: 0 };
}

export function sigprocmaskAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'sigprocmask') throw new Error('internal');
  const task = taskOf(k.state, ctx.pid);
  const thread = task.threads.find((t) => t.tid === ctx.tid)!;
  // SIGKILL and SIGSTOP are silently left out of any mask.
  const set = sigset(a.signals.filter((s) => !isUncatchable(s)));
  const blocked = a.how === 'SIG_BLOCK' ? sigsetUnion(thread.blocked, set) : a.how === 'SIG_UNBLOCK' ? sigsetMinus(thread.blocked, set) : set;
  k.change(updateThread(k.state, ctx.pid, ctx.tid, (t) => ({ ...t, blocked })), {
    kind: 'signal-changed',
    pid: ctx.pid,
    what: 'blocked',
    detail: `thread ${ctx.tid} blocks ${blocked.join(' ') || 'nothing'}`,
  });
  return { ok: true, value: 0 };
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
  return { ok: true, value: 0 };
}

/** Delivers a signal to a process: ignored, pending (blocked everywhere), handled, or its default action. */
export function deliver(k: Kernel, pid: number, sig: SignalName, why: string): void {
  const task = taskOf(k.state, pid);
  const disp = task.signals.dispositions[sig] ?? 'default';
  if (sig === 'SIGKILL') return terminateProcess(k, pid, { signal: sig, reason: why });
  if (disp === 'ignore' || (disp === 'default' && DEFAULT_IGNORED.includes(sig))) {
    k.note(`${sig} to pid ${pid} is ignored`);
    return;
  }
  if (task.threads.every((t) => t.blocked.includes(sig))) {
    k.change(updateTask(k.state, pid, (t) => ({ ...t, signals: { ...t.signals, pending: sigset([...t.signals.pending, sig]) } })), {
      kind: 'signal-changed',
      pid,
      what: 'pending',
      detail: `${sig} is blocked by every thread: pending`,
    });
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
