/**
 * `.execsim` files in the debugger: the Node host (and so the execsim-debug
 * executable) reads them through the scenario language, while the session
 * core knows only the ScenarioLoader interface. Driven through DebugClient,
 * in process and over stdio.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { allScenarioLoaders } from '../../../debug-adapter/src/composition/index.js';
import { assertGolden, REPO_ROOT } from '../../support/golden.js';
import { probeEachTest, type Probe, type Transport } from '../support/clients.js';
import { writeText } from '../support/scenario-files.js';
import { renderScopes, renderStack } from '../support/variable-tree.js';

const MAIL = path.join(REPO_ROOT, 'examples', 'cloudabi-mail-server.execsim');
const INIT = path.join(REPO_ROOT, 'examples', 'linux-init-birth.execsim');

/** The 1-based line of the first line of a file that starts with `prefix`. */
function lineOf(file: string, prefix: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith(prefix));
  assert.ok(i >= 0, `no line starting with ${prefix} in ${file}`);
  return i + 1;
}

describe('the debug adapter core and the scenario language', () => {
  it('lists the JSON and the .execsim readers at the composition point', () => {
    assert.deepEqual(allScenarioLoaders().map((l) => [l.name, l.extensions]), [['JSON scenario', ['.json']], ['execsim scenario', ['.execsim']]]);
  });

  it('keeps the session core free of the language server', () => {
    const src = path.join(REPO_ROOT, 'debug-adapter', 'src');
    const core = ['dap', 'adapter', 'scenario'].flatMap((d) => fs.readdirSync(path.join(src, d), { recursive: true, encoding: 'utf8' }).map((f) => path.join(d, f)));
    const offences = [...core, 'index.ts']
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from '[^']*language-server[^']*'/.test(fs.readFileSync(path.join(src, f), 'utf8')));
    assert.deepEqual(offences, []);
  });
});

for (const transport of ['server', 'stdio'] as Transport[]) {
  describe(`.execsim launches (${transport === 'server' ? 'in-process server' : 'stdio executable'})`, () => {
    let p: Probe;
    probeEachTest(transport, (probe) => (p = probe));

    it('stops on a phase breakpoint with the statement frame on its .execsim line', async () => {
      const stop = await p.launch({ scenario: MAIL }, {
        configure: async (q) => {
          const bp = (await q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'cloudabi.fd_remap' }] })).body.breakpoints[0]!;
          assert.equal(bp.verified, true, bp.message);
        },
      });
      assert.equal(stop.reason, 'function breakpoint');
      const frames = await p.stack(stop.threadId!);
      assert.equal(frames[0]!.name, 'kernel: cloudabi_sys_proc_exec › fdcopy_remapped');
      const statement = frames.at(-1)!;
      assert.equal(statement.source?.path, MAIL);
      assert.equal(statement.line, lineOf(MAIL, '@exec launcher: proc_exec'));
      assert.match(statement.name, /^launcher: proc_exec 3 \{"hostname": "mail\.example\.org", "smtp": !fd 4/);
    });

    it('verifies line breakpoints on statements of an .execsim file and stops at them', async () => {
      const action = lineOf(INIT, '@sbin init: kernel_execve');
      const expectation = lineOf(INIT, 'expect init comm init');
      let placed: DebugProtocol.Breakpoint[] = [];
      const stop = await p.launch({ scenario: INIT }, {
        configure: async (q) => {
          placed = (await q.dc.setBreakpointsRequest({ source: { path: INIT }, breakpoints: [{ line: action }, { line: expectation }] })).body.breakpoints;
        },
      });
      assert.deepEqual(placed.map((b) => [b.verified, b.line]), [[true, action], [true, expectation]]);
      assert.equal(stop.reason, 'breakpoint');
      const top = await p.top(stop.threadId!);
      assert.deepEqual([top.name, top.line, top.source?.path], ['init: kernel_execve /sbin/init ["/sbin/init"]', action, INIT]);
      const next = await p.until(p.dc.continueRequest({ threadId: stop.threadId! }));
      assert.equal(next.reason, 'breakpoint');
      assert.equal((await p.top(next.threadId!)).line, expectation);
    });

    it('fails the launch of a broken .execsim with file:line:col and the hint', async () => {
      const file = writeText(`broken-${transport}.execsim`, 'system linux\ntask shell pid 1\nshel: close 0\n');
      await p.dc.initializeRequest();
      const message = await p.failure(p.dc.launchRequest({ scenario: file } as DebugProtocol.LaunchRequestArguments));
      assert.equal(message, `${file} is not a valid execsim scenario:\n${file}:3:1: error: no task named shel (did you mean shell?)`);
      assert.ok(p.output('stderr').includes(`${file}:3:1: error: no task named shel (did you mean shell?)`));
    });
  });
}

describe('CloudABI message in flight in the Variables view', () => {
  let p: Probe;
  probeEachTest('server', (probe) => (p = probe));

  it('shows the argdata tree and the fds array while fdcopy_remapped builds the new table', async () => {
    const stop = await p.launch({ scenario: MAIL }, {
      configure: async (q) => {
        await q.dc.setExceptionBreakpointsRequest({ filters: [] });
        await q.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'cloudabi.fd_remap' }] });
      },
    });
    const frames = await p.stack(stop.threadId!);
    const text = `${renderStack(frames)}\n${await renderScopes(p, frames[0]!.id, { depth: 3, skip: ['FD table', 'Credentials', 'Signals', 'Memory', 'Registers', 'Process', 'Phase', 'Event'] })}`;
    assertGolden('test/debug-adapter/golden/cloudabi-execsim-message-in-flight.txt', text.replaceAll(REPO_ROOT, '<repo>'));
  });
});
