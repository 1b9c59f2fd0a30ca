/**
 * fork, vfork, clone, pthread_create, exit and stores to memory
 * (LINUX kernel/fork.c: sys_fork, sys_vfork, sys_clone, kernel_clone,
 * copy_process, copy_files, copy_mm; arch/x86/kernel/process.c: copy_thread,
 * ret_from_fork; kernel/exit.c: do_exit). A vfork child borrows its parent's
 * memory and the parent's calling thread sleeps until the child execs
 * (exec_mmap) or exits (SEEDS 002).
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import { copyFdTable, taskOf } from '../../model/fds.js';
import type { AddressSpace, FilesId, KernelState, MmId, Pid, Task, Tid } from '../../model/state.js';
import type { CloneFlag } from '../../scenario/actions.js';
import type { ActionContext } from '../personality.js';
import { terminateProcess, updateTask, updateThread } from '../common/process-ops.js';
import { withName } from '../../persistent/name-map.js';
import { comm as commName } from '../../engine/initial-state.js';
import { regsText, type LinuxBirth, type PtRegs } from './pt-regs.js';

/** What kernel_clone is asked for (struct kernel_clone_args, the parts simulated). */
export interface CloneRequest {
  /** Scenario name of the new task. */
  readonly child: string;
  /** Clone flags, including those the entry point implies (CLONE_VM for vfork and kernel threads). */
  readonly flags: ReadonlySet<CloneFlag>;
  /** How the trace names the call: `fork`, `vfork`, `clone(CLONE_VM)`, `kernel_thread(kthreadd)`. */
  readonly how: string;
  /** args->kthread: the child is a kernel thread (PF_KTHREAD). */
  readonly kthread: boolean;
  /** args->fn: the kernel function a kernel or user-mode thread starts in. */
  readonly fn: string | null;
  /** args->name: the comm a kernel_thread gets (kthreadd). */
  readonly name?: string;
}

/** kernel_clone: copy_process, wake_up_new_task, the child's first steps, and the vfork wait. */
export function kernelClone(k: Kernel, ctx: ActionContext, req: CloneRequest): Outcome {
  const { pid, tid } = ctx;
  const vfork = req.flags.has('CLONE_VFORK');
  const childPid = k.actor('kernel', `kernel_clone (${req.how})`, pid, tid, () =>
    k.phase('linux.birth.kernel_clone', () => {
      k.pc(2);
      const child = copyProcess(k, ctx, req);
      if (vfork) {
        k.pc(3);
        k.note(`CLONE_VFORK: ${req.child} gets a vfork_done completion the parent will wait on`);
      }
      k.pc(4);
      k.note(`wake_up_new_task: ${req.child} (pid ${child}) can run`);
      return child;
    }),
  );
  childFirstSteps(k, childPid, req);
  if (vfork) waitForVforkDone(k, pid, tid, req.child, childPid);
  return {
    ok: true,
    value: childPid,
    detail: vfork ? `the calling thread sleeps until ${req.child} (pid ${childPid}) execs or exits` : `${req.child} is pid ${childPid}`,
  };
}

function copyProcess(k: Kernel, ctx: ActionContext, req: CloneRequest): Pid {
  return k.phase('linux.birth.copy_process', () => {
    const { flags } = req;
    if (flags.has('CLONE_THREAD') && !flags.has('CLONE_SIGHAND')) k.fail('EINVAL', 'CLONE_THREAD needs CLONE_SIGHAND: thread groups share signal handlers');
    if (flags.has('CLONE_SIGHAND') && !flags.has('CLONE_VM')) k.fail('EINVAL', 'CLONE_SIGHAND needs CLONE_VM: shared signal handlers imply shared memory');
    k.pc(2);
    const parent = taskOf(k.state, ctx.pid);
    const thread = parent.threads.find((t) => t.tid === ctx.tid)!;
    k.pc(3);
    checkNproc(k, parent);
    k.pc(4);
    if (parent.nprocExceeded) {
      // The child keeps the flag dup_task_struct copied; only current's is cleared.
      k.change(updateTask(k.state, parent.pid, (t) => ({ ...t, nprocExceeded: false })), {
        kind: 'note',
        text: `under RLIMIT_NPROC again: PF_NPROC_EXCEEDED cleared in pid ${parent.pid} (the child keeps its copy)`,
      });
    }
    k.pc(5);
    if (parent.signals.pending.length) k.note(`pending ${parent.signals.pending.join(' ')} stay with pid ${parent.pid}: the child starts with none`);
    k.pc(6);
    let s: KernelState = k.state;
    const childPid = s.next.pid;
    let files: FilesId;
    [s, files] = copyFiles(k, s, parent, req);
    let mm: MmId;
    [s, mm] = copyMm(k, s, parent, req);
    k.pc(7);
    const birth = copyThread(k, parent, req);
    k.pc(8);
    const child: Task = {
      ...parent,
      pid: childPid,
      ppid: parent.pid,
      name: req.child,
      comm: req.name !== undefined ? commName(req.name) : parent.comm,
      exe: parent.kind === 'user' ? parent.exe : null,
      kind: req.kthread ? 'kernel-thread' : req.fn ? 'user-mode-thread' : 'user',
      leader: childPid,
      threads: [{ tid: childPid, name: 'main', blocked: thread.blocked, run: { state: 'running' } }],
      files,
      mm,
      signals: { ...parent.signals, pending: [] },
      // ptrace_init_task: traced only with CLONE_PTRACE or the tracer's fork options, which scenarios do not set.
      ptraced: false,
      nprocExceeded: parent.nprocExceeded,
      status: { state: 'running' },
      vforkParent: req.flags.has('CLONE_VFORK') ? { pid: ctx.pid, tid: ctx.tid } : null,
      ext: { ...parent.ext, linuxBirth: birth },
    };
    s = {
      ...s,
      tasks: s.tasks.set(childPid, child),
      names: withName(s.names, req.child, childPid),
      next: { ...s.next, pid: childPid + 1 },
    };
    k.change(s, { kind: 'task-created', pid: childPid, parent: parent.pid, how: req.how, name: req.child });
    const table = k.state.fdTables.get(files)!;
    if (table.users === 1) k.emit({ kind: 'fd-table-replaced', pid: childPid, how: 'fork-copy', count: table.slots.size });
    return childPid;
  });
}

