import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { assertGolden } from '../support/golden.js';
import { shellTask, suNodes } from '../support/linux-world.js';
import { probeEachTest, type Probe } from './support/clients.js';
import { writeScenario } from './support/scenario-files.js';
import { forkScenario, missingScenario, suScenario } from './support/scenarios.js';
import { renderScopes, renderStack } from './support/variable-tree.js';

const GOLDEN = 'test/debug-adapter/golden';

describe('variables', () => {
  let p: Probe;
  probeEachTest('server', (probe) => (p = probe));

  /** Stack and variables at the first stop, rendered for a golden file (paths made relative). */
  async function snapshot(stop: DebugProtocol.StoppedEvent['body'], file: string): Promise<string> {
    const frames = await p.stack(stop.threadId!);
    const text = `stopped: ${stop.reason}${stop.description ? ` (${stop.description})` : ''}\n\n${renderStack(frames)}\n${await renderScopes(p, frames[0]!.id)}`;
    return text.split(file).join('<scenario>');
  }

  describe('golden trees', () => {
    it('a setuid exec at do_close_on_exec', async () => {
      const s = suScenario('golden-su');
      const stop = await p.launch({ scenario: s.path }, { configure: (q) => q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'linux.close_on_exec' }] }) });
      assertGolden(`${GOLDEN}/linux-su-close-on-exec.txt`, await snapshot(stop, s.path));
    });

    it('a setuid exec after start_thread', async () => {
      const s = suScenario('golden-su-started');
      const stop = await p.launch({ scenario: s.path }, { configure: (q) => q.dc.setExceptionBreakpointsRequest({ filters: ['secure-exec-leak'] }) });
      assertGolden(`${GOLDEN}/linux-su-started.txt`, await snapshot(stop, s.path));
    });

    it('an exec that fails with ENOENT', async () => {
      const s = missingScenario('golden-missing');
      const stop = await p.launch({ scenario: s.path }, { configure: (q) => q.dc.setExceptionBreakpointsRequest({ filters: ['exec-failed'] }) });
      assertGolden(`${GOLDEN}/linux-enoent.txt`, await snapshot(stop, s.path));
    });

    it('a forked child that has exec-ed', async () => {
      const s = forkScenario('golden-fork');
      const stop = await p.launch({ scenario: s.path }, { configure: (q) => q.dc.setBreakpointsRequest({ source: { path: s.path }, breakpoints: [{ line: s.actionLines[2]! }] }) });
      assertGolden(`${GOLDEN}/linux-fork-child.txt`, await snapshot(stop, s.path));
    });
  });

  it('pages a large fd table: counts up front, rows only as asked', async () => {
    const fds = Array.from({ length: 20_000 }, (_, fd) => (fd === 0 ? { fd, target: { path: '/etc/motd' } } : { fd, dupOf: 0 }));
    const s = writeScenario('many-fds', { nodes: suNodes(), tasks: [shellTask({ fds, threads: [] })], steps: [{ task: 'shell', call: 'close', fd: 7 }] });
    const stop = await p.launch({ scenario: s.path, stopOnEntry: true });
    const scope = (await p.scopes((await p.top(stop.threadId!)).id)).find((x) => x.name === 'FD table')!;
    assert.equal(scope.indexedVariables, 20_000);
    const page = (await p.dc.variablesRequest({ variablesReference: scope.variablesReference, filter: 'indexed', start: 12_345, count: 3 })).body.variables;
    assert.deepEqual(page.map((v) => [v.name, v.value, v.evaluateName]), [
      ['12345', '→ /etc/motd (ro)', 'shell.fd[12345]'],
      ['12346', '→ /etc/motd (ro)', 'shell.fd[12346]'],
      ['12347', '→ /etc/motd (ro)', 'shell.fd[12347]'],
    ]);
    const all = (await p.dc.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
    assert.equal(all.length, 1001, 'unpaged requests get the first 1000 rows and a note');
    assert.equal(all[1000]!.value, '19000 more (the client should page with start/count)');
    const rows = await p.dc.variablesRequest({ variablesReference: (await p.dc.variablesRequest({ variablesReference: scope.variablesReference, filter: 'indexed', start: 0, count: 1 })).body.variables[0]!.variablesReference });
    assert.equal(rows.body.variables.find((v) => v.name === 'refs')!.value, '20000');
  });

  describe('evaluate', () => {
    it('answers watch, hover and repl with the same values and expandable results', async () => {
      await p.launch({ scenario: suScenario().path, stopOnEntry: true });
      for (const context of ['watch', 'hover', 'repl']) assert.equal((await p.evaluate('shell.fd[3]', context)).result, '3 → /etc/motd (ro, cloexec)');
      const shell = await p.evaluate('shell');
      assert.equal(shell.result, 'shell (pid 100): running /bin/sh, euid 1000');
      assert.ok(shell.variablesReference > 0 && shell.namedVariables! > 10);
      const fields = (await p.dc.variablesRequest({ variablesReference: shell.variablesReference })).body.variables.map((v) => v.name);
      assert.deepEqual(fields.slice(0, 3), ['name', 'pid', 'ppid']);
      assert.ok(fields.includes('fd') && fields.includes('creds'));
    });

    it('answers an unsupported expression with a clear error, never a blank', async () => {
      await p.launch({ scenario: suScenario().path, stopOnEntry: true });
      assert.equal(await p.failure(p.dc.evaluateRequest({ expression: 'shell.fd[3].mode', context: 'watch' })), 'shell.fd[3] has no field "mode" (fields: target, kind, access, cloexec, description, refs, offset, flags)');
      assert.equal(await p.failure(p.dc.evaluateRequest({ expression: 'open("/etc/passwd")', context: 'repl' })), 'unknown function open() (functions: task(pid) or task("name"), ports(task), fds(task), len(x)) — type help for the language');
      assert.equal(await p.failure(p.dc.evaluateRequest({ expression: 'ports(shell)', context: 'hover' })), 'shell has no port namespace (Mach port namespaces exist on the Hurd; this scenario runs on linux)');
    });

    it('prints the language in the repl for help', async () => {
      await p.launch({ scenario: suScenario().path, stopOnEntry: true });
      assert.match((await p.evaluate('help', 'repl')).result, /^Expressions over the simulated state at the cursor:\n {2}shell {17}a task/);
    });

    it('completes fields after a dot and fds after a bracket', async () => {
      await p.launch({ scenario: suScenario().path, stopOnEntry: true });
      const fields = (await p.dc.completionsRequest({ text: 'shell.fd[3].cl', column: 15 })).body.targets;
      assert.deepEqual(fields.map((t) => [t.label, t.start, t.length]), [['cloexec', 13, 2]]);
      const fds = (await p.dc.completionsRequest({ text: 'shell.fd[', column: 10 })).body.targets;
      assert.deepEqual(fds.map((t) => t.label), ['0', '3', '4']);
    });
  });

  describe('setVariable', () => {
    it('clearing close-on-exec keeps the fd open in the new program, and the client is told to refresh', async () => {
      const s = suScenario();
      const stop = await p.launch({ scenario: s.path, stopOnEntry: true }, { configure: (q) => q.dc.setExceptionBreakpointsRequest({ filters: [] }) });
      const fd3 = (await p.scope((await p.top(stop.threadId!)).id, 'FD table')).find((v) => v.name === '3')!;
      const invalidated = p.dc.waitForEvent('invalidated');
      const set = (await p.dc.setVariableRequest({ variablesReference: fd3.variablesReference, name: 'cloexec', value: 'false' })).body;
      assert.deepEqual([set.value, set.type], ['false', 'close-on-exec']);
      assert.deepEqual(((await invalidated) as DebugProtocol.InvalidatedEvent).body.areas, ['variables']);
      assert.match(p.output('stdout'), /edited: shell: fd 3 close-on-exec cleared\n/);
      const end = await p.until(p.dc.continueRequest({ threadId: stop.threadId! }));
      assert.equal(end.reason, 'end');
      assert.equal((await p.evaluate('shell.fd[3]')).result, '3 → /etc/motd (ro)');
      assert.match(p.output('console'), /1 of 3 expectations passed/);
    });

    it('a uid set before the exec is the one the exec reads', async () => {
      const stop = await p.launch({ scenario: suScenario().path, stopOnEntry: true }, { configure: (q) => q.dc.setExceptionBreakpointsRequest({ filters: [] }) });
      const creds = (await p.scopes((await p.top(stop.threadId!)).id)).find((s) => s.name === 'Credentials')!;
      await p.dc.setVariableRequest({ variablesReference: creds.variablesReference, name: 'uid', value: '0' });
      await p.until(p.dc.continueRequest({ threadId: stop.threadId! }));
      // The exec reads the edited real uid when it computes the new credentials.
      assert.match(p.output('stdout'), /new credentials: uid 0 euid 0 /);
    });

    it('refuses read-only values and bad text with what would work', async () => {
      const stop = await p.launch({ scenario: suScenario().path, stopOnEntry: true });
      const process = (await p.scopes((await p.top(stop.threadId!)).id)).find((s) => s.name === 'Process')!;
      assert.equal(await p.failure(p.dc.setVariableRequest({ variablesReference: process.variablesReference, name: 'pid', value: '5' })), 'shell.pid cannot be changed; these can: an fd (to closed), its cloexec, credentials (uid … fsgid, groups), umask, noNewPrivs');
      assert.equal(await p.failure(p.dc.setVariableRequest({ variablesReference: process.variablesReference, name: 'umask', value: 'abc' })), '"abc" is not an octal umask (write it in octal, e.g. 022)');
      assert.match(await p.failure(p.dc.setVariableRequest({ variablesReference: 99999, name: 'x', value: '1' })), /no variables with reference 99999/);
    });

    it('setExpression changes what a watch names', async () => {
      await p.launch({ scenario: suScenario().path, stopOnEntry: true });
      const r = await p.dc.customRequest('setExpression', { expression: 'shell.euid', value: '0' });
      assert.equal((r.body as DebugProtocol.SetExpressionResponse['body']).value, '0');
      assert.equal((await p.evaluate('shell.euid')).result, '0');
    });
  });

  it('serves a phase pseudo-code as the source of its frames', async () => {
    const stop = await p.launch({ scenario: suScenario().path }, { configure: (q) => q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'linux.close_on_exec' }] }) });
    assert.equal((await p.top(stop.threadId!)).line, 1, 'a phase starts at its first line');
    await p.until(p.dc.nextRequest({ threadId: stop.threadId!, granularity: 'instruction' }));
    const top = await p.top(stop.threadId!);
    const content = (await p.dc.sourceRequest({ sourceReference: top.source!.sourceReference!, source: top.source })).body.content;
    const lines = content.split('\n');
    assert.equal(top.line, 3, 'the close happens on line 3');
    assert.equal(lines[top.line - 1], '        clear the bit; file = fdt->fd[fd]; fdt->fd[fd] = NULL');
    assert.ok(lines.includes('// source: LINUX fs/file.c: do_close_on_exec'), content);
    assert.match(await p.failure(p.dc.sourceRequest({ sourceReference: 100000 })), /no source with reference 100000/);
  });
});
