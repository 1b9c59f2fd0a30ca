import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { probeEachTest, type Probe, type Transport } from './support/clients.js';
import { missingScenario, suScenario } from './support/scenarios.js';
import { scratchDir, writeText } from './support/scenario-files.js';

for (const transport of ['server', 'stdio'] as Transport[]) {
  describe(`launch (${transport === 'server' ? 'in-process server' : 'stdio executable'})`, () => {
    let p: Probe;
    probeEachTest(transport, (probe) => (p = probe));

    it('a launch without a scenario fails and names the attribute', async () => {
      await p.dc.initializeRequest();
      assert.match(await p.failure(p.dc.launchRequest({} as DebugProtocol.LaunchRequestArguments)), /"scenario" is required: the path of a \.execsim or \.json scenario/);
    });

    it('a JSON syntax error fails the launch with file:line:col, also in the console', async () => {
      const file = writeText(`broken-${transport}.json`, '{\n  "system": "linux",\n  "tasks": [1, 2,]\n}\n');
      await p.dc.initializeRequest();
      const message = await p.failure(p.dc.launchRequest({ scenario: file } as DebugProtocol.LaunchRequestArguments));
      assert.equal(message, `${file} is not a valid JSON scenario:\n${file}:3:18: error: expected a value, found "]"`);
      assert.ok(p.output('stderr').includes(`${file}:3:18: error: expected a value, found "]"`));
    });

    it('stops on entry at the first statement, then steps in and evaluates', async () => {
      const s = suScenario(`su-${transport}`);
      const stop = await p.launch({ scenario: s.path, stopOnEntry: true });
      assert.equal(stop.reason, 'entry');
      const frame = await p.top(stop.threadId!);
      assert.equal(frame.name, 'shell: execve /bin/su ["su", "-"]');
      assert.equal(frame.line, s.actionLines[0]);
      assert.equal(frame.source?.path, s.path);
      const next = await p.until(p.dc.stepInRequest({ threadId: stop.threadId! }));
      assert.equal(next.reason, 'step');
      assert.equal((await p.top(next.threadId!)).name, 'kernel: do_execveat_common (execve)');
      assert.equal((await p.evaluate('shell.fd[3]')).result, '3 → /etc/motd (ro, cloexec)');
    });

    it('terminate ends the session with exit code and terminated', async () => {
      const s = missingScenario(`missing-${transport}`);
      await p.launch({ scenario: s.path, stopOnEntry: true });
      const terminated = p.dc.waitForEvent('terminated');
      await p.dc.terminateRequest();
      await terminated;
      const exited = p.events.find((e) => e.event === 'exited') as DebugProtocol.ExitedEvent;
      assert.equal(exited.body.exitCode, 0);
      assert.match(await p.failure(p.dc.threadsRequest().then(() => p.dc.stackTraceRequest({ threadId: 2 }))), /the session has ended/);
    });
  });
}

