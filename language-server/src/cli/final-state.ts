/** The final fd tables and credentials of every process, as aligned text tables. */
import { descriptionOf, targetName } from '../../../sim-core/src/model/fds.js';
import type { KernelState, Task } from '../../../sim-core/src/model/state.js';
import type { Style } from './style.js';

/** Left-aligned columns separated by two spaces; no trailing blanks. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length))).join('  ').trimEnd());
}

function status(task: Task): string {
  const s = task.status;
  if (s.state === 'killed') return `killed by ${s.signal}`;
  if (s.state === 'exited') return `exited ${s.status}`;
  const blocked = task.threads.find((t) => t.run.state === 'blocked');
  return blocked && blocked.run.state === 'blocked' ? `running, thread ${blocked.tid} blocked (${blocked.run.reason})` : 'running';
}

export interface TaskSummary {
  readonly name: string;
  readonly pid: number;
  readonly ppid: number;
  readonly status: string;
  readonly exe: string | null;
  readonly comm: string;
  readonly threads: readonly { readonly name: string; readonly tid: number }[];
  readonly fds: readonly { readonly fd: number; readonly target: string; readonly access: string; readonly cloexec: boolean }[] | null;
  readonly creds: Task['creds'];
}

export function summarize(state: KernelState): TaskSummary[] {
  const out: TaskSummary[] = [];
  state.tasks.forEach((task) => {
    const table = state.fdTables.get(task.files);
    const fds: { fd: number; target: string; access: string; cloexec: boolean }[] = [];
    table?.slots.forEach((slot, fd) => {
      const d = descriptionOf(state, slot.desc);
      fds.push({ fd, target: targetName(d.target), access: d.access, cloexec: slot.cloexec });
    });
    out.push({
      name: task.name,
      pid: task.pid,
      ppid: task.ppid,
      status: status(task),
      exe: task.exe,
      comm: task.comm,
      threads: task.threads.map((t) => ({ name: t.name, tid: t.tid })),
      fds: table ? fds : null,
      creds: task.creds,
    });
  });
  return out.sort((a, b) => a.pid - b.pid);
}

export function renderFinalState(state: KernelState, style: Style): string[] {
  const lines: string[] = [];
  for (const t of summarize(state)) {
    if (lines.length) lines.push('');
    lines.push(`${style.bold(t.name)} · pid ${t.pid} · ppid ${t.ppid} · ${t.status}`);
    lines.push(`  program ${t.exe ?? '(none)'} · comm ${t.comm} · threads ${t.threads.map((th) => `${th.name}/${th.tid}`).join(', ')}`);
    if (t.fds === null) lines.push('  no fd table');
    else if (t.fds.length === 0) lines.push('  no open fds');
    else {
      const rows = table([['fd', 'target', 'access', 'close-on-exec'], ...t.fds.map((f) => [String(f.fd), f.target, f.access, f.cloexec ? 'yes' : 'no'])]);
      lines.push(`  ${style.dim(rows[0]!)}`, ...rows.slice(1).map((r) => `  ${r}`));
    }
    const c = t.creds;
    const rows = table([
      ['', 'real', 'effective', 'saved', 'fs'],
      ['uid', String(c.uid), String(c.euid), String(c.suid), String(c.fsuid)],
      ['gid', String(c.gid), String(c.egid), String(c.sgid), String(c.fsgid)],
    ]);
    lines.push(`  ${style.dim(rows[0]!)}`, ...rows.slice(1).map((r) => `  ${r}`));
    lines.push(`  groups ${c.groups.length ? c.groups.join(' ') : 'none'}`);
  }
  return lines;
}
