import * as assert from 'node:assert/strict';
import type { Engine, ExpectationSpec } from '../../../../sim-core/src/index.js';
import { Engine as E } from '../../../../sim-core/src/index.js';
import { evaluateHurdExpectation } from '../../../../sim-core/src/personalities/hurd/expectations.js';
import { data, elf } from '../../../support/scenario-builder.js';
import { glibc, hurdScenario, last, names, outcome, reply, rpcs, run } from './support.js';

const nodes = [elf('/bin/su', { mode: 0o4755 }), data('/servers/exec'), { kind: 'device' as const, path: '/dev/console', device: 'char' as const }];

function boot(steps: object[]): Engine {
  return run(hurdScenario({ hurd: { boot: true }, nodes, tasks: [{ name: 'user', pid: 100, creds: { uid: 1000, gid: 1000 } }], steps: steps as never }));
}

const startExec = { task: 'ext2fs', call: 'hurd_boot', step: 'start_execserver' };
const execInit = { task: 'ext2fs', call: 'hurd_boot', step: 'exec_init' };
const su = { task: 'user', call: 'execve', path: '/bin/su', argv: ['su'] };

function check(engine: Engine, body: Record<string, unknown>, seq = engine.length - 1): { passed: boolean; seen: string } {
  const spec = { ...body, index: 0, after: 0, loc: { line: 1, column: 1, endLine: 1, endColumn: 1 } } as unknown as ExpectationSpec;
  const r = evaluateHurdExpectation(spec, engine.stateAt(seq))!;
  return { passed: r.passed, seen: r.seen };
}

describe('how the exec server starts', () => {
  it('starts suspended, with no bootstrap port and no standard ports', () => {
    const s = boot([]).initialState;
    const exec = s.tasks.get(s.names.exec!)!;
    assert.equal(s.ext.hurd!.tasks.get(exec.ext.hurd!.task)!.suspend, 1);
    assert.deepEqual(exec.threads.map((t) => t.name), ['main']);
    assert.equal(check(boot([]), { what: 'bootstrap-port', task: 'exec', kind: 'none' }, -1).passed, true);
    assert.equal(check(boot([]), { what: 'exec-server-ready', ready: false }, -1).passed, true);
  });

  it('gets an execboot port of the root filesystem as its bootstrap port, then runs', () => {
    const e = boot([startExec]);
    assert.deepEqual(rpcs(e, 'ext2fs').slice(0, 2), ['task_set_special_port(TASK_BOOTSTRAP_PORT)', 'task_resume']);
  });

  it('asks the root filesystem for its startup data: EXEC_STACK_ARGS, the console three times, root directory ports', () => {
    const e = boot([startExec]);
    const r = reply(e, 'exec_startup_get_info');
    assert.deepEqual(r.out, ['entry 0', 'flags EXEC_STACK_ARGS', 'argv ""', 'envp ""', 'ints {}']);
    assert.deepEqual(r.rights.map((m) => `${m.what} ${m.disposition}`), [
      'dtable[0] COPY_SEND', 'dtable[1] COPY_SEND', 'dtable[2] COPY_SEND', 'portarray[CWDIR] MAKE_SEND', 'portarray[CRDIR] MAKE_SEND',
      'portarray[AUTH] MAKE_SEND', 'portarray[PROC] MAKE_SEND', 'portarray[CTTYID] MAKE_SEND', 'portarray[BOOTSTRAP] MAKE_SEND',
    ]);
    assert.deepEqual(glibc(last(e), 'exec').slice(0, 9), [
      '_hurd_ports[CWDIR] = 5 (io / (O_READ|O_EXEC) uids -)',
      '_hurd_ports[CRDIR] = 5 (io / (O_READ|O_EXEC) uids -)',
      '_hurd_ports[AUTH] = NULL',
      '_hurd_ports[PROC] = NULL',
      '_hurd_ports[CTTYID] = NULL',
      '_hurd_ports[BOOTSTRAP] = 3 (execboot (root fs))',
      'fd 0 = 4 (io /dev/console (O_READ|O_WRITE) uids 0)',
      'fd 1 = 4 (io /dev/console (O_READ|O_WRITE) uids 0)',
      'fd 2 = 4 (io /dev/console (O_READ|O_WRITE) uids 0)',
    ]);
  });

  it('keeps the execboot port as its bootstrap port: _hurd_init puts back the same one', () => {
    assert.deepEqual(check(boot([startExec]), { what: 'bootstrap-port', task: 'exec', kind: 'execboot' }), { passed: true, seen: 'bootstrap port execboot (execboot (root fs))' });
  });

  it('becomes a translator with fsys_startup on its bootstrap port; the root fs caches the exec port', () => {
    const e = boot([startExec]);
    assert.deepEqual(rpcs(e).filter((r) => r.startsWith('fsys_')), ['fsys_startup', 'fsys_getroot']);
    assert.ok(names(last(e), 'ext2fs').includes('10 send(1) exec'));
  });

  it('cannot run a secure exec before exec_init (EIEIO), but can after', () => {
    const e = boot([startExec, su, execInit, su]);
    const first = outcome(e, 1);
    assert.ok(!first.ok && 'errno' in first && first.errno === 'EIEIO');
    assert.deepEqual(outcome(e, 2), { ok: true, detail: 'the exec server has its standard ports: secure execs work' });
    assert.equal(outcome(e, 3).ok, true);
  });

  it('gets the standard ports from proc through proc_execdata_notify → exec_setexecdata', () => {
    const e = boot([startExec, execInit]);
    assert.deepEqual(rpcs(e, 'ext2fs').slice(-4), ['proc_task2proc', 'proc_child', 'proc_mark_exec', 'exec_init']);
    assert.deepEqual(rpcs(e, 'exec').slice(-1), ['proc_execdata_notify']);
    assert.deepEqual(rpcs(e, 'proc').slice(-1), ['exec_setexecdata']);
    assert.equal(check(e, { what: 'exec-server-ready', ready: true }).passed, true);
  });

  it('has no exec server to find before it is started (EOPNOTSUPP)', () => {
    const o = outcome(boot([su]), 0);
    assert.ok(!o.ok && 'errno' in o && o.errno === 'EOPNOTSUPP');
  });

  it('refuses the boot steps from anyone but the root filesystem, and without a boot world', () => {
    const r = E.create(hurdScenario({ nodes, tasks: [{ name: 'user', pid: 100 }], steps: [{ task: 'user', call: 'hurd_boot', step: 'start_execserver' }] }));
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems.map((p) => p.message), ['the boot steps need a world that starts at boot', 'the boot steps are run by the root filesystem ("ext2fs"), not user']);
  });
});
