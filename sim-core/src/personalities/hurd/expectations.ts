/**
 * What a scenario can assert about Hurd state: names and rights in a task's
 * port namespace, glibc's descriptor table with its port names, the init
 * ports, the auth port's id vectors, the task's bootstrap port, whether the
 * process now runs in a new Mach task, and the exec server's readiness.
 */
import type { KernelState, Task } from '../../model/state.js';
import type { ExpectationSpec, IdVectorsSpec, TaskRef } from '../../scenario/scenario.js';
import { authIdsAt } from './glibc-state.js';
import { idsText } from './idvec.js';
import { authText } from './labels.js';
import { portOf, rightsText } from './mach-ports.js';
import { EXEC_SECURE, INIT_PORT, INIT_PORT_NAMES, type InitPortName, type PortKind } from './state.js';

/** One name of a namespace as an expectation states it. */
export interface PortRowSpec {
  readonly name: number;
  /** As the debugger shows them: `send(2)`, `receive+send(1)`, `dead-name(1)`, `send-once`, `port-set`, `receive`. */
  readonly rights: string;
  /** What the port stands for (io, auth, proc, task, execboot, …); unchecked when absent. */
  readonly kind?: PortKind;
}

export interface DtableRowSpec {
  readonly fd: number;
  readonly port: number;
  readonly cloexec?: boolean;
  readonly ctty?: number;
}

declare module '../../scenario/expectations.js' {
  interface ExtExpectations {
    port: { readonly what: 'port'; readonly name: number; readonly rights: string | 'none'; readonly kind?: PortKind } & TaskRef;
    'port-names': { readonly what: 'port-names'; readonly entries: readonly PortRowSpec[] } & TaskRef;
    'port-count': { readonly what: 'port-count'; readonly count: number } & TaskRef;
    'task-replaced': { readonly what: 'task-replaced'; readonly replaced: boolean } & TaskRef;
    'auth-ids': { readonly what: 'auth-ids'; readonly ids: IdVectorsSpec } & TaskRef;
    'bootstrap-port': { readonly what: 'bootstrap-port'; readonly kind: PortKind | 'none' } & TaskRef;
    'init-port': { readonly what: 'init-port'; readonly slot: InitPortName; readonly kind: PortKind | 'null'; readonly path?: string } & TaskRef;
    dtable: { readonly what: 'dtable'; readonly rows: readonly DtableRowSpec[] } & TaskRef;
    'exec-secure': { readonly what: 'exec-secure'; readonly secure: boolean } & TaskRef;
    'exec-server-ready': { readonly what: 'exec-server-ready'; readonly ready: boolean };
  }
}

export const HURD_EXPECTATIONS = ['port', 'port-names', 'port-count', 'task-replaced', 'auth-ids', 'bootstrap-port', 'init-port', 'dtable', 'exec-secure', 'exec-server-ready'] as const;

type Result = { passed: boolean; expected: string; seen: string };

function result(passed: boolean, expected: string, seen: string): Result {
  return { passed, expected, seen };
}

export function portRowText(r: PortRowSpec): string {
  return `${r.name}: ${r.rights}${r.kind ? ` ${r.kind}` : ''}`;
}

/** The rows of a task's namespace, in name order. */
export function namespaceRows(state: KernelState, task: Task): PortRowSpec[] {
  const w = state.ext.hurd!;
  const space = w.spaces.get(task.ext.hurd!.task);
  if (!space) return [];
  return space.entries.values().map((e) => ({ name: e.name, rights: rightsText(e), kind: portOf(w, e.port).object.kind }));
}

function idvecsText(ids: IdVectorsSpec): string {
  return `eu ${idsText(ids.euids)} au ${idsText(ids.auids)} eg ${idsText(ids.egids)} ag ${idsText(ids.agids)}`;
}

