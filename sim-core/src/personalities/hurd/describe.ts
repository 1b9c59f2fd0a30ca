/**
 * Text for the Hurd's events: one line each for traces and the debug console,
 * and an rpctrace-like rendering of a whole run (HURD utils/rpctrace.c prints
 * `dest<--reply(pid)->rpc (args) = result out`; here every task's messages
 * are shown, nested calls indented under the call that made them).
 */
import type { Engine } from '../../engine/engine.js';
import type { EventBody, SimEvent } from '../../engine/events.js';
import { describeOutcome } from '../../engine/expectations.js';
import type { KernelState } from '../../model/state.js';
import type { HurdEvent, RightMove } from './events.js';

function rightText(m: RightMove): string {
  if (m.from === 0 && m.to === 0) return `${m.what} NULL`;
  return `${m.what} ${m.from}→${m.to} ${m.disposition}`;
}

export function rightsText(moves: readonly RightMove[]): string {
  const carried = moves.filter((m) => m.port !== 0);
  return carried.length ? ` {${carried.map(rightText).join(', ')}}` : '';
}

export function isHurdEvent(e: EventBody): e is HurdEvent {
  return e.kind === 'hurd-rpc' || e.kind === 'hurd-reply' || e.kind === 'hurd-rights';
}

export function describeHurdEvent(e: EventBody, _state: KernelState): string | undefined {
  if (!isHurdEvent(e)) return undefined;
  switch (e.kind) {
    case 'hurd-rpc':
      return `${e.from.label} → ${e.to.label}: ${e.rpc} on ${e.dest.name} (${e.dest.label}) (${e.args.join(', ')})${rightsText(e.rights)}`;
    case 'hurd-reply':
      return `${e.from.label} ⇒ ${e.to.label}: ${e.rpc} = ${e.result === 'ok' ? '0' : e.result}${e.out.length ? ` ${e.out.join(' ')}` : ''}${rightsText(e.rights)}`;
    case 'hurd-rights':
      return `${e.pid !== null ? `pid ${e.pid}` : 'kernel'}: ${e.detail}`;
  }
}

export interface RpcTraceOptions {
  /** Include right changes outside messages (deallocate, destroy, dead names, no-senders). Default true. */
  readonly rights?: boolean;
}

/** The rpctrace-like view of a run: statements, messages, replies, right changes, points of no return. */
export function renderRpcTrace(engine: Engine, options: RpcTraceOptions = {}): string[] {
  const lines: string[] = [];
  const open: number[] = [];
  const withRights = options.rights ?? true;
  const indent = () => '  '.repeat(open.length + 1);
  for (const e of engine.events() as readonly SimEvent[]) {
    switch (e.kind) {
      case 'action-started':
        lines.push(`${e.frame?.loc ? `${e.frame.loc.line}: ` : ''}${e.frame?.label ?? `statement ${e.action}`}`);
        open.length = 0;
        break;
      case 'action-finished':
        lines.push(`  ⇒ ${describeOutcome(e.outcome)}${!e.outcome.ok && 'detail' in e.outcome ? ` — ${e.outcome.detail}` : ''}`);
        break;
      case 'hurd-rpc': {
        const args = e.args.length ? ` (${e.args.join(' ')})` : ' ()';
        lines.push(`${indent()}${e.from.label} ${e.dest.name}->${e.rpc}${args}${rightsText(e.rights)}`);
        if (e.rpc !== 'io_reauthenticate' && e.rpc !== 'proc_reauthenticate' && e.rpc !== 'proc_reauthenticate_reassign' && e.rpc !== 'proc_reauthenticate_complete') open.push(e.call);
        break;
      }
      case 'hurd-reply': {
        const at = open.lastIndexOf(e.call);
        if (at >= 0) open.length = at;
        const result = e.result === 'ok' ? '0' : e.result;
        lines.push(`${indent()}  = ${result}${e.out.length ? ` ${e.out.join(' ')}` : ''}${rightsText(e.rights)}   [${e.rpc} ${e.from.label} ⇒ ${e.to.label}]`);
        break;
      }
      case 'hurd-rights':
        if (withRights) lines.push(`${indent()}# ${e.pid !== null ? `pid ${e.pid}` : 'kernel'}: ${e.detail}`);
        break;
      case 'point-of-no-return':
        lines.push(`${indent()}*** point of no return for pid ${e.pid}`);
        break;
      case 'process-killed':
        lines.push(`${indent()}*** pid ${e.pid} killed by ${e.signal} (${e.reason})`);
        break;
      case 'expectation':
        lines.push(`${e.frame?.loc ? `${e.frame.loc.line}: ` : ''}${e.passed ? '✓' : '✗'} ${e.frame?.label ?? 'expect'}${e.passed ? '' : ` — saw ${e.seen}`}`);
        break;
      default:
        break;
    }
  }
  return lines;
}
