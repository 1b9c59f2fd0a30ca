/**
 * Scenario checks for process birth that need no run: who may call kernel
 * functions, clone flags the simulator does not model (said so rather than
 * silently ignored), and clone without CLONE_VM on a nommu machine.
 */
import type { Problem } from '../../scenario/problems.js';
import type { ActionSpec, Scenario } from '../../scenario/scenario.js';
import type { CloneFlag } from '../../scenario/actions.js';
import type { TaskKind } from './birth-expectations.js';
import { KERNEL_BIRTH_CALLS, USER_SYSCALLS_THAT_CREATE_OR_EXEC } from './birth-actions.js';

const KERNEL_THREAD_FLAGS: readonly CloneFlag[] = ['CLONE_FS', 'CLONE_FILES', 'CLONE_VFORK', 'CLONE_VM'];

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** copy_process refuses these with EINVAL at run time; the simulator lets the run show it. */
function invalidCombination(flags: ReadonlySet<CloneFlag>): boolean {
  return (flags.has('CLONE_THREAD') && !flags.has('CLONE_SIGHAND')) || (flags.has('CLONE_SIGHAND') && !flags.has('CLONE_VM'));
}

export function validateBirth(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const add = (a: ActionSpec, field: string, message: string, hint: string) =>
    problems.push({ code: 'bad-value', at: `actions[${a.index}].${field}`, message, hint, loc: a.loc });
  const kinds = new Map<string, TaskKind>(scenario.tasks.map((t) => [t.name, t.kind ?? 'user']));
  // A user-mode thread after a kernel_execve is a user process if the exec worked and is still a
  // user-mode thread if it failed (run_init_process tries the next file): only the run can tell.
  const undecided = new Set<string>();

  for (const a of scenario.actions) {
    const kind = undecided.has(a.task) ? undefined : kinds.get(a.task);
    if (isOneOf(KERNEL_BIRTH_CALLS, a.call) && kind === 'user') {
      add(a, 'call', `${a.call} is a kernel function; ${a.task} is a user process`, 'declare the caller `kind kernel-thread` (e.g. the boot thread, pid 0) or use a thread made by kernel_thread/user_mode_thread (SEEDS 004)');
    }
    if (isOneOf(USER_SYSCALLS_THAT_CREATE_OR_EXEC, a.call) && kind !== undefined && kind !== 'user') {
      add(a, 'call', `${a.task} is a ${kind} and makes no system calls`, kind === 'user-mode-thread' ? 'a user-mode thread becomes a process with kernel_execve' : 'a kernel thread creates tasks with kernel_thread/user_mode_thread');
    }
    switch (a.call) {
      case 'clone': {
        const flags = new Set(a.flags);
        if (invalidCombination(flags)) break;
        if (flags.has('CLONE_FS')) add(a, 'flags', 'CLONE_FS is not simulated: cwd, root and umask are per process here', 'leave CLONE_FS out; shared fs_struct is not modelled');
        if (flags.has('CLONE_THREAD')) add(a, 'flags', 'clone(CLONE_THREAD) creates a thread, not a process', 'use pthread_create to add a thread');
        else if (flags.has('CLONE_SIGHAND')) add(a, 'flags', 'CLONE_SIGHAND without CLONE_THREAD is not simulated: signal handlers are per process here', 'leave CLONE_SIGHAND out');
        if (!flags.has('CLONE_VM') && !scenario.machine.mmu) {
          add(
            a,
            'flags',
            'clone without CLONE_VM on a nommu machine is not simulated: the child gets an mm with no mappings while it keeps running on the same physical memory (mm/nommu.c: dup_mmap)',
            'use vfork, or clone with CLONE_VM (SEEDS 002)',
          );
        }
        kinds.set(a.child, 'user');
        break;
      }
      case 'fork':
      case 'vfork':
        kinds.set(a.child, 'user');
        break;
      case 'kernel_thread':
      case 'user_mode_thread': {
        const bad = a.flags.filter((f) => !KERNEL_THREAD_FLAGS.includes(f));
        if (bad.length) add(a, 'flags', `${bad.join('|')} is not simulated for ${a.call}`, `flags: ${KERNEL_THREAD_FLAGS.filter((f) => f !== 'CLONE_VM').join(', ')} (CLONE_VM is always added)`);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a.fn)) add(a, 'fn', `"${a.fn}" is not a kernel function name`, 'e.g. kernel_init, kthreadd');
        kinds.set(a.child, a.call === 'kernel_thread' ? 'kernel-thread' : 'user-mode-thread');
        break;
      }
      case 'kernel_execve':
        if (kind === 'user-mode-thread') undecided.add(a.task);
        break;
      default:
        break;
    }
  }

  scenario.expectations.forEach((e, i) => {
    if (e.what === 'shares' && !kinds.has(e.other)) {
      problems.push({ code: 'unknown-task', at: `expectations[${i}].other`, message: `no task named "${e.other}"`, loc: e.loc });
    }
  });
  return problems;
}
