/**
 * What a scenario can assert about the L4-Hurd protocol: who holds the task
 * object, which handles a task still has in servers, what exec keeps and
 * whom it called, and the stack area of a new program.
 */
import type { KernelState } from '../../model/state.js';
import type { ExpectationSpec, TaskRef } from '../../scenario/scenario.js';
import { handleText, type L4TaskState } from './state.js';

export type L4StackField = 'secure' | 'argv' | 'fds' | 'dealloc' | 'auth' | 'entry';

declare module '../../scenario/expectations.js' {
  interface ExtExpectations {
    /** The exact list of holders of a send right on the task object, by name. */
    'l4hurd-holders': { readonly what: 'l4hurd-holders'; readonly holders: readonly string[] } & TaskRef;
    /** The exact list of the task's handles, as `use → server:object`. */
    'l4hurd-handles': { readonly what: 'l4hurd-handles'; readonly handles: readonly string[] } & TaskRef;
    /** What exec keeps for clients between calls (the protocol: nothing). */
    'l4hurd-exec-holds': { readonly what: 'l4hurd-exec-holds'; readonly holds: readonly string[] };
    /** Every call the exec server made so far, in order. */
    'l4hurd-exec-calls': { readonly what: 'l4hurd-exec-calls'; readonly calls: readonly string[] };
    /** One field of the stack area exec wrote, as text. */
    'l4hurd-stack': { readonly what: 'l4hurd-stack'; readonly field: L4StackField; readonly value: string } & TaskRef;
  }
}

type Result = { passed: boolean; expected: string; seen: string };

const list = (xs: readonly string[]) => (xs.length ? xs.join('; ') : '(none)');

function l4Of(state: KernelState, name: string): L4TaskState | undefined {
  const pid = state.names[name];
  return pid === undefined ? undefined : state.tasks.get(pid)?.ext.l4hurd;
}

/** The text form of a stack field (what `l4hurd-stack` compares). */
export function stackFieldText(t: L4TaskState, field: L4StackField): string {
  const s = t.stack;
  if (!s) return '(no stack area)';
  const handle = (id: number) => {
    const h = t.handles.find((x) => x.id === id);
    return h ? `#${id} ${h.server}:${h.object}` : `#${id} (deallocated)`;
  };
  switch (field) {
    case 'secure':
      return String(s.secure);
    case 'argv':
      return JSON.stringify(s.words.argv);
    case 'fds':
      return s.words.fds.map((f) => `${f.fd}=#${f.handle}`).join(' ') || '(none)';
    case 'dealloc':
      return s.words.dealloc.map((id) => `#${id}`).join(' ') || '(none)';
    case 'auth':
      return s.auth === null ? '(none)' : handle(s.auth);
    case 'entry':
      return s.entry;
  }
}

export function evaluateL4Expectation(e: ExpectationSpec, state: KernelState): Result | undefined {
  const w = state.ext.l4hurd;
  switch (e.what) {
    case 'l4hurd-exec-holds': {
      const seen = w?.execHolds ?? [];
      return { passed: list(seen) === list(e.holds), expected: list(e.holds), seen: list(seen) };
    }
    case 'l4hurd-exec-calls': {
      const seen = w?.execCalls ?? [];
      return { passed: list(seen) === list(e.calls), expected: list(e.calls), seen: list(seen) };
    }
    case 'l4hurd-holders': {
      const t = l4Of(state, e.task);
      const seen = t ? list(t.holders.map((h) => h.name)) : `no task named ${e.task}`;
      return { passed: seen === list(e.holders), expected: list(e.holders), seen };
    }
    case 'l4hurd-handles': {
      const t = l4Of(state, e.task);
      const seen = t ? list(t.handles.map(handleText)) : `no task named ${e.task}`;
      return { passed: seen === list(e.handles), expected: list(e.handles), seen };
    }
    case 'l4hurd-stack': {
      const t = l4Of(state, e.task);
      const seen = t ? stackFieldText(t, e.field) : `no task named ${e.task}`;
      return { passed: seen === e.value, expected: `${e.field} ${e.value}`, seen: `${e.field} ${seen}` };
    }
    default:
      return undefined;
  }
}
