/**
 * What a scenario can assert about process birth: the kind of a task (user
 * process, kernel thread, user-mode thread), its pt_regs and where it first
 * resumes, and whether two tasks share memory or an fd table.
 */
import type { KernelState, Task } from '../../model/state.js';
import type { ExpectationSpec, TaskRef } from '../../scenario/scenario.js';
import { regsText, type ResumePoint } from './pt-regs.js';

export type TaskKind = Task['kind'];

declare module '../../scenario/expectations.js' {
  interface ExtExpectations {
    /** user process, kernel thread (PF_KTHREAD) or user-mode thread. */
    'task-kind': { readonly what: 'task-kind'; readonly kind: TaskKind } & TaskRef;
    /** The fields given must match current_pt_regs() of the task. */
    'pt-regs': { readonly what: 'pt-regs'; readonly ip?: string; readonly sp?: string; readonly ax?: string; readonly user?: boolean } & TaskRef;
    /** Where copy_thread made the task resume first. */
    'resumes-in': { readonly what: 'resumes-in'; readonly entry: ResumePoint } & TaskRef;
    /** Whether the task and `other` use the same address space (CLONE_VM) or fd table (CLONE_FILES). */
    shares: { readonly what: 'shares'; readonly other: string; readonly resource: 'memory' | 'files'; readonly shared: boolean } & TaskRef;
  }
}

type Result = { passed: boolean; expected: string; seen: string };

function taskNamed(state: KernelState, name: string): Task | undefined {
  const pid = state.names[name];
  return pid === undefined ? undefined : state.tasks.get(pid);
}

/** Evaluates the expectations above; undefined for every other kind. */
export function evaluateBirthExpectation(e: ExpectationSpec, state: KernelState): Result | undefined {
  switch (e.what) {
    case 'task-kind': {
      const task = taskNamed(state, e.task);
      return { passed: task?.kind === e.kind, expected: e.kind, seen: task ? task.kind : `no task named ${e.task}` };
    }
    case 'resumes-in': {
      const birth = taskNamed(state, e.task)?.ext.linuxBirth;
      return { passed: birth?.resume === e.entry, expected: e.entry, seen: birth ? birth.resume : 'not born in this scenario' };
    }
    case 'pt-regs': {
      const regs = taskNamed(state, e.task)?.ext.linuxBirth?.regs;
      const want = [e.ip !== undefined && `ip=${e.ip}`, e.sp !== undefined && `sp=${e.sp}`, e.ax !== undefined && `ax=${e.ax}`, e.user !== undefined && (e.user ? 'user mode' : 'no user context')]
        .filter(Boolean)
        .join(' ');
      if (!regs) return { passed: false, expected: want, seen: 'pt_regs not tracked for this task' };
      const passed =
        (e.ip === undefined || e.ip === regs.ip) &&
        (e.sp === undefined || e.sp === regs.sp) &&
        (e.ax === undefined || e.ax === regs.ax) &&
        (e.user === undefined || e.user === regs.user);
      return { passed, expected: want, seen: regsText(regs) };
    }
    case 'shares': {
      const a = taskNamed(state, e.task);
      const b = taskNamed(state, e.other);
      const what = e.resource === 'memory' ? 'address space' : 'fd table';
      const expected = `${e.task} and ${e.other} ${e.shared ? 'share' : 'do not share'} an ${what}`;
      if (!a || !b || a.status.state !== 'running' || b.status.state !== 'running') {
        return { passed: false, expected, seen: `${!a || a.status.state !== 'running' ? e.task : e.other} is not running` };
      }
      const ida = e.resource === 'memory' ? a.mm : a.files;
      const idb = e.resource === 'memory' ? b.mm : b.files;
      const shared = ida === idb;
      return { passed: shared === e.shared, expected, seen: `${what} #${ida} and #${idb}` };
    }
    default:
      return undefined;
  }
}
