/**
 * Every simulated thread of every task, in pid order, with a key that stays
 * the same when the thread's tid changes (a non-leader exec takes the
 * leader's tid in de_thread; LINUX fs/exec.c: de_thread, exchange_tids): the
 * task's scenario name and the thread's name, both unique at any moment.
 */
import type { KernelState, Pid, Tid } from '../model/state.js';

export interface ThreadInfo {
  /** Stable identity: `shell/main`. */
  readonly key: string;
  readonly pid: Pid;
  readonly tid: Tid;
  /** `shell (pid 100) · main`. */
  readonly label: string;
  /** `running`, or why the thread waits. */
  readonly state: string;
}

export function listThreads(state: KernelState): ThreadInfo[] {
  const out: ThreadInfo[] = [];
  const seen = new Set<string>();
  state.tasks.forEach((task) => {
    for (const t of task.threads) {
      let key = `${task.name}/${t.name}`;
      // Names are unique by construction; keep keys unique even if a scenario breaks that.
      if (seen.has(key)) key = `${key}#${t.tid}`;
      seen.add(key);
      out.push({
        key,
        pid: task.pid,
        tid: t.tid,
        label: `${task.name} (pid ${task.pid}) · ${t.name}`,
        state: t.run.state === 'blocked' ? `blocked: ${t.run.reason}` : 'running',
      });
    }
  });
  return out;
}
