import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { matchPhases, phasesOf } from '../../sim-core/src/index.js';
import { probeEachTest, type Probe } from './support/clients.js';
import { missingScenario, suScenario } from './support/scenarios.js';

describe('breakpoints', () => {
  let p: Probe;
  probeEachTest('server', (probe) => (p = probe));

  describe('line breakpoints', () => {
    it('are verified on statement lines and stop there', async () => {
      const s = suScenario();
      let placed: DebugProtocol.Breakpoint[] = [];
      const stop = await p.launch({ scenario: s.path }, {
        configure: async (q) => {
          placed = (await q.dc.setBreakpointsRequest({ source: { path: s.path }, breakpoints: [{ line: s.expectationLines[1]! }] })).body.breakpoints;
        },
      });
      assert.deepEqual(placed.map((b) => [b.verified, b.line]), [[true, s.expectationLines[1]]]);
      assert.equal(stop.reason, 'breakpoint');
      assert.deepEqual(stop.hitBreakpointIds, [placed[0]!.id]);
      const frame = await p.top(stop.threadId!);
      assert.equal(frame.line, s.expectationLines[1]);
      assert.equal(frame.name, 'expect shell cred field=euid value=0');
    });

    it('stay unverified on a line without a statement and say where the nearest is', async () => {
      const s = suScenario();
      await p.dc.initializeRequest();
      await p.dc.launchRequest({ scenario: s.path, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
      const bps = (await p.dc.setBreakpointsRequest({ source: { path: s.path }, breakpoints: [{ line: 2 }] })).body.breakpoints;
      assert.equal(bps[0]!.verified, false);
      assert.equal(bps[0]!.message, `no statement on line 2: breakpoints go on actions and expect lines (the nearest is on line ${s.actionLines[0]})`);
    });

    it('stay unverified in another file', async () => {
      const s = suScenario();
      await p.dc.initializeRequest();
      await p.dc.launchRequest({ scenario: s.path, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
      const bps = (await p.dc.setBreakpointsRequest({ source: { path: '/elsewhere/other.json', name: 'other.json' }, breakpoints: [{ line: s.actionLines[0]! }] })).body.breakpoints;
      assert.deepEqual([bps[0]!.verified, bps[0]!.message], [false, 'other.json is not the scenario being debugged: breakpoints go on its statements']);
    });

    it('with a false condition do not stop, with a true one do', async () => {
      const s = suScenario();
      const stop = await p.launch({ scenario: s.path }, {
        configure: (q) =>
          q.dc.setBreakpointsRequest({
            source: { path: s.path },
            breakpoints: [
              { line: s.expectationLines[0]!, condition: 'shell.euid == 1000' },
              { line: s.expectationLines[1]!, condition: 'shell.euid == 0 && shell.fd[3] == closed' },
            ],
          }),
      });
      assert.equal(stop.reason, 'breakpoint');
      assert.equal((await p.top(stop.threadId!)).line, s.expectationLines[1]);
    });

    it('with a condition that does not parse stay unverified with the parse error', async () => {
      const s = suScenario();
      await p.dc.initializeRequest();
      await p.dc.launchRequest({ scenario: s.path, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
      const bps = (await p.dc.setBreakpointsRequest({ source: { path: s.path }, breakpoints: [{ line: s.actionLines[0]!, condition: 'shell.euid = 0' }] })).body.breakpoints;
      assert.deepEqual([bps[0]!.verified, bps[0]!.message], [false, 'condition: "=" is not an operator here (compare with ==; change values in the Variables view or with setExpression)']);
    });

    it('as logpoints print the message with its expressions and do not stop', async () => {
      const s = missingScenario();
      const terminated = p.dc.waitForEvent('terminated');
      const stop = await p.launch({ scenario: s.path }, {
        configure: (q) =>
          q.dc.setBreakpointsRequest({ source: { path: s.path }, breakpoints: [{ line: s.actionLines[1]!, logMessage: 'closing fd 4: {shell.fd[4]} (euid {shell.euid})' }] }),
      });
      assert.equal(stop.reason, 'end');
      // Logpoint messages go with the trace, in order: right after the statement's own line.
      assert.match(p.output('stdout'), new RegExp(`\\n${s.actionLines[1]}: shell: close 4\\nclosing fd 4: 4 → /etc/shadow \\(ro\\) \\(euid 1000\\)\\n`));
      await p.dc.continueRequest({ threadId: stop.threadId! });
      await terminated;
    });
  });

  describe('function breakpoints', () => {
    it('match phase ids with wildcards and stop when a matching phase is entered', async () => {
      const s = suScenario();
      let placed: DebugProtocol.Breakpoint[] = [];
      const stop = await p.launch({ scenario: s.path }, {
        configure: async (q) => {
          placed = (await q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'linux.close_on*' }] })).body.breakpoints;
        },
      });
      assert.deepEqual(placed.map((b) => [b.verified, b.message]), [[true, 'do_close_on_exec']]);
      assert.equal(stop.reason, 'function breakpoint');
      assert.equal(stop.description, 'phase linux.close_on_exec');
      const top = await p.top(stop.threadId!);
      assert.equal(top.name, 'kernel: do_execveat_common (execve) › do_close_on_exec');
      assert.equal(top.source?.name, 'linux.close_on_exec');
    });

    it('that match no phase of this system stay unverified and say why', async () => {
      await p.dc.initializeRequest();
      await p.dc.launchRequest({ scenario: suScenario().path, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
      const bps = (await p.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'hurd.exec.*' }, { name: 'do_open_execat' }, { name: 'linux.*' }, { name: 'nothing.like.this' }] })).body.breakpoints;
      assert.deepEqual(bps.map((b) => [b.verified, b.message]), [
        [false, `hurd.exec.* matches ${matchPhases('hurd.exec.*').length} phases of hurd, none of linux (this scenario's system)`],
        [false, 'no phase id is do_open_execat; did you mean linux.open_exec?'],
        [true, `${phasesOf('linux').length} phases`],
        [false, 'no phase matches "nothing.like.this": phase ids look like linux.close_on_exec, and linux.* matches all of them'],
      ]);
    });

    it('with a hit count stop at that hit only', async () => {
      const s = suScenario();
      const stop = await p.launch({ scenario: s.path }, {
        configure: async (q) => {
          await q.dc.setExceptionBreakpointsRequest({ filters: [] });
          await q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'linux.*', hitCondition: '3' }] });
        },
      });
      assert.equal(stop.description, 'phase linux.open_exec');
      const after = await p.until(p.dc.continueRequest({ threadId: stop.threadId! }));
      assert.equal(after.reason, 'end', 'the 3rd hit happens once');
    });

    it('with an unreadable hit count stay unverified', async () => {
      await p.dc.initializeRequest();
      await p.dc.launchRequest({ scenario: suScenario().path, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
      const bps = (await p.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'linux.*', hitCondition: 'often' }] })).body.breakpoints;
      assert.match(bps[0]!.message!, /hit count "often" is not understood/);
    });
  });

  describe('exception filters', () => {
    it('exec failed stops in the failing phase and exceptionInfo explains it', async () => {
      const stop = await p.launch({ scenario: missingScenario().path }, { configure: (q) => q.dc.setExceptionBreakpointsRequest({ filters: ['exec-failed'] }) });
      assert.deepEqual([stop.reason, stop.text], ['exception', 'ENOENT']);
      assert.equal((await p.top(stop.threadId!)).name, 'kernel: do_execveat_common (execve) › do_open_execat');
      const info = (await p.dc.exceptionInfoRequest({ threadId: stop.threadId! })).body;
      assert.equal(info.exceptionId, 'ENOENT');
      assert.equal(info.breakMode, 'always');
      assert.equal(info.description, 'do_open_execat failed with ENOENT (No such file or directory): /bin/missing does not exist');
      assert.match(info.details!.stackTrace!, /^phase: linux\.open_exec\nstatement: shell: execve \/bin\/missing \["missing"\] \(line \d+\)\nENOENT here: the file or a directory on the way does not exist\n {2}at do_open_execat/);
    });

    it('exec failed with an errno condition ignores other errnos', async () => {
      let results: DebugProtocol.Breakpoint[] = [];
      const stop = await p.launch({ scenario: missingScenario().path }, {
        configure: async (q) => {
          results = (await q.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'exec-failed', condition: 'EACCES ETXTBSY' }] })).body?.breakpoints ?? [];
        },
      });
      assert.deepEqual(results.map((r) => r.verified), [true]);
      assert.equal(stop.reason, 'end');
    });

    it('an errno condition that names no errno is refused', async () => {
      await p.dc.initializeRequest();
      const r = (await p.dc.setExceptionBreakpointsRequest({ filters: ['nope'], filterOptions: [{ filterId: 'exec-failed', condition: 'ENOENT EWHAT' }, { filterId: 'point-of-no-return', condition: 'EIO' }] })).body!.breakpoints!;
      assert.deepEqual(r.map((b) => [b.verified, b.message]), [
        [false, 'unknown exception filter "nope"; filters: exec-failed, point-of-no-return, secure-exec-leak, expectation-failed'],
        [false, 'not an errno: EWHAT (write names such as ENOENT EACCES)'],
        [false, 'the filter point-of-no-return takes no condition'],
      ]);
    });

    it('point of no return stops at the commit of the exec', async () => {
      const stop = await p.launch({ scenario: suScenario().path }, { configure: (q) => q.dc.setExceptionBreakpointsRequest({ filters: ['point-of-no-return'] }) });
      assert.equal(stop.text, 'point of no return');
      assert.match(stop.description!, /^pid 100 crossed the point of no return/);
      assert.equal((await p.top(stop.threadId!)).source?.name, 'linux.point_of_no_return');
    });

    it('a secure exec holding an inherited fd stops where the program starts', async () => {
      const stop = await p.launch({ scenario: suScenario().path }, { configure: (q) => q.dc.setExceptionBreakpointsRequest({ filters: ['secure-exec-leak'] }) });
      assert.equal(stop.description, 'shell (pid 100) starts /bin/su with AT_SECURE=1 holding fd 4 → /etc/shadow (ro)');
      assert.equal((await p.top(stop.threadId!)).source?.name, 'linux.start');
    });

    it('expectation failed is on by default and stops at the expect line', async () => {
      const s = suScenario();
      const stop = await p.launch({ scenario: s.path });
      assert.deepEqual([stop.reason, stop.text, stop.description], ['exception', 'expectation failed', 'expected 4 closed, saw 4 → /etc/shadow (ro)']);
      assert.equal((await p.top(stop.threadId!)).line, s.expectationLines[2]);
    });
  });

  describe('data breakpoints', () => {
    it('on an fd slot stop where the slot changes', async () => {
      const stop = await p.launch({ scenario: suScenario().path, stopOnEntry: true });
      const fds = await p.scope((await p.top(stop.threadId!)).id, 'FD table');
      const ref = (await p.scopes((await p.top(stop.threadId!)).id)).find((s) => s.name === 'FD table')!.variablesReference;
      assert.equal(fds[1]!.name, '3');
      const info = (await p.dc.dataBreakpointInfoRequest({ variablesReference: ref, name: '3' })).body;
      assert.deepEqual(info, { dataId: 'shell.fd[3]', description: 'changes of fd 3 of shell', accessTypes: ['write'], canPersist: true });
      const set = (await p.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.dataId!, accessType: 'write' }] })).body.breakpoints;
      assert.deepEqual(set.map((b) => [b.verified, b.message]), [[true, 'watching fd 3 of shell']]);
      const hit = await p.until(p.dc.continueRequest({ threadId: stop.threadId! }));
      assert.equal(hit.reason, 'data breakpoint');
      assert.match(hit.description!, /^fd 3 of shell: #\d+ \/etc\/motd \(ro, cloexec\) → closed$/);
      assert.deepEqual(hit.hitBreakpointIds, [set[0]!.id]);
      assert.equal((await p.top(hit.threadId!)).source?.name, 'linux.close_on_exec');
    });

    it('on a credential stop where it is committed', async () => {
      const stop = await p.launch({ scenario: suScenario().path, stopOnEntry: true });
      const info = (await p.dc.dataBreakpointInfoRequest({ name: 'shell.euid' })).body;
      assert.equal(info.dataId, 'shell.euid');
      await p.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.dataId! }] });
      const hit = await p.until(p.dc.continueRequest({ threadId: stop.threadId! }));
      assert.deepEqual([hit.reason, hit.description], ['data breakpoint', 'euid of shell: 1000 → 0']);
    });

    it('are not offered for values other than fd slots, port names and credentials', async () => {
      await p.launch({ scenario: suScenario().path, stopOnEntry: true });
      assert.deepEqual((await p.dc.dataBreakpointInfoRequest({ name: 'shell.umask' })).body, { dataId: null, description: 'data breakpoints watch an fd slot, a port name or a credential' });
      assert.deepEqual((await p.dc.dataBreakpointInfoRequest({ name: 'shell.' })).body.dataId, null);
    });

    it('with an expression that does not parse stay unverified', async () => {
      await p.launch({ scenario: suScenario().path, stopOnEntry: true });
      const set = (await p.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'shell.fd[' }, { dataId: 'shell.euid', accessType: 'read' }] })).body.breakpoints;
      assert.deepEqual(set.map((b) => [b.verified, b.message]), [
        [false, 'cannot watch shell.fd[: the expression ends too early'],
        [false, 'only changes can be watched (accessType "write"), not "read"'],
      ]);
    });
  });

  it('lists the statements of a range of lines as breakpoint locations', async () => {
    const s = suScenario();
    await p.dc.initializeRequest();
    await p.dc.launchRequest({ scenario: s.path, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
    const r = await p.dc.customRequest('breakpointLocations', { source: { path: s.path }, line: 1, endLine: s.expectationLines[0] });
    assert.deepEqual((r.body as DebugProtocol.BreakpointLocationsResponse['body']).breakpoints.map((b) => b.line), [s.actionLines[0], s.expectationLines[0]]);
  });
});
