/**
 * pre_execve and post_execve (FBSD sys/kern/kern_exec.c): a process that has
 * threads is single-threaded at the kernel boundary for the exec; success
 * makes the other threads exit, failure lets them go on.
 */
import type { Kernel } from '../../../engine/kernel.js';
import { taskOf } from '../../../model/fds.js';
import type { Pid, Tid } from '../../../model/state.js';
import { updateTask } from '../../common/process-ops.js';
import { updateLastMessage } from '../state.js';

/** thread_single(SINGLE_BOUNDARY): every other thread parks at the user boundary. */
export function preExecve(k: Kernel, pid: Pid, tid: Tid): void {
  const task = taskOf(k.state, pid);
  // P_HADTHREADS: the process has had more than one thread.
  if (task.threads.length <= 1) return;
  k.pc(2);
  const others = task.threads.filter((t) => t.tid !== tid).map((t) => t.tid);
  k.change(updateLastMessage(k.state, (m) => ({ ...m, parked: others })), {
    kind: 'note',
    text: `thread_single(SINGLE_BOUNDARY): thread${others.length > 1 ? 's' : ''} ${others.join(', ')} parked while thread ${tid} execs`,
  });
  for (const t of others) k.emit({ kind: 'thread-blocked', pid, tid: t, reason: 'thread_single(SINGLE_BOUNDARY): an exec is running' });
}

/** After the exec: SINGLE_EXIT kills the parked threads on success, thread_single_end resumes them on failure. */
export function postExecve(k: Kernel, pid: Pid, tid: Tid, succeeded: boolean, parked: readonly Tid[]): void {
  if (parked.length === 0) return;
  if (succeeded) {
    k.pc(2);
    for (const t of parked) {
      k.change(
        updateTask(k.state, pid, (x) => ({ ...x, threads: x.threads.filter((th) => th.tid !== t), leader: tid })),
        { kind: 'thread-killed', pid, tid: t, reason: 'thread_single(SINGLE_EXIT) after a successful exec' },
      );
    }
  } else {
    k.pc(3);
    for (const t of parked) k.emit({ kind: 'thread-resumed', pid, tid: t, reason: 'thread_single_end: the exec failed' });
  }
  k.change(updateLastMessage(k.state, (m) => ({ ...m, parked: [] })), { kind: 'note', text: succeeded ? 'the process has one thread left' : 'single-threading ended' });
}
