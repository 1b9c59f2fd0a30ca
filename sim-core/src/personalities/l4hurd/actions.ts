/**
 * Calls only the L4-Hurd world has. `execve` itself is the core action: the
 * C library runs the proposal's protocol for it.
 */
declare module '../../scenario/actions.js' {
  interface ExtActions {
    /** The calling task gives `to` a send right on its task object (as a debugger or a "buddy" holds one). */
    task_control_grant: { readonly call: 'task_control_grant'; readonly to: string };
  }
}

export const L4HURD_CALLS = ['task_control_grant'] as const;
