/**
 * Whole Linux exec traces as the CLI prints them (sim-core renderTrace),
 * compared with golden files, with the scenario's own expectations checked
 * by the engine. UPDATE_GOLDEN=1 npm test rewrites the files.
 */
import * as assert from 'node:assert/strict';
import { Engine, renderTrace, type ExpectationBody } from '../../../../sim-core/src/index.js';
import { assertGolden } from '../../../support/golden.js';
import { elf, expect, scenario, script, type ScenarioParts } from '../../../support/scenario-builder.js';
import { world } from './run-linux.js';

const GOLDEN = 'test/sim-core/personalities/linux/golden';

interface Case {
  readonly file: string;
  readonly title: string;
  readonly parts: ScenarioParts;
}

const e = (body: ExpectationBody) => expect(body);

const CASES: Case[] = [
  {
    file: 'elf-cloexec-signals.txt',
    title: 'a static binary: close-on-exec fds closed, handlers reset, ids kept',
    parts: {
      nodes: world(),
      tasks: [
        {
          name: 'shell',
          pid: 100,
          creds: { uid: 1000, gid: 1000 },
          fds: [
            { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
            { fd: 3, target: { path: '/etc/motd' }, cloexec: true },
            { fd: 4, dupOf: 3 },
          ],
          signals: { dispositions: { SIGINT: 'ignore', SIGTERM: 'handler' }, blocked: ['SIGUSR1'] },
        },
      ],
      steps: [
        { task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog', '-v'] },
        e({ what: 'result', action: 0, outcome: 'ok' }),
        e({ what: 'ponr', action: 0, crossed: true }),
        e({ what: 'fd-table', task: 'shell', rows: [{ fd: 0, target: '/dev/tty', access: 'rw' }, { fd: 4, target: '/etc/motd', cloexec: false }] }),
        e({ what: 'disposition', task: 'shell', signal: 'SIGTERM', disposition: 'default' }),
        e({ what: 'disposition', task: 'shell', signal: 'SIGINT', disposition: 'ignore' }),
        e({ what: 'blocked', task: 'shell', signals: ['SIGUSR1'] }),
        e({ what: 'cred', task: 'shell', field: 'suid', value: 1000 }),
        e({ what: 'comm', task: 'shell', comm: 'prog' }),
      ],
    },
  },
  {
    file: 'script-through-fd.txt',
    title: 'a #! script run through a plain fd: the interpreter gets /dev/fd/3',
    parts: {
      nodes: world([script('/usr/bin/tool', '#!/bin/interp -e\n')]),
      tasks: [{ name: 'shell', pid: 100, fds: [{ fd: 3, target: { path: '/usr/bin/tool' } }] }],
      steps: [
        { task: 'shell', call: 'fexecve', fd: 3, argv: ['tool', 'arg'] },
        e({ what: 'argv', task: 'shell', argv: ['/bin/interp', '-e', '/dev/fd/3', 'arg'] }),
        e({ what: 'exe', task: 'shell', path: '/bin/interp' }),
        e({ what: 'comm', task: 'shell', comm: 'interp' }),
      ],
    },
  },
  {
    file: 'setuid-exec.txt',
    title: 'uid 1000 runs a set-uid root binary',
    parts: {
      nodes: world([elf('/usr/bin/passwd', { mode: 0o4755 })]),
      tasks: [{ name: 'user', pid: 200, creds: { uid: 1000, gid: 1000, groups: [1000, 27] } }],
      steps: [
        { task: 'user', call: 'execve', path: '/usr/bin/passwd', argv: ['passwd'] },
        e({ what: 'cred', task: 'user', field: 'euid', value: 0 }),
        e({ what: 'cred', task: 'user', field: 'suid', value: 0 }),
        e({ what: 'cred', task: 'user', field: 'uid', value: 1000 }),
        e({ what: 'auxv', task: 'user', key: 'AT_SECURE', value: 1 }),
      ],
    },
  },
  {
    file: 'missing-loader.txt',
    title: 'an existing binary whose PT_INTERP loader is missing: ENOENT before the point of no return',
    parts: {
      nodes: world([elf('/opt/app', { interp: '/lib/ld-musl-x86_64.so.1' })]),
      tasks: [{ name: 'shell', pid: 100, fds: [{ fd: 3, target: { path: '/etc/motd' }, cloexec: true }] }],
      steps: [
        { task: 'shell', call: 'execve', path: '/opt/app', argv: ['app'] },
        e({ what: 'result', action: 0, outcome: 'ENOENT' }),
        e({ what: 'failed-in', action: 0, phase: 'linux.binfmt_elf.preflight' }),
        e({ what: 'ponr', action: 0, crossed: false }),
        e({ what: 'fd-open', task: 'shell', fd: 3, target: '/etc/motd', cloexec: true }),
      ],
    },
  },
  {
    file: 'killed-after-ponr.txt',
    title: 'RLIMIT_STACK 8 KiB and a 7,900-byte argument: SIGSEGV after the point of no return',
    parts: {
      nodes: world(),
      tasks: [{ name: 'shell', pid: 100, rlimits: { stack: 8192 } }],
      steps: [
        { task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog', 'a'.repeat(7_900)] },
        e({ what: 'killed', task: 'shell', signal: 'SIGSEGV' }),
        e({ what: 'ponr', action: 0, crossed: true }),
        e({ what: 'failed-in', action: 0, phase: 'linux.start' }),
      ],
    },
  },
  {
    file: 'non-leader-exec.txt',
    title: 'exec from a non-leader thread',
    parts: {
      nodes: world(),
      tasks: [{ name: 'app', pid: 300, threads: [{ name: 'worker', tid: 301 }, { name: 'io', tid: 302 }] }],
      steps: [
        { task: 'app', thread: 'worker', call: 'execve', path: '/bin/prog', argv: ['prog'] },
        e({ what: 'threads', task: 'app', count: 1 }),
        e({ what: 'pid', task: 'app', pid: 300 }),
        e({ what: 'tid', task: 'app', thread: 'worker', tid: 300 }),
      ],
    },
  },
];

describe('linux exec: golden traces', () => {
  for (const c of CASES) {
    it(`${c.title} (${c.file})`, () => {
      const engine = new Engine(scenario(c.parts), { checkInvariants: true });
      const text = renderTrace(engine).join('\n');
      assertGolden(`${GOLDEN}/${c.file}`, text);
      const failed = [...engine.expectationResults().values()].filter((r) => !r.passed);
      assert.deepEqual(failed, []);
      assert.equal(engine.expectationResults().size, c.parts.steps!.filter((s) => 'expect' in s).length);
    });
  }
});
