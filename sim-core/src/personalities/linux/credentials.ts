/**
 * setuid, setgid, prctl(PR_SET_NO_NEW_PRIVS) and setrlimit (LINUX kernel/sys.c:
 * __sys_setuid, set_user, flag_nproc_exceeded; kernel/sys.c: prctl;
 * kernel/sys.c: do_prlimit; kernel/ucount.c: is_rlimit_overlimit).
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import type { ActionContext } from '../personality.js';
import { updateTask } from '../common/process-ops.js';

export function setidAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  const task = taskOf(k.state, ctx.pid);
  const before = task.creds;
  let after = before;
  if (a.call === 'setuid') {
    if (before.euid === 0) after = { ...before, uid: a.uid, euid: a.uid, suid: a.uid, fsuid: a.uid };
    else if (a.uid === before.uid || a.uid === before.suid) after = { ...before, euid: a.uid, fsuid: a.uid };
    else k.fail('EPERM', `uid ${a.uid} is neither the real nor the saved uid and the caller is not privileged`);
  } else if (a.call === 'setgid') {
    if (before.euid === 0) after = { ...before, gid: a.gid, egid: a.gid, sgid: a.gid, fsgid: a.gid };
    else if (a.gid === before.gid || a.gid === before.sgid) after = { ...before, egid: a.gid, fsgid: a.gid };
    else k.fail('EPERM', `gid ${a.gid} is neither the real nor the saved gid and the caller is not privileged`);
  } else throw new Error('internal');
  let exceeded = task.nprocExceeded;
  if (a.call === 'setuid' && after.uid !== before.uid) {
    // flag_nproc_exceeded: the new user's processes (this one not yet counted) over
    // RLIMIT_NPROC marks the process, anything else clears the mark; uid 0 is never marked.
    let count = 0;
    k.state.tasks.forEach((t) => {
      if (t.status.state === 'running' && t.pid !== ctx.pid && t.creds.uid === after.uid) count++;
    });
    exceeded = after.uid !== 0 && task.rlimits.nproc !== null && count > task.rlimits.nproc;
  }
  k.change(updateTask(k.state, ctx.pid, (t) => ({ ...t, creds: after, nprocExceeded: exceeded })), { kind: 'creds-changed', pid: ctx.pid, before, after });
  if (exceeded && !task.nprocExceeded) k.note('over RLIMIT_NPROC: PF_NPROC_EXCEEDED set, the next execve will check again');
  return { ok: true, value: 0 };
}

export function prctlAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'prctl') throw new Error('internal');
  k.change(updateTask(k.state, ctx.pid, (t) => ({ ...t, noNewPrivs: true })), {
    kind: 'task-changed',
    pid: ctx.pid,
    field: 'no_new_privs',
    from: String(taskOf(k.state, ctx.pid).noNewPrivs ? 1 : 0),
    to: '1',
  });
  return { ok: true, value: 0 };
}

export function setrlimitAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'setrlimit') throw new Error('internal');
  const task = taskOf(k.state, ctx.pid);
  if (a.value < 0) k.fail('EINVAL', 'negative limit');
  const field = a.resource === 'RLIMIT_STACK' ? 'stack' : 'nproc';
  const from = String(task.rlimits[field] ?? 'unlimited');
  k.change(updateTask(k.state, ctx.pid, (t) => ({ ...t, rlimits: { ...t.rlimits, [field]: a.value } })), {
    kind: 'task-changed',
    pid: ctx.pid,
    field: a.resource,
    from,
    to: String(a.value),
  });
  return { ok: true, value: 0 };
}
