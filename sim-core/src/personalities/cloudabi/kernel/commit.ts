/**
 * The end of do_execve (FBSD sys/kern/kern_exec.c; sys/kern/kern_sig.c:
 * execsigs, sig_drop_caught): signals, name, vfork parent, credentials and the
 * text vnode of the new program.
 */
import type { Kernel } from '../../../engine/kernel.js';
import { taskOf } from '../../../model/fds.js';
import { basename } from '../../../model/filesystem.js';
import { sigset, sigsetMinus, type SignalName } from '../../../model/signals.js';
import { releaseVforkParent, updateTask } from '../../common/process-ops.js';
import type { ImageParams } from './image-params.js';
import { MAXCOMLEN } from './limits.js';

/** Signals whose default action is to ignore them (FBSD kern_sig.c: sigproptbl, SIGPROP_IGNORE). */
const DEFAULT_IGNORED: readonly SignalName[] = ['SIGURG', 'SIGCONT', 'SIGCHLD', 'SIGIO', 'SIGWINCH'];

/**
 * execsigs → sig_drop_caught: a caught signal goes back to SIG_DFL, and if
 * its default is to ignore it a pending one is dropped; ignored signals stay
 * ignored; the blocked masks are kept.
 */
function execsigs(k: Kernel, pid: number): void {
  const task = taskOf(k.state, pid);
  const caught = sigset((Object.keys(task.signals.dispositions) as SignalName[]).filter((s) => task.signals.dispositions[s] === 'handler'));
  if (caught.length === 0) return;
  const dispositions = { ...task.signals.dispositions };
  for (const s of caught) delete dispositions[s];
  const dropped = caught.filter((s) => DEFAULT_IGNORED.includes(s) && task.signals.pending.includes(s));
  const pending = sigsetMinus(task.signals.pending, dropped);
  k.change(updateTask(k.state, pid, (t) => ({ ...t, signals: { dispositions, pending } })), {
    kind: 'signal-changed',
    pid,
    what: 'disposition',
    detail: `execsigs: caught ${caught.join(' ')} back to SIG_DFL${dropped.length ? `; pending ${dropped.join(' ')} dropped (ignored by default)` : ''}`,
  });
}

export function commitExec(k: Kernel, imgp: ImageParams): void {
  const { pid } = imgp;
  k.pc(1);
  execsigs(k, pid);
  k.pc(2);
  const task = taskOf(k.state, pid);
  // The last name looked up names the process; an fd's vnode is named by the name cache.
  const comm = (imgp.vp!.lookupName ?? basename(imgp.vp!.path)).slice(0, MAXCOMLEN);
  if (comm !== task.comm) {
    k.change(updateTask(k.state, pid, (t) => ({ ...t, comm })), { kind: 'task-changed', pid, field: 'comm', from: task.comm, to: comm });
  }
  k.pc(3);
  releaseVforkParent(k, pid, 'execed (P_PPWAIT cleared)');
  k.pc(4);
  if (imgp.credentialSetid) k.note('setsugid(p): the process is marked P_SUGID');
  k.pc(5);
  if (imgp.newcred) {
    const before = taskOf(k.state, pid).creds;
    const after = imgp.newcred;
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      k.change(updateTask(k.state, pid, (t) => ({ ...t, creds: after })), { kind: 'creds-changed', pid, before, after });
    }
  }
  k.pc(6);
  const from = taskOf(k.state, pid).exe;
  k.change(updateTask(k.state, pid, (t) => ({ ...t, exe: imgp.vp!.path })), {
    kind: 'task-changed',
    pid,
    field: 'exe',
    from: from ?? '(none)',
    to: imgp.vp!.path,
  });
}
