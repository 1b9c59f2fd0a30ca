/**
 * Helpers for the Hurd tests: scenarios with a root ext2fs, runs that check
 * the core and the Hurd invariants after every event, and readers for RPC
 * sequences, namespaces and glibc state.
 */
import * as assert from 'node:assert/strict';
import { Engine, type KernelState, type Scenario, type SimEvent } from '../../../../sim-core/src/index.js';
import type { HurdWorldSpec, MountSpec } from '../../../../sim-core/src/scenario/scenario.js';
import { checkHurdInvariants } from '../../../../sim-core/src/personalities/hurd/invariants.js';
import { renderGlibc, renderTaskPorts } from '../../../../sim-core/src/personalities/hurd/index.js';
import { rightsText } from '../../../../sim-core/src/personalities/hurd/mach-ports.js';
import { scenario, type ScenarioParts } from '../../../support/scenario-builder.js';

export const ROOT: MountSpec = { path: '/', fstype: 'ext2fs' };

export function hurdScenario(parts: ScenarioParts & { hurd?: HurdWorldSpec }): Scenario {
  const s = scenario({ ...parts, system: 'hurd', mounts: parts.mounts ?? [ROOT] });
  return parts.hurd ? { ...s, hurd: parts.hurd } : s;
}

/** Runs a scenario to its end, checking the core invariants and the Hurd's after every event. */
export function run(s: Scenario): Engine {
  const created = Engine.create(s, { checkInvariants: true });
  if (!created.ok) assert.fail(`invalid scenario: ${created.problems.map((p) => p.message).join('; ')}`);
  const engine = created.engine;
  engine.runToEnd();
  for (let i = -1; i < engine.length; i++) {
    const v = checkHurdInvariants(engine.stateAt(i));
    if (v.length) assert.fail(`Hurd invariant broken after event ${i} (${i >= 0 ? engine.event(i).kind : 'initial'}): ${v.join('; ')}`);
  }
  return engine;
}

export function last(engine: Engine): KernelState {
  return engine.stateAt(engine.length - 1);
}

/** `name rights kind` for every name of a task, in name order. */
export function names(state: KernelState, task: string): string[] {
  const pid = state.names[task]!;
  const t = state.tasks.get(pid)!;
  const w = state.ext.hurd!;
  const space = w.spaces.get(t.ext.hurd!.task);
  if (!space) return [];
  return space.entries.values().map((e) => `${e.name} ${rightsText(e)} ${w.ports.get(e.port)!.object.kind}`);
}

export function labels(state: KernelState, task: string): string[] {
  return renderTaskPorts(state, state.names[task]!).map((l) => l.trim().replace(/\s+/g, ' '));
}

export function glibc(state: KernelState, task: string): string[] {
  return renderGlibc(state, state.names[task]!);
}

/** RPC names in order, optionally only those sent by a task (by its label prefix, e.g. "shell"). */
export function rpcs(engine: Engine, from?: string, range?: { action: number }): string[] {
  return events(engine, range)
    .filter((e): e is Extract<SimEvent, { kind: 'hurd-rpc' }> => e.kind === 'hurd-rpc')
    .filter((e) => !from || e.from.label.startsWith(from))
    .map((e) => e.rpc);
}

/** Events of one action (all when no range). */
export function events(engine: Engine, range?: { action: number }): SimEvent[] {
  const all = engine.events();
  if (!range) return [...all];
  const log = engine.actions().get(range.action)!;
  return all.slice(log.started, (log.finished ?? all.length - 1) + 1);
}

export function phases(engine: Engine, range?: { action: number }): string[] {
  return events(engine, range)
    .filter((e): e is Extract<SimEvent, { kind: 'phase-entered' }> => e.kind === 'phase-entered')
    .map((e) => e.phase);
}

export function outcome(engine: Engine, action: number) {
  return engine.actions().get(action)!.outcome!;
}

export function request(engine: Engine, rpc: string, nth = 0): Extract<SimEvent, { kind: 'hurd-rpc' }> {
  const found = engine.events().filter((e): e is Extract<SimEvent, { kind: 'hurd-rpc' }> => e.kind === 'hurd-rpc' && e.rpc === rpc);
  if (!found[nth]) assert.fail(`no ${rpc} request #${nth} (there are ${found.length})`);
  return found[nth]!;
}

export function reply(engine: Engine, rpc: string, nth = 0): Extract<SimEvent, { kind: 'hurd-reply' }> {
  const found = engine.events().filter((e): e is Extract<SimEvent, { kind: 'hurd-reply' }> => e.kind === 'hurd-reply' && e.rpc === rpc);
  if (!found[nth]) assert.fail(`no ${rpc} reply #${nth} (there are ${found.length})`);
  return found[nth]!;
}

/** The argument `key …` of an RPC request's display arguments. */
export function arg(e: { args: readonly string[] }, key: string): string {
  const a = e.args.find((x) => x.startsWith(`${key} `));
  if (a === undefined) assert.fail(`no argument ${key} in ${JSON.stringify(e.args)}`);
  return a.slice(key.length + 1);
}