/** Evaluates the Hurd's own expectation kinds; undefined for the others. */
export function evaluateHurdExpectation(e: ExpectationSpec, state: KernelState): Result | undefined {
  const w = state.ext.hurd;
  if (!w || !(HURD_EXPECTATIONS as readonly string[]).includes(e.what)) return undefined;
  if (e.what === 'exec-server-ready') {
    const ready = !!(w.exec && w.servers.get(w.exec)?.std);
    return result(ready === e.ready, e.ready ? 'exec server ready' : 'exec server not ready', ready ? 'exec server ready' : 'exec server not ready');
  }
  const ref = e as ExpectationSpec & TaskRef;
  const pid = state.names[ref.task];
  const task = pid === undefined ? undefined : state.tasks.get(pid);
  if (!task || !task.ext.hurd) return result(false, e.what, `no task named ${ref.task}`);
  const h = task.ext.hurd;
  const space = w.spaces.get(h.task);
  switch (e.what) {
    case 'task-replaced': {
      const replaced = h.task !== h.originalTask;
      const seen = replaced ? `replaced (task ${h.originalTask} → ${h.task})` : `same task (${h.task})`;
      return result(replaced === e.replaced, e.replaced ? 'task replaced' : 'same task', seen);
    }
    case 'port': {
      const entry = space?.entries.get(e.name);
      const seenRights = entry ? rightsText(entry) : 'none';
      const kind = entry ? portOf(w, entry.port).object.kind : undefined;
      const label = entry ? portOf(w, entry.port).label : '';
      const ok = seenRights === e.rights && (e.kind === undefined || e.kind === kind);
      return result(ok, `${e.name}: ${e.rights}${e.kind ? ` ${e.kind}` : ''}`, entry ? `${e.name}: ${seenRights} ${kind} (${label})` : `${e.name}: none`);
    }
    case 'port-names': {
      const rows = namespaceRows(state, task);
      const seen = rows.map(portRowText).join('; ') || '(empty)';
      const ok = rows.length === e.entries.length && e.entries.every((r, i) => rows[i]!.name === r.name && rows[i]!.rights === r.rights && (r.kind === undefined || r.kind === rows[i]!.kind));
      return result(ok, e.entries.map(portRowText).join('; ') || '(empty)', seen);
    }
    case 'port-count': {
      const n = space?.entries.size ?? 0;
      return result(n === e.count, `${e.count} names`, `${n} names`);
    }
    case 'auth-ids': {
      const g = h.glibc;
      const ids = g ? authIdsAt(state, h.task, g.ports[INIT_PORT.AUTH]!) : null;
      const seen = ids ? authText(ids) : 'no auth port';
      return result(seen === idvecsText(e.ids), idvecsText(e.ids), seen);
    }
    case 'bootstrap-port': {
      const mt = w.tasks.get(h.task);
      const port = mt?.bootstrap ?? null;
      const kind = port === null ? 'none' : portOf(w, port).object.kind;
      return result(kind === e.kind, `bootstrap port ${e.kind}`, port === null ? 'bootstrap port none' : `bootstrap port ${kind} (${portOf(w, port).label})`);
    }
    case 'init-port': {
      const g = h.glibc;
      if (!g) return result(false, `${e.slot} ${e.kind}`, 'no glibc state (the program is not running)');
      const name = g.ports[INIT_PORT_NAMES.indexOf(e.slot)] ?? 0;
      const entry = name ? space?.entries.get(name) : undefined;
      const p = entry ? portOf(w, entry.port) : undefined;
      const kind = p ? p.object.kind : 'null';
      const path = p && p.object.kind === 'io' ? w.peropens.get(p.object.peropen)?.path : undefined;
      const ok = kind === e.kind && (e.path === undefined || e.path === path);
      return result(ok, `${e.slot} ${e.kind}${e.path ? ` ${e.path}` : ''}`, `${e.slot} ${kind}${path ? ` ${path}` : ''}${name ? ` (name ${name})` : ''}`);
    }
    case 'dtable': {
      const g = h.glibc;
      if (!g) return result(false, 'dtable', 'no glibc state (the program is not running)');
      const rows = g.dtable.entries().map(([fd, d]) => ({ fd, port: d.port, cloexec: d.cloexec, ctty: d.ctty }));
      const text = (r: DtableRowSpec) => `${r.fd} → ${r.port}${r.cloexec ? ' cloexec' : ''}${r.ctty ? ` ctty ${r.ctty}` : ''}`;
      const ok = rows.length === e.rows.length && e.rows.every((r, i) => rows[i]!.fd === r.fd && rows[i]!.port === r.port && (r.cloexec ?? false) === rows[i]!.cloexec && (r.ctty === undefined || r.ctty === rows[i]!.ctty));
      return result(ok, e.rows.map(text).join('; ') || '(empty)', rows.map(text).join('; ') || '(empty)');
    }
    case 'exec-secure': {
      const g = h.glibc;
      const secure = !!g && (g.execFlags & EXEC_SECURE) !== 0;
      return result(secure === e.secure, e.secure ? 'started with EXEC_SECURE' : 'not started with EXEC_SECURE', g ? (secure ? 'started with EXEC_SECURE' : 'not started with EXEC_SECURE') : 'no glibc state');
    }
    default:
      return undefined;
  }
}
