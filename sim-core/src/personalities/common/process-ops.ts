/**
 * Process lifecycle operations that record their events: the end of a process
 * (exit or a fatal signal) and the release of a vfork parent, shared by the
 * personalities.
 */
import type { Kernel } from '../../engine/kernel.js';
import { fdTableOf, putFdTable, taskOf } from '../../model/fds.js';
import { withState, withTask } from '../../model/copy.js';
import type { SignalName } from '../../model/signals.js';
import type { KernelState, MmId, Pid, Task, Thread } from '../../model/state.js';

/** The state with a task record replaced (the task's pid says which). */
export function setTask(state: KernelState, task: Task): KernelState {
  return withState(state, { tasks: state.tasks.set(task.pid, task) });
}

export function updateTask(state: KernelState, pid: Pid, fn: (t: Task) => Task): KernelState {
  return withState(state, { tasks: state.tasks.set(pid, fn(taskOf(state, pid))) });
}

export function updateThread(state: KernelState, pid: Pid, tid: number, fn: (t: Thread) => Thread): KernelState {
  return updateTask(state, pid, (t) => withTask(t, { threads: t.threads.map((th) => (th.tid === tid ? fn(th) : th)) }));
}

/** Drops one user of an address space, freeing it with the last. */
export function putMm(state: KernelState, mm: MmId): KernelState {
  const space = state.mms.get(mm);
  if (!space) return state;
  if (space.users > 1) return withState(state, { mms: state.mms.set(mm, { ...space, users: space.users - 1 }) });
  return withState(state, { mms: state.mms.delete(mm) });
}

/**
 * mm_release: a vfork child that execs (exec_mmap → exec_mm_release) or exits
 * (exit_mm → exit_mm_release) completes vfork_done, and the parent thread
 * sleeping in wait_for_vfork_done resumes with the child's pid as vfork's
 * return value (kernel/fork.c: mm_release, complete_vfork_done, kernel_clone).
 */
export function releaseVforkParent(k: Kernel, childPid: Pid, why: string): void {
  const parent = taskOf(k.state, childPid).vforkParent;
  if (!parent) return;
  k.phase('linux.birth.complete_vfork_done', () => {
    k.pc(2);
    let s = updateTask(k.state, childPid, (t) => withTask(t, { vforkParent: null }));
    const p = s.tasks.get(parent.pid);
    if (p && p.status.state === 'running' && p.threads.some((t) => t.tid === parent.tid)) {
      s = updateThread(s, parent.pid, parent.tid, (t) => ({ ...t, run: { state: 'running' } }));
      k.change(s, { kind: 'thread-resumed', pid: parent.pid, tid: parent.tid, reason: `vfork child ${childPid} ${why}: vfork() returns ${childPid} in the parent` });
    } else {
      k.change(s, { kind: 'note', text: `vfork parent ${parent.pid} is gone` });
    }
  });
}

/**
 * A vfork parent killed while it waits is woken by the fatal signal and clears
 * the child's vfork_done, so the child will not look for it (kernel/fork.c:
 * wait_for_vfork_done, a killable wait).
 */
function forgetVforkChildren(state: KernelState, parentPid: Pid): { state: KernelState; children: Pid[] } {
  const children: Pid[] = [];
  state.tasks.forEach((t) => {
    if (t.vforkParent?.pid === parentPid) children.push(t.pid);
  });
  let s = state;
  for (const c of children) s = updateTask(s, c, (t) => withTask(t, { vforkParent: null }));
  if (children.length) {
    s = updateTask(s, parentPid, (t) => ({
      ...t,
      threads: t.threads.map((th) => (th.run.state === 'blocked' && children.includes(th.run.child) ? { ...th, run: { state: 'running' } } : th)),
    }));
  }
  return { state: s, children };
}

/**
 * The end of a process: every thread goes, the fd table is put (closing the
 * fds if it was the last user), the address space is released and a vfork
 * parent resumes (kernel/exit.c: do_exit, exit_files, exit_mm).
 */
export function terminateProcess(k: Kernel, pid: Pid, end: { signal: SignalName; reason: string } | { status: number }): void {
  const task = taskOf(k.state, pid);
  if (task.status.state !== 'running') return;
  releaseVforkParent(k, pid, 'exited');
  const orphaned = forgetVforkChildren(k.state, pid);
  if (orphaned.children.length) {
    k.change(orphaned.state, { kind: 'note', text: `pid ${pid} dies while waiting for its vfork child ${orphaned.children.join(', ')}: vfork_done cleared` });
  }
  const fds = fdTableOf(k.state, pid).slots.keys();
  const shared = (k.state.fdTables.get(task.files)?.users ?? 1) > 1;
  let s = putFdTable(k.state, task.files);
  s = putMm(s, task.mm);
  s = updateTask(s, pid, (t) => ({
    ...t,
    threads: [],
    files: -1,
    mm: -1,
    status: 'signal' in end ? { state: 'killed', signal: end.signal } : { state: 'exited', status: end.status },
  }));
  // One state change; the events after it describe its parts.
  const why = 'signal' in end ? `process killed by ${end.signal}` : 'process exited';
  const [first, ...rest] = task.threads;
  k.change(s, { kind: 'thread-killed', pid, tid: first!.tid, reason: why });
  for (const t of rest) k.emit({ kind: 'thread-killed', pid, tid: t.tid, reason: why });
  if (fds.length && !shared) k.emit({ kind: 'fd-closed', pid, fds, reason: 'signal' in end ? 'killed' : 'exit' });
  if ('signal' in end) k.emit({ kind: 'process-killed', pid, signal: end.signal, reason: end.reason });
  else k.emit({ kind: 'process-exited', pid, status: end.status });
}