describe('launch', () => {
  let p: Probe;
  probeEachTest('server', (probe) => (p = probe));

  async function launchError(args: Record<string, unknown>): Promise<string> {
    await p.dc.initializeRequest();
    return p.failure(p.dc.launchRequest(args as DebugProtocol.LaunchRequestArguments));
  }

  it('a scenario problem fails the launch at the line and column of the field', async () => {
    const text = suScenario('invalid').text.replace('"fd":4,"target":{"path":"/etc/shadow"}', '"fd":4,"target":{"path":"/etc/nothing"}');
    const file = writeText('invalid.json', text);
    const line = text.split('\n').findIndex((l) => l.includes('/etc/nothing')) + 1;
    const column = text.split('\n')[line - 1]!.indexOf('{"path":"/etc/nothing"}') + 1;
    assert.equal(
      await launchError({ scenario: file }),
      `${file} is not a valid JSON scenario:\n${file}:${line}:${column}: error: fd 4 names /etc/nothing, which is not in the filesystem (add it: file /etc/nothing data)`,
    );
  });

  it('a field of the wrong type fails the launch at that field', async () => {
    const text = suScenario('wrong-type').text.replace('"argv":["su","-"]', '"argv":"su"');
    const file = writeText('wrong-type.json', text);
    const line = text.split('\n').findIndex((l) => l.includes('"argv":"su"')) + 1;
    const column = text.split('\n')[line - 1]!.indexOf('"su"}') + 1;
    assert.equal(await launchError({ scenario: file }), `${file} is not a valid JSON scenario:\n${file}:${line}:${column}: error: "argv" should be an array of strings`);
  });

  it('an unknown system fails and lists the systems', async () => {
    assert.match(await launchError({ scenario: suScenario().path, system: 'plan9' }), /"system" must be one of linux, hurd, cloudabi, l4hurd, not "plan9"/);
  });

  it('a file no loader reads fails and names the formats that are read', async () => {
    assert.match(await launchError({ scenario: writeText('notes.txt', 'hello') }), /notes\.txt: no scenario reader for this kind of file \(this adapter reads \.json/);
  });

  it('a missing file fails with the reason it could not be read', async () => {
    assert.match(await launchError({ scenario: path.join(scratchDir(), 'absent.json') }), /cannot read .*absent\.json: ENOENT/);
  });

  it('bad attribute types are all reported at once', async () => {
    const message = await launchError({ scenario: suScenario().path, stopOnEntry: 'yes', stepGranularity: 'line', noDebug: 1 });
    assert.equal(message, 'launch: "stopOnEntry" must be true or false; "stepGranularity" must be one of action, phase, event, not "line"; "noDebug" must be true or false');
  });

  it('noDebug runs to the end, prints the trace and the result, and exits 1 when an expectation fails', async () => {
    const s = suScenario('nodebug');
    const exited = p.dc.waitForEvent('exited');
    const terminated = p.dc.waitForEvent('terminated');
    await Promise.all([p.dc.configurationSequence(), p.dc.launch({ scenario: s.path, noDebug: true })]);
    assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 1);
    await terminated;
    assert.ok(!p.events.some((e) => e.event === 'stopped'), 'noDebug never stops');
    const trace = p.output('stdout');
    assert.match(trace, /^\d+: shell: execve \/bin\/su \["su", "-"\]\n {2}kernel: do_execveat_common \(execve\)\n/);
    assert.match(trace, / {12}pid 100: fd 3 closed \(close-on-exec\)\n/);
    const summary = p.output('console');
    assert.match(summary, /— end of the scenario \(\d+ events\): 2 of 3 expectations passed/);
    assert.match(summary, new RegExp(`line ${s.actionLines[0]}: shell: execve ⇒ ok\\n`));
    assert.match(summary, new RegExp(`✗ line ${s.expectationLines[2]}: expected 4 closed, saw 4 → /etc/shadow \\(ro\\)`));
  });

  it('writes the event stream to the trace file as JSON Lines', async () => {
    const s = missingScenario('traced');
    const trace = path.join(scratchDir(), 'traced.jsonl');
    const terminated = p.dc.waitForEvent('terminated');
    await Promise.all([p.dc.configurationSequence(), p.dc.launch({ scenario: s.path, noDebug: true, trace })]);
    await terminated;
    const records = fs.readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(records.map((r) => r.seq), records.map((_, i) => i));
    assert.deepEqual(records[0], { kind: 'action-started', action: 0, seq: 0, frame: { id: 1, kind: 'action', label: 'shell: execve /bin/missing ["missing"]', depth: 0, pid: 100, tid: 100, pc: 1 }, text: 'statement 0' });
    const failed = records.find((r) => r.kind === 'phase-left' && r.errno === 'ENOENT')!;
    assert.equal(failed.phase, 'linux.open_exec');
    assert.equal(failed.text, '← do_open_execat fails ENOENT');
  });

  it('writes the trace as text when the file ends in .txt', async () => {
    const trace = path.join(scratchDir(), 'traced.txt');
    const terminated = p.dc.waitForEvent('terminated');
    await Promise.all([p.dc.configurationSequence(), p.dc.launch({ scenario: missingScenario('traced-text').path, noDebug: true, trace })]);
    await terminated;
    const lines = fs.readFileSync(trace, 'utf8').split('\n');
    assert.match(lines[0]!, /^ {3}0 \d+: shell: execve \/bin\/missing \["missing"\]$/);
    assert.ok(lines.includes('   7     ← do_open_execat fails ENOENT'), lines.slice(0, 12).join('\n'));
  });

  it('restart reloads the file, keeps the breakpoints and tells the client what changed', async () => {
    const s = suScenario('restarted');
    const first = await p.launch({ scenario: s.path }, {
      configure: (q) => q.dc.setBreakpointsRequest({ source: { path: s.path }, breakpoints: [{ line: s.expectationLines[0]! }] }),
    });
    assert.equal(first.reason, 'breakpoint');
    // The file changes: one statement fewer before the breakpoint's line.
    const lines = s.text.split('\n');
    lines.splice(s.expectationLines[0]! - 1, 1, '    {"what":"cred","task":"shell","field":"uid","value":1000,"after":0},');
    fs.writeFileSync(s.path, lines.join('\n'));
    const stopped = p.dc.waitForEvent('stopped');
    await p.dc.restartRequest({});
    const again = ((await stopped) as DebugProtocol.StoppedEvent).body;
    assert.equal(again.reason, 'breakpoint');
    const frame = await p.top(again.threadId!);
    assert.equal(frame.name, 'expect shell cred field=uid value=1000');
    assert.equal(frame.line, s.expectationLines[0]);
    assert.ok(p.events.some((e) => e.event === 'breakpoint' && (e as DebugProtocol.BreakpointEvent).body.reason === 'changed'));
    assert.ok(p.events.some((e) => e.event === 'invalidated'));
  });

  it('answers requests after terminate with an error, and a second launch with one too', async () => {
    await p.launch({ scenario: suScenario().path, stopOnEntry: true });
    assert.match(await p.failure(p.dc.launchRequest({ scenario: suScenario().path } as DebugProtocol.LaunchRequestArguments)), /a scenario is already launched/);
    const terminated = p.dc.waitForEvent('terminated');
    await p.dc.terminateRequest();
    await terminated;
    assert.match(await p.failure(p.dc.nextRequest({ threadId: 2 })), /the session has ended/);
    assert.match(await p.failure(p.dc.evaluateRequest({ expression: 'shell' })), /the session has ended/);
    assert.deepEqual((await p.dc.threadsRequest()).body.threads, []);
  });

  it('answers attach with an error saying it launches', async () => {
    await p.dc.initializeRequest();
    assert.match(await p.failure(p.dc.attachRequest({})), /execsim launches scenarios/);
  });

  it('advertises the capabilities it implements', async () => {
    const caps = (await p.dc.initializeRequest()).body!;
    assert.equal(caps.supportsStepBack, true);
    assert.equal(caps.supportsDataBreakpoints, true);
    assert.equal(caps.supportsStepInTargetsRequest, false);
    assert.equal(caps.supportsReadMemoryRequest, false);
    assert.deepEqual(caps.exceptionBreakpointFilters?.map((f) => [f.filter, f.default]), [
      ['exec-failed', false],
      ['point-of-no-return', false],
      ['secure-exec-leak', false],
      ['expectation-failed', true],
    ]);
  });
});
