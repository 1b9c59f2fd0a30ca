import * as assert from 'node:assert/strict';
import { Kernel, type EventSink } from '../../../../sim-core/src/engine/kernel.js';
import { FrameTable } from '../../../../sim-core/src/engine/frame-table.js';
import { phasesOf, type KernelState } from '../../../../sim-core/src/index.js';
import { execStartupGetInfo } from '../../../../sim-core/src/personalities/hurd/startup.js';
import { getBootstrapPort, taskPortName } from '../../../../sim-core/src/personalities/hurd/task-ops.js';
import { renderBootinfos } from '../../../../sim-core/src/personalities/hurd/views.js';
import { elf } from '../../../support/scenario-builder.js';
import { hurdScenario, last, outcome, rpcs, run } from './support.js';

/** A kernel outside any engine, on a given state (events are only counted). */
function kernelOn(state: KernelState): Kernel {
  const sink: EventSink = { frames: new FrameTable(), record: (_b, _f, s) => s, recordBare: (_k, _f, s) => s };
  return new Kernel(sink, state, new Map(phasesOf('hurd').map((p) => [p.id, p])), -1);
}

/** A traced program's exec: the new thread stays suspended, the bootinfo waits. */
function tracedExec() {
  return run(
    hurdScenario({
      nodes: [elf('/bin/prog')],
      tasks: [{ name: 'shell', pid: 100, ptraced: true, fds: [] }],
      steps: [{ task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog', 'x'] }],
    }),
  );
}

describe('the new program\'s startup', () => {
  it('leaves the bootinfo with the exec server until the program asks for it', () => {
    const e = tracedExec();
    assert.deepEqual(outcome(e, 0), { ok: true, detail: 'now running /bin/prog' });
    assert.deepEqual(renderBootinfos(last(e)), ['execboot for prog: flags EXEC_SIGTRAP argv ["prog","x"] dtable [] ports [10 11 12 13 0 0] ints {UMASK=022 SIGMASK=0x0 SIGIGN=0x0 SIGPENDING=0x0 TRACEMASK=0xffffffff}']);
  });

  it('gets everything from exec_startup_get_info once; a second call gets empty arrays', () => {
    const k = kernelOn(last(tracedExec()));
    const task = k.state.tasks.get(100)!;
    const space = task.ext.hurd!.task;
    k.actor('new-program', 'a debugger resumed the thread', 100, task.threads[0]!.tid, () => {
      const self = taskPortName(k, space, space);
      const bootstrap = getBootstrapPort(k, space, self);
      const first = execStartupGetInfo(k, space, bootstrap);
      assert.deepEqual([first.argv, first.ports.length, first.ints.length], [['prog', 'x'], 6, 5]);
      const second = execStartupGetInfo(k, space, bootstrap);
      assert.deepEqual(second, { flags: 8, argv: [], envp: [], dtable: [], ports: [], ints: [] });
    });
  });

  it('registers with proc: proc_setmsgport gets the new message port, proc_set_arg_locations the arguments', () => {
    const e = run(hurdScenario({ nodes: [elf('/bin/prog')], tasks: [{ name: 'shell', pid: 100 }], steps: [{ task: 'shell', call: 'execve', path: '/bin/prog', argv: ['prog'] }] }));
    assert.deepEqual(rpcs(e, 'shell').slice(-5), ['task_get_special_port(TASK_BOOTSTRAP_PORT)', 'exec_startup_get_info', 'task_set_special_port(TASK_BOOTSTRAP_PORT)', 'proc_setmsgport', 'proc_set_arg_locations']);
    const rec = last(e).ext.hurd!.procs.get(100)!;
    const msg = last(e).ext.hurd!.spaces.get(last(e).ext.hurd!.proc)!.entries.get(rec.msgport)!;
    assert.equal(last(e).ext.hurd!.ports.get(msg.port)!.label, 'msgport shell(100)');
    assert.equal(msg.send, 1);
  });
});
