import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { probeEachTest, type Probe } from './support/clients.js';
import { longScenario, missingScenario, suScenario } from './support/scenarios.js';

describe('stepping', () => {
  let p: Probe;
  probeEachTest('server', (probe) => (p = probe));

  async function entry(args: Record<string, unknown> = {}): Promise<{ thread: number; s: ReturnType<typeof suScenario> }> {
    const s = suScenario();
    const stop = await p.launch({ scenario: s.path, stopOnEntry: true, ...args }, { configure: (q) => q.dc.setExceptionBreakpointsRequest({ filters: [] }) });
    return { thread: stop.threadId!, s };
  }

  const names = async (thread: number) => (await p.stack(thread)).map((f) => f.name);

  async function stepInTo(thread: number, phaseTitle: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if ((await p.top(thread)).name.endsWith(`› ${phaseTitle}`)) return;
      await p.until(p.dc.stepInRequest({ threadId: thread }));
    }
    assert.fail(`never reached ${phaseTitle}`);
  }

  it('step over a statement runs it whole and stops at the next statement', async () => {
    const { thread, s } = await entry();
    const stop = await p.until(p.dc.nextRequest({ threadId: thread }));
    assert.equal(stop.reason, 'step');
    const top = await p.top(stop.threadId!);
    assert.deepEqual([top.name, top.line], ['expect shell fd-closed fd=3', s.expectationLines[0]]);
  });

  it('step in goes into the kernel, then into its first phase', async () => {
    const { thread } = await entry();
    await p.until(p.dc.stepInRequest({ threadId: thread }));
    assert.deepEqual(await names(thread), ['kernel: do_execveat_common (execve)', 'shell: execve /bin/su ["su", "-"]']);
    await p.until(p.dc.stepInRequest({ threadId: thread }));
    assert.deepEqual(await names(thread), ['kernel: do_execveat_common (execve) › getname', 'kernel: do_execveat_common (execve)', 'shell: execve /bin/su ["su", "-"]']);
  });

  it('step over in a phase goes to the next phase at the same level, over nested ones', async () => {
    const { thread } = await entry();
    await stepInTo(thread, 'exec_binprm');
    await p.until(p.dc.nextRequest({ threadId: thread }));
    // exec_binprm holds every later phase: stepping over it ends in the statement (the actor returns).
    const top = await p.top(thread);
    assert.equal(top.name, 'shell: execve /bin/su ["su", "-"]');
    assert.match(p.output('stdout'), /kernel returns\n/);
  });

  it('step over at one level skips the phases nested in the next one', async () => {
    const { thread } = await entry();
    await stepInTo(thread, 'copy_strings');
    await p.until(p.dc.nextRequest({ threadId: thread }));
    assert.equal((await p.top(thread)).name, 'kernel: do_execveat_common (execve) › prepare_bprm_creds');
  });

  it('step out finishes the actor and stops back in the statement', async () => {
    const { thread } = await entry();
    await stepInTo(thread, 'do_open_execat');
    await p.until(p.dc.stepOutRequest({ threadId: thread }));
    assert.deepEqual(await names(thread), ['shell: execve /bin/su ["su", "-"]']);
    assert.match(p.output('stdout'), /← start_thread\n/);
  });

  it('step back returns to the previous phase and restores its state', async () => {
    const { thread } = await entry();
    await stepInTo(thread, 'secureexec resets');
    assert.equal((await p.evaluate('shell.fd[3]')).result, 'closed');
    const back = await p.until(p.dc.stepBackRequest({ threadId: thread }));
    assert.equal(back.reason, 'step');
    assert.equal((await p.top(thread)).name, 'kernel: do_execveat_common (execve) › do_close_on_exec');
    assert.equal((await p.evaluate('shell.fd[3]')).result, '3 → /etc/motd (ro, cloexec)');
    assert.match(p.output('console'), /◀ back at event \d+: → do_close_on_exec \[linux\.close_on_exec\]\n/);
  });

  it('reverse continue stops at a breakpoint behind the cursor', async () => {
    const s = suScenario();
    const stop = await p.launch({ scenario: s.path }, {
      configure: async (q) => {
        await q.dc.setExceptionBreakpointsRequest({ filters: [] });
        await q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'linux.commit' }] });
        await q.dc.setBreakpointsRequest({ source: { path: s.path }, breakpoints: [{ line: s.expectationLines[2]! }] });
      },
    });
    assert.equal(stop.reason, 'function breakpoint');
    const ahead = await p.until(p.dc.continueRequest({ threadId: stop.threadId! }));
    assert.equal(ahead.reason, 'breakpoint');
    const back = await p.until(p.dc.reverseContinueRequest({ threadId: stop.threadId! }));
    assert.deepEqual([back.reason, back.description], ['function breakpoint', 'phase linux.commit']);
    assert.equal((await p.evaluate('shell.euid')).result, '1000', 'the commit has not happened yet at its entry');
  });

  it('reverse continue with nothing behind stops at the start', async () => {
    const { thread } = await entry();
    await p.until(p.dc.nextRequest({ threadId: thread }));
    const back = await p.until(p.dc.reverseContinueRequest({ threadId: thread }));
    assert.deepEqual([back.reason, back.description], ['entry', 'start of the scenario']);
  });

  it('continue with nothing ahead stops at the end, and again ends the session', async () => {
    const s = missingScenario();
    const stop = await p.launch({ scenario: s.path });
    assert.deepEqual([stop.reason, stop.description], ['end', 'end of the scenario']);
    assert.match(p.output('console'), /— end of the scenario \(\d+ events\): 1 of 1 expectations passed\n {2}Continue ends the session/);
    const again = await p.until(p.dc.nextRequest({ threadId: stop.threadId! }));
    assert.equal(again.reason, 'end');
    const terminated = p.dc.waitForEvent('terminated');
    await p.dc.continueRequest({ threadId: stop.threadId! });
    await terminated;
  });

  it('goto offers statements already run and moves there', async () => {
    const { thread, s } = await entry();
    const none = (await p.dc.gotoTargetsRequest({ source: { path: s.path }, line: s.expectationLines[1]! })).body.targets;
    assert.deepEqual(none, [], 'a statement not yet run is no target');
    await p.until(p.dc.nextRequest({ threadId: thread }));
    await p.until(p.dc.nextRequest({ threadId: thread }));
    const targets = (await p.dc.gotoTargetsRequest({ source: { path: s.path }, line: s.actionLines[0]! })).body.targets;
    assert.deepEqual(targets.map((t) => [t.id, t.line, t.label]), [[0, s.actionLines[0], 'shell: execve /bin/su ["su", "-"] (event 0)']]);
    const stop = await p.until(p.dc.gotoRequest({ threadId: thread, targetId: 0 }));
    assert.equal(stop.reason, 'goto');
    assert.equal((await p.evaluate('shell.euid')).result, '1000');
    assert.match(await p.failure(p.dc.gotoRequest({ threadId: thread, targetId: 9999 })), /9999 is not a target/);
  });

  it('restart frame goes back to where the phase was entered', async () => {
    const { thread } = await entry();
    await stepInTo(thread, 'do_open_execat');
    await p.until(p.dc.stepInRequest({ threadId: thread }));
    const frames = await p.stack(thread);
    const kernel = frames.find((f) => f.name === 'kernel: do_execveat_common (execve)')!;
    const stop = await p.until(p.dc.restartFrameRequest({ frameId: kernel.id }));
    assert.equal(stop.reason, 'restart');
    assert.deepEqual(await names(thread), ['kernel: do_execveat_common (execve)', 'shell: execve /bin/su ["su", "-"]']);
  });

  it('event granularity steps one event at a time', async () => {
    const { thread } = await entry({ stepGranularity: 'event' });
    await p.until(p.dc.nextRequest({ threadId: thread }));
    await p.until(p.dc.nextRequest({ threadId: thread }));
    await p.until(p.dc.nextRequest({ threadId: thread }));
    // action-started, actor-entered, phase-entered getname, phase-left getname
    assert.equal((await p.top(thread)).name, 'kernel: do_execveat_common (execve) › getname');
    assert.equal((await p.scope((await p.top(thread)).id, 'Event')).find((v) => v.name === 'kind')!.value, 'phase-left');
  });

  it('instruction granularity steps one event whatever the launch said', async () => {
    const { thread } = await entry({ stepGranularity: 'action' });
    await p.until(p.dc.nextRequest({ threadId: thread, granularity: 'instruction' }));
    assert.equal((await p.top(thread)).name, 'kernel: do_execveat_common (execve)');
  });

  it('action granularity steps from statement to statement', async () => {
    const { thread, s } = await entry({ stepGranularity: 'action' });
    await p.until(p.dc.nextRequest({ threadId: thread }));
    assert.equal((await p.top(thread)).line, s.expectationLines[0]);
  });

  it('a long run can be paused; threads are answered and stacks refused while it runs', async function () {
    this.timeout(30_000);
    const s = longScenario(60_000);
    const stop = await p.launch({ scenario: s.path, stopOnEntry: true });
    const running = p.dc.continueRequest({ threadId: stop.threadId! });
    const paused = p.dc.waitForEvent('stopped');
    await running;
    const [threads, refused] = await Promise.all([p.dc.threadsRequest(), p.failure(p.dc.stackTraceRequest({ threadId: stop.threadId! }))]);
    assert.deepEqual(threads.body.threads.map((t) => t.name), ['shell (pid 100) · main']);
    assert.equal(refused, 'the scenario is running: pause it first');
    await p.dc.pauseRequest({ threadId: stop.threadId! });
    const body = ((await paused) as DebugProtocol.StoppedEvent).body;
    assert.equal(body.reason, 'pause');
    const frame = await p.top(body.threadId!);
    assert.equal(frame.source?.path, s.path);
    assert.ok(frame.line < s.actionLines[s.actionLines.length - 1]!, 'paused before the end');
  });
});