/**
 * RLIMIT_NPROC counts every task (threads too) of the real user; the new one
 * is counted before the check. Root and CAP_SYS_RESOURCE/CAP_SYS_ADMIN holders
 * (euid 0 here) may go over (copy_process: is_rlimit_overlimit).
 */
function checkNproc(k: Kernel, parent: Task): void {
  const limit = parent.rlimits.nproc;
  if (limit === null || parent.creds.uid === 0 || parent.creds.euid === 0) return;
  let count = 0;
  k.state.tasks.forEach((t) => {
    if (t.status.state === 'running' && t.creds.uid === parent.creds.uid) count += t.threads.length;
  });
  if (count + 1 > limit) k.fail('EAGAIN', `uid ${parent.creds.uid} has ${count} tasks; one more is over RLIMIT_NPROC ${limit}`);
}

function copyFiles(k: Kernel, s: KernelState, parent: Task, req: CloneRequest): [KernelState, FilesId] {
  return k.phase('linux.birth.copy_files', () => {
    const table = s.fdTables.get(parent.files)!;
    if (req.flags.has('CLONE_FILES')) {
      k.note(`CLONE_FILES: ${req.child} shares fd table #${table.id} (${table.slots.size} fds) with pid ${parent.pid}`);
      return [{ ...s, fdTables: s.fdTables.set(table.id, { ...table, users: table.users + 1 }) }, table.id] as [KernelState, FilesId];
    }
    k.pc(2);
    const [s2, files] = copyFdTable(s, parent.files);
    k.note(`dup_fd: ${req.child} gets fd table #${files}, a copy of #${table.id} (${table.slots.size} fds, same open file descriptions and close-on-exec bits)`);
    return [s2, files] as [KernelState, FilesId];
  });
}

function copyMm(k: Kernel, s: KernelState, parent: Task, req: CloneRequest): [KernelState, MmId] {
  return k.phase('linux.birth.copy_mm', () => {
    const id = s.next.mm;
    if (parent.kind !== 'user') {
      // current->mm is NULL: a kernel thread (or a user-mode thread before its exec) has no user memory.
      const none: AddressSpace = { id, image: null, mappings: [], argv: [], envp: [], auxv: {}, variables: {}, users: 1 };
      k.note(`pid ${parent.pid} has no user address space (mm == NULL): neither has ${req.child}`);
      return [{ ...s, mms: s.mms.set(id, none), next: { ...s.next, mm: id + 1 } }, id] as [KernelState, MmId];
    }
    const space = s.mms.get(parent.mm)!;
    if (req.flags.has('CLONE_VM')) {
      k.pc(2);
      k.note(`CLONE_VM: ${req.child} uses address space #${space.id} of pid ${parent.pid}; stores by either are seen by both`);
      return [{ ...s, mms: s.mms.set(space.id, { ...space, users: space.users + 1 }) }, space.id] as [KernelState, MmId];
    }
    if (!s.machine.mmu) {
      // Validation refuses this scenario; kept as a guard for hand-built ones.
      throw new Error('internal: clone without CLONE_VM on a nommu machine is refused by validation');
    }
    k.pc(3);
    k.note(`dup_mm: ${req.child} gets address space #${id}, a copy-on-write copy of #${space.id}`);
    return [{ ...s, mms: s.mms.set(id, { ...space, id, users: 1 }), next: { ...s.next, mm: id + 1 } }, id] as [KernelState, MmId];
  });
}

