/**
 * Scenario calls for kernel-side process birth. They are kernel functions, not
 * system calls: a scenario issues them from a kernel thread or a user-mode
 * thread still running its kernel function (SEEDS 004: "No userland process
 * ever calls kernel_thread()").
 */
import type { Argv, CloneFlag } from '../../scenario/actions.js';

declare module '../../scenario/actions.js' {
  interface ExtActions {
    /** kernel_thread(fn, arg, name, flags): a kernel thread (PF_KTHREAD) named after `child` running `fn` (kernel/fork.c). */
    kernel_thread: { readonly call: 'kernel_thread'; readonly child: string; readonly fn: string; readonly flags: readonly CloneFlag[] };
    /** user_mode_thread(fn, arg, flags): not PF_KTHREAD; meant to kernel_execve (init, usermode helpers). */
    user_mode_thread: { readonly call: 'user_mode_thread'; readonly child: string; readonly fn: string; readonly flags: readonly CloneFlag[] };
    /** kernel_execve(filename, argv, envp) from fs/exec.c, as run_init_process uses it. */
    kernel_execve: { readonly call: 'kernel_execve'; readonly path: string; readonly argv: Argv; readonly envp?: Argv };
  }
}

/** The calls above, for code that checks whether an action is one of them. */
export const KERNEL_BIRTH_CALLS = ['kernel_thread', 'user_mode_thread', 'kernel_execve'] as const;

/** System calls: what only a user process can issue (a kernel thread runs kernel functions instead). */
export const USER_SYSCALLS_THAT_CREATE_OR_EXEC = ['fork', 'vfork', 'clone', 'execve', 'execveat', 'fexecve'] as const;
