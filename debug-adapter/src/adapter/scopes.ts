/**
 * Scopes of a frame: the task's state (FD table, Port namespace where the
 * system has one, Credentials, Signals, Memory, Registers, Process — sim-core
 * query/sections.ts), what the personality shows about the event at the
 * cursor (the message in flight) and the system (server state), then a scope
 * for the frame itself — each kind of frame has its own, as in the TLC
 * debugger: the phase's catalogue entry, the actor, the statement, the
 * expectation — and, on the innermost frame, the event at the cursor.
 */
import { describeEvent, describeOutcome, query, type Engine } from '../../../sim-core/src/index.js';
import type { FrameInfo } from './frames.js';

type QValue = query.QValue;

export interface ScopeInfo {
  readonly name: string;
  readonly value: QValue;
  readonly expensive: boolean;
  readonly presentationHint?: 'registers' | 'locals' | 'arguments';
}

const { record, str, num, bool, list, none } = query;

function frameScope(frame: FrameInfo, engine: Engine): ScopeInfo | undefined {
  const f = frame.engineFrame;
  switch (frame.kind) {
    case 'phase': {
      const p = frame.phase;
      if (!p) return undefined;
      const pc = f?.pc ?? 1;
      return {
        name: 'Phase',
        expensive: false,
        value: record('phase', p.id, () => [
          { name: 'id', value: str(p.id) },
          { name: 'title', value: str(p.title) },
          { name: 'actor', value: str(p.actor) },
          { name: 'summary', value: str(p.summary) },
          { name: 'line', value: str(`${pc}: ${p.pseudo[pc - 1] ?? ''}`, { type: 'pseudo-code line' }) },
          { name: 'pointOfNoReturn', value: bool(p.pointOfNoReturn === true) },
          { name: 'errors', value: list('errors', p.errors.map((e) => str(`${e.errno}: ${e.when}`)), { display: p.errors.map((e) => e.errno).join(' ') || '(none)' }) },
          { name: 'sources', value: list('citations', p.citations.map((c) => str(`${c.source} ${c.file}: ${c.function}`)), { display: p.citations.map((c) => c.function).join(', ') }) },
        ]),
      };
    }
    case 'actor':
      return {
        name: 'Actor',
        expensive: false,
        value: record('actor', frame.name, () => [
          { name: 'actor', value: str(f?.actor ?? 'unknown') },
          { name: 'call', value: str(frame.name) },
          { name: 'pid', value: num(f?.pid ?? 0, { type: 'pid' }) },
          { name: 'tid', value: num(f?.tid ?? 0, { type: 'tid' }) },
        ]),
      };
    case 'action': {
      const index = f?.action ?? -1;
      const log = engine.actions().get(index);
      const at = engine.position;
      const finished = log?.finished !== undefined && log.finished <= at;
      const state = finished ? describeOutcome(log!.outcome) : log && log.started <= at ? 'running' : 'waiting for its thread';
      return {
        name: 'Statement',
        expensive: false,
        value: record('statement', frame.name, () => [
          { name: 'statement', value: str(frame.name) },
          { name: 'line', value: frame.line !== undefined ? num(frame.line, { type: 'line' }) : none('(none)') },
          { name: 'index', value: num(index) },
          { name: 'state', value: str(state) },
          ...(finished && log!.outcome && !log!.outcome.ok && 'detail' in log!.outcome ? [{ name: 'detail', value: str(log!.outcome.detail) }] : []),
        ]),
      };
    }
    case 'expect': {
      const e = engine.currentEvent;
      const result = e && e.kind === 'expectation' && e.index === f?.expectation ? e : undefined;
      return {
        name: 'Expectation',
        expensive: false,
        value: record('expectation', frame.name, () => [
          { name: 'expectation', value: str(frame.name) },
          ...(result
            ? [
                { name: 'passed', value: bool(result.passed) },
                { name: 'expected', value: str(result.expected) },
                { name: 'seen', value: str(result.seen) },
              ]
            : []),
        ]),
      };
    }
    case 'status':
      return undefined;
  }
}

function eventScope(engine: Engine): ScopeInfo | undefined {
  const e = engine.currentEvent;
  if (!e) return undefined;
  return {
    name: 'Event',
    expensive: false,
    value: record('event', `#${e.seq} ${e.kind}`, () => [
      { name: 'seq', value: num(e.seq, { type: 'event', path: '$seq' }) },
      { name: 'kind', value: str(e.kind, { path: '$event' }) },
      { name: 'text', value: str(describeEvent(e, engine.state)) },
    ]),
  };
}

export function scopesOf(frame: FrameInfo, engine: Engine): ScopeInfo[] {
  const inspector = engine.personality.inspector;
  const state = engine.state;
  const out: ScopeInfo[] = [];
  if (frame.pid > 0) {
    for (const s of query.taskSections(state, frame.pid, inspector)) {
      out.push({ name: s.name, value: s.value, expensive: s.expensive === true, ...(s.name === 'Registers' ? { presentationHint: 'registers' as const } : {}) });
    }
  }
  for (const s of query.eventSections(state, engine.currentEvent, inspector, (seq) => engine.event(seq))) out.push({ name: s.name, value: s.value, expensive: s.expensive === true });
  const own = frameScope(frame, engine);
  if (own) out.push(own);
  if (frame.top) {
    const ev = eventScope(engine);
    if (ev) out.push(ev);
  }
  return out;
}
