/** One line of text per event, the same in the CLI trace, the debug console and golden files. */
import { phaseById } from '../catalogue/index.js';
import type { EventBody } from '../engine/events.js';
import { describeOutcome } from '../engine/expectations.js';
import type { KernelState } from '../model/state.js';
import { actorName } from '../engine/frame-table.js';
import { personalityFor } from '../personalities/registry.js';
import type { Credentials } from '../scenario/scenario.js';

function credText(c: Credentials): string {
  return `uid ${c.uid}/${c.euid}/${c.suid}/${c.fsuid} gid ${c.gid}/${c.egid}/${c.sgid}/${c.fsgid}`;
}

export function describeEvent(e: EventBody, state: KernelState): string {
  switch (e.kind) {
    case 'action-started':
      return `statement ${e.action}`;
    case 'action-finished':
      return `⇒ ${describeOutcome(e.outcome)}${!e.outcome.ok && 'detail' in e.outcome ? ` — ${e.outcome.detail}` : e.outcome.ok && e.outcome.detail ? ` — ${e.outcome.detail}` : ''}`;
    case 'action-deferred':
      return `deferred: ${e.reason}`;
    case 'actor-entered':
      return `${actorName(e.actor)}: ${e.label}`;
    case 'actor-left':
      return `${actorName(e.actor)} returns`;
    case 'phase-entered': {
      const p = phaseById(e.phase);
      return `→ ${p?.title ?? e.phase} [${e.phase}]`;
    }
    case 'phase-left':
      return e.errno ? `← ${phaseById(e.phase)?.title ?? e.phase} fails ${e.errno}` : `← ${phaseById(e.phase)?.title ?? e.phase}`;
    case 'fd-opened':
      return `pid ${e.pid}: fd ${e.fd} → ${e.target} (${e.access}${e.cloexec ? ', cloexec' : ''}) by ${e.how}`;
    case 'fd-closed':
      return `pid ${e.pid}: ${e.fds.length === 1 ? `fd ${e.fds[0]}` : `fds ${compactList(e.fds)}`} closed (${e.reason})`;
    case 'fd-changed':
      return `pid ${e.pid}: fd ${e.fd} close-on-exec ${e.cloexec ? 'set' : 'cleared'}`;
    case 'fd-table-replaced':
      return `pid ${e.pid}: new fd table (${e.how}, ${e.count} fds)`;
    case 'creds-changed':
      return `pid ${e.pid}: credentials ${credText(e.before)} → ${credText(e.after)}`;
    case 'task-created':
      return `pid ${e.pid} (${e.name}) created by ${e.how} from pid ${e.parent}`;
    case 'thread-created':
      return `pid ${e.pid}: thread ${e.tid} (${e.name}) created`;
    case 'thread-killed':
      return `pid ${e.pid}: thread ${e.tid} gone (${e.reason})`;
    case 'thread-renamed':
      return `pid ${e.pid}: thread ${e.fromTid} is now tid ${e.toTid} (${e.reason})`;
    case 'thread-blocked':
      return `pid ${e.pid}: thread ${e.tid} blocked (${e.reason})`;
    case 'thread-resumed':
      return `pid ${e.pid}: thread ${e.tid} resumes (${e.reason})`;
    case 'pid-changed':
      return `pid ${e.from} → ${e.to} (${e.reason})`;
    case 'signal-changed':
      return `pid ${e.pid}: signals: ${e.detail}`;
    case 'task-changed':
      return `pid ${e.pid}: ${e.field} ${e.from} → ${e.to}`;
    case 'memory-changed':
      return `pid ${e.pid}: ${e.detail}`;
    case 'error-returned':
      return `pid ${e.pid}: error ${e.errno} returned${e.phase ? ` from ${e.phase}` : ''}`;
    case 'point-of-no-return':
      return `pid ${e.pid}: POINT OF NO RETURN`;
    case 'process-killed':
      return `pid ${e.pid}: killed by ${e.signal} (${e.reason})`;
    case 'process-exited':
      return `pid ${e.pid}: exited with status ${e.status}`;
    case 'expectation':
      return e.passed ? `✓ ${e.expected}` : `✗ expected ${e.expected}, saw ${e.seen}`;
    case 'note':
      return e.text;
    case 'user-edit':
      return `edited: ${e.description}`;
    default: {
      const own = personalityFor(state.system)?.describeEvent?.(e, state);
      return own ?? JSON.stringify(e);
    }
  }
}

/** 3 5 7-12: runs of consecutive fds shortened. */
export function compactList(ns: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    out.push(j - i >= 2 ? `${ns[i]}-${ns[j]}` : j === i ? `${ns[i]}` : `${ns[i]} ${ns[j]}`);
    i = j + 1;
  }
  return out.join(' ');
}
