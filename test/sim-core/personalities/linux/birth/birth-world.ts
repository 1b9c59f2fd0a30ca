/**
 * The world the process-birth tests share: a shell with a terminal, a
 * close-on-exec file and a static /bin/true; helpers to run a scenario with
 * the invariant checks on and to read its events.
 */
import * as assert from 'node:assert/strict';
import { Engine, describeFd, type KernelState, type Scenario, type SimEvent, type Task } from '../../../../../sim-core/src/index.js';
import { basicNodes, elf, scenario, type ScenarioParts } from '../../../../support/scenario-builder.js';

export const SHELL = {
  name: 'shell',
  pid: 100,
  exe: '/bin/sh',
  creds: { uid: 1000, gid: 1000 },
  fds: [
    { fd: 0, target: { path: '/dev/tty' }, access: 'rw' as const },
    { fd: 1, target: { path: '/dev/tty' }, access: 'rw' as const },
    { fd: 3, target: { path: '/etc/motd' }, cloexec: true },
  ],
};

export function world(parts: ScenarioParts = {}): Scenario {
  return scenario({ nodes: [...basicNodes(), elf('/bin/toybox')], tasks: [SHELL], ...parts });
}

export function run(sc: Scenario): Engine {
  const engine = new Engine(sc, { checkInvariants: true });
  engine.runToEnd();
  engine.moveTo(engine.length - 1);
  return engine;
}

export function taskNamed(state: KernelState, name: string): Task {
  const pid = state.names[name];
  assert.notEqual(pid, undefined, `no task named ${name}`);
  return state.tasks.get(pid!)!;
}

/** `0 → /dev/tty (rw)` rows of a task's fd table. */
export function fdRows(state: KernelState, name: string): string[] {
  const task = taskNamed(state, name);
  const table = state.fdTables.get(task.files)!;
  return table.slots.keys().map((fd) => describeFd(state, task, fd));
}

/** Events of one statement (by action index), from action-started to action-finished. */
export function eventsOf(engine: Engine, action: number): SimEvent[] {
  const all = engine.events();
  const start = all.findIndex((e) => e.kind === 'action-started' && e.action === action);
  const end = all.findIndex((e) => e.kind === 'action-finished' && e.action === action);
  assert.ok(start >= 0 && end >= start, `action ${action} did not run`);
  return all.slice(start, end + 1);
}

/** Phase ids entered, in order. */
export function phasesOf(events: readonly SimEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'phase-entered' ? [e.phase] : []));
}

export function outcomeOf(engine: Engine, action: number): string {
  const o = engine.outcomes().get(action);
  if (!o) return 'not run';
  if (o.ok) return o.value !== undefined ? `ok ${o.value}` : 'ok';
  if ('errno' in o) return o.errno;
  if ('killed' in o) return `killed ${o.killed}`;
  return `blocked: ${o.blocked}`;
}

/** Index in the tape of the first event matching `pred`. */
export function indexOf(engine: Engine, pred: (e: SimEvent) => boolean): number {
  const i = engine.events().findIndex(pred);
  assert.ok(i >= 0, 'no such event');
  return i;
}

/** Run state of a task's main thread right after event `i`. */
export function threadStateAt(engine: Engine, i: number, name: string): string {
  const task = taskNamed(engine.stateAt(i), name);
  const main = task.threads.find((t) => t.tid === task.leader);
  return main ? main.run.state : task.status.state;
}
