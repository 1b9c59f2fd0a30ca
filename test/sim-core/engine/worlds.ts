/**
 * Small Linux worlds the engine tests share: a shell with a terminal on fd 0
 * and /etc/motd on fd 3 with close-on-exec, exec'ing a static binary, a
 * dynamic one or a script.
 */
import { Engine, type EngineOptions, type Scenario, type SimEvent, type TaskSpec } from '../../../sim-core/src/index.js';
import { basicNodes, script, scenario, type ScenarioParts } from '../../support/scenario-builder.js';

export function shell(extra: Partial<TaskSpec> = {}): TaskSpec {
  return {
    name: 'shell',
    pid: 100,
    fds: [
      { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
      { fd: 3, target: { path: '/etc/motd' }, cloexec: true },
    ],
    ...extra,
  };
}

export function linuxWorld(steps: ScenarioParts['steps'], tasks: TaskSpec[] = [shell()]): Scenario {
  return scenario({ nodes: [...basicNodes(), script('/tmp/s', '#!/bin/true -x\n')], tasks, steps });
}

export function run(sc: Scenario, options: EngineOptions = { checkInvariants: true }): Engine {
  const created = Engine.create(sc, options);
  if (!created.ok) throw new Error(`test scenario is invalid: ${created.problems.map((p) => p.message).join('; ')}`);
  return created.engine;
}

/** `seq:kind phase-or-actor`, the form the stepping tests compare. */
export function stop(e: SimEvent | undefined): string {
  if (!e) return 'end';
  const rec = e as SimEvent & { phase?: string; actor?: string; action?: number };
  const what = rec.phase ?? rec.actor ?? (rec.action !== undefined ? `#${rec.action}` : '');
  return `${e.seq}:${e.kind}${what ? ' ' + what : ''}`;
}

/** Events as JSON text, frames and all: two runs are the same run when these are equal. */
export function serialize(events: readonly SimEvent[]): string[] {
  return events.map((e) => JSON.stringify(e));
}

export function phasesEntered(events: readonly SimEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'phase-entered' ? [e.phase] : []));
}
