/**
 * The registers a task returns to user space with: struct pt_regs at the top
 * of its kernel stack, found by current_pt_regs() (SEEDS 004: "the normal
 * location of pt_regs"). copy_thread fills them at birth (a copy of the
 * parent's with ax = 0, or zeroes for a kernel thread); start_thread fills
 * them at exec. Only tasks whose registers the simulation set carry them.
 */
import type { Kernel } from '../../engine/kernel.js';
import type { KernelState, Pid, Task } from '../../model/state.js';
import { taskOf } from '../../model/fds.js';
import { updateTask } from '../common/process-ops.js';
import type { ActionHandler } from '../personality.js';

/** Where the new task resumes when first scheduled (copy_thread's frame). */
export type ResumePoint = 'ret_from_fork' | 'ret_from_kernel_thread';

export interface PtRegs {
  /** Who wrote them last: copy_thread (fork/clone), copy_thread for a kthread (zeroed), start_thread (exec). */
  readonly setBy: 'copy_thread' | 'copy_thread (kernel thread)' | 'copy_thread (user-mode thread)' | 'start_thread';
  /** User instruction pointer, as text: a hex address, "0", or "as the parent". */
  readonly ip: string;
  readonly sp: string;
  /** The syscall return value register (rax on x86): 0 for a fork child and after exec. */
  readonly ax: string;
  /** True when they describe user mode (cs = __USER_CS); zeroed regs of a kernel thread do not. */
  readonly user: boolean;
}

export interface LinuxBirth {
  readonly resume: ResumePoint;
  /** The kernel function a kernel or user-mode thread runs (kernel_init, kthreadd, ...). */
  readonly fn: string | null;
  readonly regs: PtRegs;
}

declare module '../../model/state.js' {
  interface TaskExt {
    /** Linux: the pt_regs at current_pt_regs() and where the task was born to resume. */
    readonly linuxBirth?: LinuxBirth;
  }
}

/** `ip=0x401000 sp=stack top ax=0 (user)`: one line for traces and failures. */
export function regsText(r: PtRegs): string {
  return `ip=${r.ip} sp=${r.sp} ax=${r.ax} (${r.user ? 'user mode' : 'no user context'}; set by ${r.setBy})`;
}

export function birthOf(state: KernelState, pid: Pid): LinuxBirth | undefined {
  return state.tasks.get(pid)?.ext.linuxBirth;
}

export function withBirth(task: Task, birth: LinuxBirth): Task {
  return { ...task, ext: { ...task.ext, linuxBirth: birth } };
}

/**
 * start_thread after a successful exec: the user ip is the program's entry
 * (AT_ENTRY) for a static binary, the dynamic loader's entry when there is a
 * PT_INTERP (fs/binfmt_elf.c: load_elf_binary, elf_entry); sp is the top of the
 * new stack; the syscall returns 0. Recorded for tasks whose registers the
 * simulation tracks.
 */
export function recordStartThread(k: Kernel, pid: Pid): void {
  const task = taskOf(k.state, pid);
  const birth = task.ext.linuxBirth;
  if (!birth || task.status.state !== 'running') return;
  const mm = k.state.mms.get(task.mm);
  const entry = mm?.auxv.AT_ENTRY;
  const interp = mm?.mappings.find((m) => m.kind === 'interp');
  const regs: PtRegs = {
    setBy: 'start_thread',
    ip: interp ? `entry of ${interp.name}` : entry !== undefined ? `0x${entry.toString(16)}` : 'entry',
    sp: 'top of the new stack',
    ax: '0',
    user: true,
  };
  k.change(updateTask(k.state, pid, (t) => withBirth(t, { ...birth, regs })), {
    kind: 'task-changed',
    pid,
    field: 'current_pt_regs',
    from: regsText(birth.regs),
    to: regsText(regs),
  });
}

/**
 * Wraps an exec system call: when it replaced the address space, start_thread
 * has written new user registers; tasks whose pt_regs are tracked show them.
 */
export function withStartThread(handler: ActionHandler): ActionHandler {
  return (k, ctx) => {
    const before = k.state.tasks.get(ctx.pid)?.mm;
    const outcome = handler(k, ctx) ?? { ok: true };
    const after = k.state.tasks.get(ctx.pid);
    if (outcome.ok && after && after.status.state === 'running' && after.mm !== before) recordStartThread(k, ctx.pid);
    return outcome;
  };
}
