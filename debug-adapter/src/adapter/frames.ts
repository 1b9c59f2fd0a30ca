/**
 * Stack frames: the exec call chain at the cursor, innermost first — phase
 * frames (`kernel: do_execveat_common (execve) › do_open_execat`, source: the
 * phase's pseudo-code at its current line), actor frames, and the scenario
 * statement frame at its line. The thread that issued the statement shows the
 * whole chain; any other thread shows the frames that run on it (a server
 * thread in an RPC) and a last frame saying what it is doing.
 */
import type { Frame, PhaseInfo } from '../../../sim-core/src/index.js';
import type { DebugThread } from './threads.js';

export type FrameKind = 'phase' | 'actor' | 'action' | 'expect' | 'status';

export interface FrameInfo {
  readonly kind: FrameKind;
  readonly name: string;
  /** Task whose state the frame's scopes show (0: none). */
  readonly pid: number;
  readonly engineFrame?: Frame;
  readonly phase?: PhaseInfo;
  /** 1-based line in the scenario (statement frames) or in the phase's pseudo-code. */
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** True for the frame the cursor's event happened in. */
  readonly top: boolean;
}

export function chainOf(frame: Frame | null): Frame[] {
  const out: Frame[] = [];
  for (let f = frame; f; f = f.parent) out.push(f);
  return out;
}

function actorLabel(f: Frame): string | undefined {
  for (let p = f.parent; p; p = p.parent) if (p.kind === 'actor') return p.label;
  return undefined;
}

export function frameInfo(f: Frame, phases: ReadonlyMap<string, PhaseInfo>, top: boolean): FrameInfo {
  switch (f.kind) {
    case 'phase': {
      const phase = f.phase ? phases.get(f.phase) : undefined;
      const actor = actorLabel(f);
      const title = phase?.title ?? f.label;
      return { kind: 'phase', name: actor ? `${actor} › ${title}` : title, pid: f.pid, engineFrame: f, ...(phase ? { phase } : {}), line: f.pc, column: 1, top };
    }
    case 'actor': {
      const root = chainOf(f).pop()!;
      return { kind: 'actor', name: f.label, pid: f.pid, engineFrame: f, ...locOf(root), top };
    }
    case 'action':
    case 'expect':
      return { kind: f.kind, name: f.label, pid: f.pid, engineFrame: f, ...locOf(f), top };
  }
}

function locOf(f: Frame): Pick<FrameInfo, 'line' | 'column' | 'endLine' | 'endColumn'> {
  return f.loc ? { line: f.loc.line, column: f.loc.column, endLine: f.loc.endLine, endColumn: f.loc.endColumn } : {};
}

/** The frames of `thread`, given the chain at the cursor and the thread the stop belongs to. */
export function framesOf(
  thread: DebugThread,
  stoppedThreadId: number,
  chain: readonly Frame[],
  phases: ReadonlyMap<string, PhaseInfo>,
): FrameInfo[] {
  if (thread.id === stoppedThreadId && chain.length) return chain.map((f, i) => frameInfo(f, phases, i === 0));
  const own = chain.filter((f) => f.kind !== 'action' && f.kind !== 'expect' && f.pid === thread.pid && f.tid === thread.tid);
  const status: FrameInfo = {
    kind: 'status',
    name: own.length ? `${thread.name}: serving the call above` : `${thread.name}: ${thread.state === 'running' ? 'between statements' : thread.state}`,
    pid: thread.pid,
    top: false,
  };
  return [...own.map((f) => frameInfo(f, phases, f === chain[0])), status];
}
