/**
 * Incidents: the moments a debugger's exception filters stop at. Each is read
 * off the tape (the event, and the states before and after it):
 * - exec-failed: the phase where an exec path failed (the first phase that
 *   returned an error in its statement; later ones only pass it up);
 * - point-of-no-return: the exec committed, later failures kill the process;
 * - secure-exec-leak: a program starts with AT_SECURE=1 (set-id or gaining
 *   privilege) while holding fds 3 and up it did not close — fds 0–2 are
 *   expected (glibc csu/check_fds.c: __libc_check_standard_fds even opens
 *   them for such programs) — or, where the personality says so, port rights;
 * - expectation-failed: an `expect` line that does not hold.
 */
import { phaseById } from '../catalogue/index.js';
import { errnoText, type Errno } from '../model/errno.js';
import { descriptionOf, targetName } from '../model/fds.js';
import type { KernelState, Pid } from '../model/state.js';
import type { StateInspector } from '../query/inspector.js';
import type { Engine } from './engine.js';
import type { SimEvent } from './events.js';

export type IncidentKind = 'exec-failed' | 'point-of-no-return' | 'secure-exec-leak' | 'expectation-failed';

export interface Incident {
  readonly kind: IncidentKind;
  /** Short name: the errno, `point of no return`, `AT_SECURE with open fds`, `expectation failed`. */
  readonly id: string;
  readonly description: string;
  readonly errno?: Errno;
  /** One line per fact: the phase, the call, the fds that leaked, what the catalogue says. */
  readonly details: readonly string[];
}

export function incidentsAt(engine: Engine, seq: number, inspector?: StateInspector): Incident[] {
  const e = engine.event(seq);
  const out: Incident[] = [];
  switch (e.kind) {
    case 'phase-left':
      if (e.errno && isFirstFailure(engine, seq)) out.push(execFailure(engine, e, e.errno));
      break;
    case 'point-of-no-return': {
      const p = phaseById(e.phase);
      out.push({
        kind: 'point-of-no-return',
        id: 'point of no return',
        description: `pid ${e.pid} crossed the point of no return in ${p?.title ?? e.phase}: from here a failure kills the process instead of returning an error`,
        details: [`phase: ${e.phase}`, ...(p ? [p.summary] : [])],
      });
      break;
    }
    case 'expectation':
      if (!e.passed) {
        out.push({
          kind: 'expectation-failed',
          id: 'expectation failed',
          description: `expected ${e.expected}, saw ${e.seen}`,
          details: [`${e.frame?.label ?? `expectation ${e.index}`}${e.frame?.loc ? ` (line ${e.frame.loc.line})` : ''}`, `expected: ${e.expected}`, `seen: ${e.seen}`],
        });
      }
      break;
  }
  const leak = secureExecLeak(engine, e, inspector);
  if (leak) out.push(leak);
  return out;
}

/** The first phase-left carrying an error since its statement started: where the failure happened. */
function isFirstFailure(engine: Engine, seq: number): boolean {
  for (let i = seq - 1; i >= 0; i--) {
    const e = engine.event(i);
    if (e.kind === 'action-started') return true;
    if (e.kind === 'phase-left' && e.errno) return false;
  }
  return true;
}

function rootFrame(e: SimEvent) {
  let f = e.frame;
  while (f?.parent) f = f.parent;
  return f;
}

function execFailure(engine: Engine, e: Extract<SimEvent, { kind: 'phase-left' }>, errno: Errno): Incident {
  const p = phaseById(e.phase);
  const root = rootFrame(e);
  const log = root?.action !== undefined ? engine.actions().get(root.action) : undefined;
  const outcome = log?.outcome;
  const detail = outcome && !outcome.ok && 'detail' in outcome ? outcome.detail : undefined;
  const killed = outcome && !outcome.ok && 'killed' in outcome;
  const when = p?.errors.filter((x) => x.errno === errno).map((x) => `${errno} here: ${x.when}`) ?? [];
  return {
    kind: 'exec-failed',
    id: errno,
    errno,
    description: `${p?.title ?? e.phase} failed with ${errno} (${errnoText(errno)})${detail ? `: ${detail}` : ''}${killed ? ' — past the point of no return, so the process is killed' : ''}`,
    details: [`phase: ${e.phase}`, ...(root?.label ? [`statement: ${root.label}${root.loc ? ` (line ${root.loc.line})` : ''}`] : []), ...when],
  };
}

function atSecure(state: KernelState, pid: Pid): { mm: number; image: string | null } | undefined {
  const task = state.tasks.get(pid);
  const mm = task ? state.mms.get(task.mm) : undefined;
  return mm && mm.auxv.AT_SECURE === 1 ? { mm: mm.id, image: mm.image } : undefined;
}

function secureExecLeak(engine: Engine, e: SimEvent, inspector?: StateInspector): Incident | undefined {
  const after = engine.stateAt(e.seq);
  const before = engine.stateAt(e.seq - 1);
  const start = inspector?.secureExecStart ? inspector.secureExecStart(before, after, e) : atSecureStart(before, after, e);
  if (!start) return undefined;
  const { pid } = start;
  const task = after.tasks.get(pid)!;
  const leaks: string[] = [];
  const table = after.fdTables.get(task.files);
  table?.slots.forEach((slot, fd) => {
    if (fd < 3 || slot.cloexec) return;
    const d = descriptionOf(after, slot.desc);
    leaks.push(`fd ${fd} → ${targetName(d.target)} (${d.access})`);
  });
  leaks.push(...(inspector?.secureExecLeaks?.(before, after, e) ?? []));
  if (!leaks.length) return undefined;
  return {
    kind: 'secure-exec-leak',
    id: `${start.flag} with inherited rights`,
    description: `${task.name} (pid ${pid}) starts ${start.image ?? 'a program'} with ${start.flag} holding ${leaks.length === 1 ? leaks[0] : `${leaks.length} inherited rights`}`,
    details: leaks,
  };
}

/** A program starting with AT_SECURE=1 in its auxiliary vector at this event (a new address space). */
function atSecureStart(before: KernelState, after: KernelState, e: SimEvent): { pid: Pid; image: string | null; flag: string } | undefined {
  if (before.mms === after.mms) return undefined;
  const pid = 'pid' in e && typeof e.pid === 'number' ? e.pid : e.frame?.pid;
  if (pid === undefined) return undefined;
  const now = atSecure(after, pid);
  if (!now) return undefined;
  const then = atSecure(before, pid);
  if (then && then.mm === now.mm) return undefined;
  return { pid, image: now.image, flag: 'AT_SECURE=1' };
}
