/**
 * A small L4-Hurd world for the tests: a login shell (pid 90) whose child
 * shell (pid 100, uid 1000) has a terminal on fd 0 and a close-on-exec file on
 * fd 3; a chroot jail with its own /bin/sh; set-id programs and scripts.
 */
import * as assert from 'node:assert/strict';
import { Engine, type KernelState, type Scenario, type SimEvent, type TaskSpec } from '../../../../sim-core/src/index.js';
import { data, elf, scenario, script, type ScenarioParts } from '../../../support/scenario-builder.js';

export const LOGIN: TaskSpec = { name: 'login', pid: 90, exe: '/bin/sh' };

export const SHELL: TaskSpec = {
  name: 'shell',
  pid: 100,
  ppid: 90,
  exe: '/bin/sh',
  creds: { uid: 1000, gid: 1000 },
  cwd: '/home/u',
  fds: [
    { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
    { fd: 3, target: { path: '/etc/motd' }, cloexec: true },
  ],
};

export function l4world(parts: ScenarioParts = {}): Scenario {
  return scenario({
    system: 'l4hurd',
    nodes: [
      elf('/lib/ld.so'),
      elf('/bin/sh'),
      elf('/bin/true'),
      elf('/bin/dyn', { interp: '/lib/ld.so' }),
      elf('/bin/su', { mode: 0o4755, owner: { uid: 0, gid: 0 } }),
      script('/home/u/run.sh', '#!/bin/sh -e\necho hi\n', { owner: { uid: 1000, gid: 1000 } }),
      script('/usr/bin/suscript', '#!/bin/sh\nid\n', { mode: 0o4755, owner: { uid: 0, gid: 0 } }),
      data('/etc/motd'),
      data('/home/u/notes'),
      { kind: 'device', path: '/dev/tty', device: 'char' },
      // A chroot jail with a /bin/sh of its own.
      elf('/jail/bin/sh', { owner: { uid: 1000, gid: 1000 } }),
      script('/jail/home/u/run.sh', '#!/bin/sh\n', { owner: { uid: 1000, gid: 1000 } }),
      script('/jail/usr/bin/suscript', '#!/bin/sh\nid\n', { mode: 0o4755, owner: { uid: 0, gid: 0 } }),
    ],
    tasks: [LOGIN, SHELL],
    ...parts,
  });
}

export function run(sc: Scenario): Engine {
  const e = new Engine(sc, { checkInvariants: true });
  e.runToEnd();
  e.moveTo(e.length - 1);
  return e;
}

export function l4of(state: KernelState, name: string) {
  const pid = state.names[name];
  assert.notEqual(pid, undefined);
  return state.tasks.get(pid!)!.ext.l4hurd!;
}

export function phases(e: Engine): string[] {
  return e.events().flatMap((x) => (x.kind === 'phase-entered' ? [x.phase] : []));
}

export function notes(e: Engine): string[] {
  return e.events().flatMap((x) => (x.kind === 'note' ? [x.text] : []));
}

export function find(e: Engine, pred: (x: SimEvent) => boolean): SimEvent {
  const x = e.events().find(pred);
  assert.ok(x, 'no such event');
  return x;
}

export function outcome(e: Engine, action: number): string {
  const o = e.outcomes().get(action);
  if (!o) return 'not run';
  if (o.ok) return 'ok';
  if ('errno' in o) return `${o.errno} in ${o.phase ?? '?'}`;
  return 'killed' in o ? `killed ${o.killed}` : 'blocked';
}
