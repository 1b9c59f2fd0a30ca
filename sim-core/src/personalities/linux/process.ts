/**
 * fork, vfork, clone, pthread_create, exit and stores to memory
 * (LINUX kernel/fork.c: kernel_clone, copy_process, copy_files, copy_mm;
 * kernel/exit.c: do_exit). A vfork child borrows its parent's memory and the
 * parent's calling thread sleeps until the child execs (exec_mmap) or exits.
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import { copyFdTable, taskOf } from '../../model/fds.js';
import type { KernelState, Pid, Task, Tid } from '../../model/state.js';
import type { CloneFlag } from '../../scenario/actions.js';
import type { ActionContext } from '../personality.js';
import { terminateProcess, updateTask, updateThread } from '../common/process-ops.js';

interface CloneArgs {
  readonly child: string;
  readonly flags: ReadonlySet<CloneFlag>;
  readonly how: string;
}

function kernelClone(k: Kernel, ctx: ActionContext, args: CloneArgs): Outcome {
  const { pid, tid } = ctx;
  const parent = taskOf(k.state, pid);
  const thread = parent.threads.find((t) => t.tid === tid)!;
  const childPid = k.state.next.pid;
  let s: KernelState = { ...k.state, next: { ...k.state.next, pid: childPid + 1 } };

  // copy_files: share the table with CLONE_FILES, else a private copy (dup_fd).
  let files = parent.files;
  if (args.flags.has('CLONE_FILES')) {
    const table = s.fdTables.get(files)!;
    s = { ...s, fdTables: s.fdTables.set(files, { ...table, users: table.users + 1 }) };
  } else {
    [s, files] = copyFdTable(s, parent.files);
  }
  // copy_mm: share with CLONE_VM, else a copy of the parent's.
  let mm = parent.mm;
  const space = s.mms.get(parent.mm)!;
  if (args.flags.has('CLONE_VM')) {
    s = { ...s, mms: s.mms.set(mm, { ...space, users: space.users + 1 }) };
  } else {
    mm = s.next.mm;
    s = { ...s, mms: s.mms.set(mm, { ...space, id: mm, users: 1 }), next: { ...s.next, mm: mm + 1 } };
  }
  const vfork = args.flags.has('CLONE_VFORK');
  const child: Task = {
    ...parent,
    pid: childPid,
    ppid: pid,
    name: args.child,
    leader: childPid,
    threads: [{ tid: childPid, name: 'main', blocked: thread.blocked, run: { state: 'running' } }],
    files,
    mm,
    // Pending signals are not inherited (copy_process: init_sigpending).
    signals: { ...parent.signals, pending: [] },
    nprocExceeded: false,
    vforkParent: vfork ? { pid, tid } : null,
    ext: parent.ext,
  };
  s = { ...s, tasks: s.tasks.set(childPid, child), names: { ...s.names, [args.child]: childPid } };
  k.change(s, { kind: 'task-created', pid: childPid, parent: pid, how: args.how, name: args.child });
  if (vfork) {
    k.change(
      updateThread(k.state, pid, tid, (t) => ({
        ...t,
        run: { state: 'blocked', reason: `in vfork until ${args.child} (pid ${childPid}) execs or exits`, until: 'vfork-done', child: childPid },
      })),
      { kind: 'thread-blocked', pid, tid, reason: `vfork: waits for ${args.child} to exec or exit` },
    );
  }
  return { ok: true, value: childPid };
}

export function forkAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  switch (a.call) {
    case 'fork':
      // Without an MMU there is no copy-on-write: fork is not there (sys_ni_syscall).
      if (!k.state.machine.mmu) k.fail('ENOSYS', 'fork() does not exist on a nommu kernel; use vfork()');
      return kernelClone(k, ctx, { child: a.child, flags: new Set(), how: 'fork' });
    case 'vfork':
      return kernelClone(k, ctx, { child: a.child, flags: new Set<CloneFlag>(['CLONE_VM', 'CLONE_VFORK']), how: 'vfork' });
    case 'clone': {
      const flags = new Set(a.flags);
      if (flags.has('CLONE_THREAD') || flags.has('CLONE_SIGHAND')) {
        k.fail('EINVAL', 'threads are created with pthread_create in scenarios');
      }
      if (!flags.has('CLONE_VM') && !k.state.machine.mmu) k.fail('EINVAL', 'a nommu kernel cannot clone without CLONE_VM');
      return kernelClone(k, ctx, { child: a.child, flags, how: `clone(${a.flags.join('|') || '0'})` });
    }
    default:
      throw new Error('internal');
  }
}

export function threadAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'pthread_create') throw new Error('internal');
  const task = taskOf(k.state, ctx.pid);
  const caller = task.threads.find((t) => t.tid === ctx.tid)!;
  const tid: Tid = k.state.next.pid;
  const s = updateTask({ ...k.state, next: { ...k.state.next, pid: tid + 1 } }, ctx.pid, (t) => ({
    ...t,
    threads: [...t.threads, { tid, name: a.name, blocked: caller.blocked, run: { state: 'running' } }],
  }));
  k.change(s, { kind: 'thread-created', pid: ctx.pid, tid, name: a.name });
  return { ok: true, value: tid };
}

export function exitAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'exit') throw new Error('internal');
  terminateProcess(k, ctx.pid, { status: a.status & 0xff });
  return { ok: true, value: a.status & 0xff };
}

/** A store to a named variable in the task's memory: a vfork child's store is its parent's too. */
export function storeAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'store') throw new Error('internal');
  const task = taskOf(k.state, ctx.pid);
  const mm = k.state.mms.get(task.mm)!;
  const sharers: Pid[] = [];
  k.state.tasks.forEach((t) => {
    if (t.mm === mm.id && t.pid !== task.pid) sharers.push(t.pid);
  });
  k.change(
    { ...k.state, mms: k.state.mms.set(mm.id, { ...mm, variables: { ...mm.variables, [a.variable]: a.value } }) },
    { kind: 'memory-changed', pid: ctx.pid, detail: `${a.variable} = ${JSON.stringify(a.value)} in address space #${mm.id}${sharers.length ? ` (shared with pid ${sharers.join(', ')})` : ''}` },
  );
  return { ok: true };
}
