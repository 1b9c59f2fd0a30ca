/**
 * E2BIG from a too-long fds array (FBSD kern_exec.c: exec_copyin_data_fds;
 * exec-reference §6 on SEEDS 001): the kernel allows duplicates in fds[] but
 * bounds its length by the caller's fd_lastfile + 1, before copying anything.
 */
import { argFd, argSeq, type Scenario } from '../../../../../sim-core/src/index.js';
import { expect, scenario } from '../../../../support/scenario-builder.js';
import { cloudabiElf } from './mail-server.js';

export function e2bigScenario(): Scenario {
  return scenario({
    system: 'cloudabi',
    nodes: [cloudabiElf('/bin/launcher'), cloudabiElf('/bin/worker'), { kind: 'device', path: '/dev/tty', device: 'char' }],
    tasks: [
      {
        name: 'launcher',
        pid: 700,
        exe: '/bin/launcher',
        fds: [
          { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
          { fd: 1, dupOf: 0 },
          { fd: 2, dupOf: 0 },
          { fd: 3, target: { path: '/bin/worker' }, access: 'exec' },
          { fd: 4, target: { socket: 'work-queue' } },
        ],
      },
    ],
    steps: [
      // Five slots are open (fd_lastfile 4); the program asks for six, all the same socket.
      { task: 'launcher', call: 'proc_exec', fd: 3, argdata: argSeq([0, 1, 2, 3, 4, 5].map(argFd)), fds: [4, 4, 4, 4, 4, 4] },
      expect({ what: 'result', action: 0, outcome: 'E2BIG' }),
      expect({ what: 'failed-in', action: 0, phase: 'cloudabi.kern.copyin' }),
      expect({ what: 'ponr', action: 0, crossed: false }),
      expect({ what: 'exec-message', action: 0, fds: [4, 4, 4, 4, 4, 4] }),
      // The same duplicates within the bound are accepted: two slots share the socket.
      { task: 'launcher', call: 'proc_exec', fd: 3, argdata: argSeq([0, 1, 2, 3, 4].map(argFd)), fds: [4, 4, 4, 4, 4] },
      expect({ what: 'result', action: 1, outcome: 'ok' }),
      expect({
        what: 'fd-table',
        task: 'launcher',
        rows: [0, 1, 2, 3, 4].map((fd) => ({ fd, target: 'socket:work-queue', access: 'rw' as const })),
      }),
    ],
  });
}