/** copy_thread: the child's pt_regs at the top of its kernel stack, and the frame it wakes in. */
function copyThread(k: Kernel, parent: Task, req: CloneRequest): LinuxBirth {
  return k.phase('linux.birth.copy_thread', () => {
    let regs: PtRegs;
    let resume: LinuxBirth['resume'];
    if (req.kthread) {
      k.pc(3);
      regs = { setBy: 'copy_thread (kernel thread)', ip: '0', sp: '0', ax: '0', user: false };
      resume = 'ret_from_kernel_thread';
    } else if (req.fn) {
      k.pc(5);
      regs = { setBy: 'copy_thread (user-mode thread)', ip: '0', sp: '0', ax: '0', user: false };
      resume = 'ret_from_kernel_thread';
    } else {
      k.pc(4);
      const from = parent.ext.linuxBirth?.regs;
      regs = from ? { ...from, setBy: 'copy_thread', ax: '0' } : { setBy: 'copy_thread', ip: 'as the parent', sp: 'as the parent', ax: '0', user: true };
      resume = 'ret_from_fork';
    }
    k.note(`${req.child}: pt_regs at the top of its kernel stack: ${regsText(regs)}; resumes in ${resume}${req.fn ? ` calling ${req.fn}()` : ''}`);
    return { resume, fn: req.fn, regs };
  });
}

/** The child's first run: ret_from_fork returns 0 to user space, or a kernel thread calls fn. */
function childFirstSteps(k: Kernel, childPid: Pid, req: CloneRequest): void {
  const birth = taskOf(k.state, childPid).ext.linuxBirth!;
  k.actor('kernel', birth.resume, childPid, childPid, () => {
    if (birth.resume === 'ret_from_fork') {
      k.phase('linux.birth.ret_from_fork', () => {
        k.pc(2);
        const shared = req.flags.has('CLONE_VM') ? ' on the parent\'s memory and stack' : '';
        k.note(`${req.child} returns 0 from ${req.how.replace(/\(.*$/, '')}${shared}`);
      });
    } else {
      k.phase('linux.birth.ret_from_kernel_thread', () => {
        k.pc(2);
        k.note(`${req.child} calls ${req.fn}(): the statements of ${req.child} that follow are its body`);
      });
    }
  });
}

function waitForVforkDone(k: Kernel, pid: Pid, tid: Tid, child: string, childPid: Pid): void {
  k.actor('kernel', 'wait_for_vfork_done', pid, tid, () =>
    k.phase('linux.birth.wait_for_vfork_done', () => {
      k.change(
        updateThread(k.state, pid, tid, (t) => ({
          ...t,
          run: { state: 'blocked', reason: `in vfork until ${child} (pid ${childPid}) execs or exits`, until: 'vfork-done', child: childPid },
        })),
        { kind: 'thread-blocked', pid, tid, reason: `vfork: waits for ${child} to exec or exit` },
      );
    }),
  );
}

export function forkAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  switch (a.call) {
    case 'fork':
      if (!k.state.machine.mmu) {
        // No copy-on-write without an MMU: sys_fork is not in the generic syscall table (sys_ni_syscall).
        k.actor('kernel', 'fork', ctx.pid, ctx.tid, () =>
          k.phase('linux.birth.kernel_clone', () =>
            k.fail('ENOSYS', 'fork() does not exist on a nommu kernel (architectures with their own sys_fork return EINVAL); use vfork()'),
          ),
        );
      }
      return kernelClone(k, ctx, { child: a.child, flags: new Set(), how: 'fork', kthread: false, fn: null });
    case 'vfork':
      if (!k.state.machine.mmu) k.note('nommu: the vfork child runs on the parent\'s memory and stack until it calls execve or _exit (SEEDS 002)');
      return kernelClone(k, ctx, { child: a.child, flags: new Set<CloneFlag>(['CLONE_VFORK', 'CLONE_VM']), how: 'vfork', kthread: false, fn: null });
    case 'clone':
      return kernelClone(k, ctx, { child: a.child, flags: new Set(a.flags), how: `clone(${a.flags.join('|') || '0'})`, kthread: false, fn: null });
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
    threads: [...t.threads, { tid, name: a.newThread, blocked: caller.blocked, run: { state: 'running' } }],
  }));
  k.change(s, { kind: 'thread-created', pid: ctx.pid, tid, name: a.newThread });
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
    if (t.mm === mm.id && t.pid !== task.pid && t.status.state === 'running') sharers.push(t.pid);
  });
  k.change(
    { ...k.state, mms: k.state.mms.set(mm.id, { ...mm, variables: { ...mm.variables, [a.variable]: a.value } }) },
    { kind: 'memory-changed', pid: ctx.pid, detail: `${a.variable} = ${JSON.stringify(a.value)} in address space #${mm.id}${sharers.length ? ` (shared with pid ${sharers.join(', ')})` : ''}` },
  );
  return { ok: true };
}
