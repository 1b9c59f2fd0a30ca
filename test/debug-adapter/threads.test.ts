import * as assert from 'node:assert/strict';
import { probeEachTest, type Probe } from './support/clients.js';
import { forkScenario, suScenario, workerExecScenario } from './support/scenarios.js';

describe('threads', () => {
  let p: Probe;
  probeEachTest('server', (probe) => (p = probe));

  const threads = async () => (await p.dc.threadsRequest()).body.threads.map((t) => [t.id, t.name]);

  it('lists every simulated thread, named by task, pid and thread', async () => {
    await p.launch({ scenario: suScenario().path, stopOnEntry: true });
    assert.deepEqual(await threads(), [
      [2, 'shell (pid 100) · main'],
      [3, 'shell (pid 100) · worker'],
    ]);
    assert.deepEqual(p.threadEvents(), [['started', 2], ['started', 3]]);
  });

  it('reports a thread killed by de_thread as exited, and as started again when stepping back', async () => {
    const stop = await p.launch({ scenario: suScenario().path }, {
      configure: (q) => q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'linux.unshare_files' }] }),
    });
    assert.deepEqual(await threads(), [[2, 'shell (pid 100) · main']]);
    // The worker died before the first stop: the client never saw it.
    assert.deepEqual(p.threadEvents(), [['started', 2]]);
    await p.until(p.dc.reverseContinueRequest({ threadId: stop.threadId! }));
    assert.deepEqual(await threads(), [[2, 'shell (pid 100) · main'], [3, 'shell (pid 100) · worker']]);
    assert.deepEqual(p.threadEvents(), [['started', 2], ['started', 3]]);
    await p.until(p.dc.continueRequest({ threadId: stop.threadId! }));
    assert.deepEqual(p.threadEvents(), [['started', 2], ['started', 3], ['exited', 3]]);
  });

  it('keeps a thread id when de_thread gives the exec-ing thread the leader tid', async () => {
    const stop = await p.launch({ scenario: workerExecScenario().path, stopOnEntry: true });
    assert.equal(stop.threadId, 3, 'the statement belongs to the worker');
    await p.until(p.dc.nextRequest({ threadId: 3 }));
    assert.deepEqual(await threads(), [[3, 'shell (pid 100) · worker']]);
    assert.equal((await p.evaluate('shell.threads')).result, 'worker (100)');
  });

  it('shows a forked child as a new thread, and the other threads say what they do', async () => {
    const s = forkScenario();
    const stop = await p.launch({ scenario: s.path }, { configure: (q) => q.dc.setBreakpointsRequest({ source: { path: s.path }, breakpoints: [{ line: s.actionLines[1]! }] }) });
    assert.deepEqual(await threads(), [[2, 'shell (pid 100) · main'], [3, 'kid (pid 101) · main']]);
    assert.equal(stop.threadId, 3);
    const shellStack = await p.stack(2);
    assert.deepEqual(shellStack.map((f) => [f.name, f.presentationHint]), [['shell (pid 100) · main: between statements', 'label']]);
    const fds = await p.scope(shellStack[0]!.id, 'FD table');
    assert.deepEqual(fds.map((v) => v.evaluateName), ['shell.fd[0]', 'shell.fd[3]', 'shell.fd[4]']);
  });

  it('stops on a scenario thread when every task has ended', async () => {
    const s = forkScenario();
    const stop = await p.launch({ scenario: s.path }, { configure: (q) => q.dc.setBreakpointsRequest({ source: { path: s.path }, breakpoints: [{ line: s.expectationLines[0]! }] }) });
    // The shell is still there; the kid has exited: the expectation is about the kid, shown on the shell.
    assert.deepEqual(await threads(), [[2, 'shell (pid 100) · main']]);
    assert.equal(stop.threadId, 2);
    assert.equal((await p.top(2)).name, 'expect kid exited status=0');
  });

  it('answers a stack request for an unknown thread with an error', async () => {
    await p.launch({ scenario: suScenario().path, stopOnEntry: true });
    assert.equal(await p.failure(p.dc.stackTraceRequest({ threadId: 77 })), 'stackTrace: no thread 77 at this point');
  });
});
