/**
 * Kernel-side process birth (exec-reference §3.2, SEEDS 004): kernel_thread
 * and user_mode_thread create tasks that start in a kernel function;
 * kernel_execve turns a user-mode thread into a user process, after which its
 * function returns and ret_from_fork leaves for user space through the pt_regs
 * at their normal place (current_pt_regs). A true kernel thread (PF_KTHREAD)
 * is refused. Sources: LINUX kernel/fork.c (kernel_thread, user_mode_thread),
 * fs/exec.c (kernel_execve), init/main.c (rest_init, kernel_init,
 * run_init_process), arch/x86/kernel/process.c (ret_from_fork).
 */
import type { Outcome } from '../../engine/events.js';
import { SysError, type Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { PATH_MAX, utf8Length } from '../../model/filesystem.js';
import type { Pid, Task } from '../../model/state.js';
import type { CloneFlag } from '../../scenario/actions.js';
import type { ActionContext } from '../personality.js';
import { terminateProcess, updateTask } from '../common/process-ops.js';
import { copyStringKernel, copyStrings, stackLimits } from './copy-args.js';
import { bprmExecve, newBprm } from './exec.js';
import { openExec } from './open-exec.js';
import { kernelClone } from './process.js';
import { recordStartThread, withBirth } from './pt-regs.js';
import './birth-actions.js';

/** What a user process cannot do: call a kernel function. The statement does not run. */
function kernelInternal(call: string, task: Task): Outcome {
  return {
    ok: false,
    blocked: `never ran: ${call}() is a kernel function and ${task.name} (pid ${task.pid}) is a user process (SEEDS 004: user processes never call kernel_thread or kernel_execve)`,
  };
}

export function kernelThreadAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'kernel_thread' && a.call !== 'user_mode_thread') throw new Error('internal');
  const caller = taskOf(k.state, ctx.pid);
  if (caller.kind === 'user') return kernelInternal(a.call, caller);
  const kthread = a.call === 'kernel_thread';
  const flags = new Set<CloneFlag>([...a.flags, 'CLONE_VM']);
  k.actor('kernel', `${a.call}(${a.fn})`, ctx.pid, ctx.tid, () =>
    k.phase(kthread ? 'linux.birth.kernel_thread' : 'linux.birth.user_mode_thread', () => {
      k.note(`flags ${[...a.flags, 'CLONE_VM', 'CLONE_UNTRACED'].join('|')}; fn = ${a.fn}${kthread ? '; kthread = 1 (PF_KTHREAD)' : '; no PF_KTHREAD'}`);
      if (flags.has('CLONE_FS')) {
        k.note(`CLONE_FS: ${a.child} shares cwd, root and umask with pid ${ctx.pid}; the simulator gives it a copy (fs_struct sharing is not modelled)`);
      }
      k.pc(3);
    }),
  );
  return kernelClone(k, ctx, {
    child: a.child,
    flags,
    how: `${a.call}(${a.fn})`,
    kthread,
    fn: a.fn,
    ...(kthread ? { name: a.child } : {}),
  });
}

export function kernelExecveAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'kernel_execve') throw new Error('internal');
  const { pid, tid } = ctx;
  const caller = taskOf(k.state, pid);
  if (caller.kind === 'user') return kernelInternal('kernel_execve', caller);
  const envp = a.envp ?? [];
  const bprm = newBprm(k, pid, tid, a.path, a.argv, envp);
  let outcome: Outcome;
  try {
    outcome = k.actor('kernel', 'kernel_execve', pid, tid, () => {
      k.phase('linux.birth.kernel_execve', () => {
        if (caller.kind === 'kernel-thread') {
          k.fail('EINVAL', `${caller.name} (pid ${pid}) is a kernel thread (PF_KTHREAD): "It is non-sense for kernel threads to call execve"; init and usermode helpers are user_mode_threads`);
        }
        k.pc(2);
        if (utf8Length(a.path) >= PATH_MAX) k.fail('ENAMETOOLONG', `the name is ${utf8Length(a.path)} bytes (PATH_MAX is ${PATH_MAX})`);
        k.pc(3);
      });
      bprm.file = k.phase('linux.open_exec', () => openExec(k, pid, 'AT_FDCWD', a.path, []));
      k.phase('linux.birth.kernel_execve_args', () => {
        // alloc_bprm with AT_FDCWD: the name as given.
        bprm.filename = a.path;
        bprm.interp = a.path;
        if (a.argv.length === 0) k.fail('EINVAL', 'argv is empty: kernel_execve warns and refuses (execve would add argv[0] = "")');
        k.pc(3);
        stackLimits(k, bprm, a.argv.length, envp.length);
        k.pc(4);
        copyStringKernel(k, bprm, bprm.filename);
        copyStrings(k, bprm, envp);
        copyStrings(k, bprm, a.argv);
        k.pc(5);
      });
      return bprmExecve(k, bprm, []);
    });
  } catch (e) {
    if (!(e instanceof SysError) || !bprm.pointOfNoReturn) throw e;
    // bprm_execve: past the point of no return the thread gets a fatal SIGSEGV.
    terminateProcess(k, pid, { signal: 'SIGSEGV', reason: `kernel_execve failed after the point of no return: ${e.errno} (${e.detail})` });
    return { ok: false, killed: 'SIGSEGV', detail: `${e.errno} after the point of no return: ${e.detail}`, ...(k.failedPhase ? { phase: k.failedPhase } : {}) };
  }
  if (outcome.ok) returnToUser(k, pid);
  return outcome;
}

/**
 * The thread's function returns 0 after the successful exec; ret_from_fork
 * then leaves through the normal syscall exit with the registers start_thread
 * wrote at current_pt_regs(): the task is a user process from now on.
 */
function returnToUser(k: Kernel, pid: Pid): void {
  const task = taskOf(k.state, pid);
  const fn = task.ext.linuxBirth?.fn ?? 'its function';
  k.actor('kernel', `ret_from_kernel_thread (${fn} returns)`, pid, task.leader, () =>
    k.phase('linux.birth.ret_to_user', () => {
      if (!task.ext.linuxBirth) {
        // A task the scenario declared as a user-mode thread: its registers are known from here on.
        k.change(
          updateTask(k.state, pid, (t) => withBirth(t, { resume: 'ret_from_kernel_thread', fn: null, regs: { setBy: 'copy_thread (user-mode thread)', ip: '0', sp: '0', ax: '0', user: false } })),
          { kind: 'note', text: `pid ${pid}: pt_regs tracked from here on` },
        );
      }
      k.pc(2);
      recordStartThread(k, pid);
      k.pc(3);
      k.change(updateTask(k.state, pid, (t) => ({ ...t, kind: 'user' })), {
        kind: 'task-changed',
        pid,
        field: 'kind',
        from: task.kind,
        to: 'user',
      });
      k.pc(4);
      k.note(`${fn}() returned 0: pid ${pid} enters user space at the new program's entry`);
    }),
  );
}
