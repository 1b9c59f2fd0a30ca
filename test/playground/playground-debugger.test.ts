/**
 * The page's debugger driving the inline adapter over DAP, in Node: the same
 * request sequence and stops as in the browser, with the panels replaced by
 * recorders.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { PlaygroundDebugger, type DebugState, type DebuggerView } from '../../playground/src/debug/playground-debugger.js';
import type { BreakpointsPanel, BreakpointVerdict } from '../../playground/src/debug/breakpoints-panel.js';
import type { CallStackPanel } from '../../playground/src/debug/call-stack-panel.js';
import type { FetchVariables, VariablesTree } from '../../playground/src/debug/variables-tree.js';
import { REPO_ROOT } from '../support/golden.js';

class Recorder {
  phases: string[] = [];
  lines: number[] = [];
  verdicts: BreakpointVerdict[] = [];
  frames: string[] = [];
  fdRows: string[] = [];
  scopes: string[] = [];
  currentLine: number | undefined;
  states: DebugState[] = [];
  output = '';

  view(): DebuggerView {
    const breakpoints = { phases: this.phases, lines: this.lines, onChange: () => undefined, setVerdicts: (p: BreakpointVerdict[]) => (this.verdicts = p) } as unknown as BreakpointsPanel;
    const stack = { onSelect: () => undefined, clear: () => (this.frames = []), show: (_t: string, f: DebugProtocol.StackFrame[]) => (this.frames = f.map((x) => x.name)) } as unknown as CallStackPanel;
    const variables = {
      clear: () => (this.fdRows = []),
      show: async (scopes: DebugProtocol.Scope[], fetch: FetchVariables) => {
        this.scopes = scopes.map((s) => s.name);
        const fd = scopes.find((s) => s.name === 'FD table');
        this.fdRows = !fd ? [] : (await fetch({ variablesReference: fd.variablesReference, filter: 'indexed', start: 0, count: 100 })).map((v) => `${v.name} ${v.value}`);
      },
    } as unknown as VariablesTree;
    return { breakpoints, stack, variables, print: (t) => (this.output += t), showCurrentLine: (l) => (this.currentLine = l), stateChanged: (s) => this.states.push(s) };
  }
}

const TEXT = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'close-on-exec.execsim'), 'utf8');

async function until(dbg: PlaygroundDebugger, state: DebugState): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (dbg.state !== state && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  assert.equal(dbg.state, state);
  await dbg.settled();
}

describe('playground debugger over the inline adapter', () => {
  it('stops at a phase breakpoint, steps over it and back, with the fd rows of each state', async () => {
    const r = new Recorder();
    r.phases.push('linux.close_on_exec');
    const dbg = new PlaygroundDebugger(r.view(), () => TEXT);
    await dbg.start();
    await until(dbg, 'stopped');
    assert.deepEqual(r.verdicts, [{ verified: true, message: 'do_close_on_exec' }]);
    assert.match(r.frames[0]!, /› do_close_on_exec$/);
    assert.equal(r.currentLine, 42);
    const before = ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '2 → /dev/tty (rw)', '3 → /etc/passwd (ro, cloexec)', '4 → /var/log/app.log (wo, cloexec)', '5 → /etc/passwd (ro)', '6 → pipe:p[read] (ro, cloexec)', '7 → pipe:p[write] (wo)', '10 → /var/log/app.log (wo, cloexec)'];
    assert.deepEqual(r.fdRows, before);
    await dbg.command('next');
    await until(dbg, 'stopped');
    assert.deepEqual(r.fdRows, ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '2 → /dev/tty (rw)', '5 → /etc/passwd (ro)', '7 → pipe:p[write] (wo)']);
    await dbg.command('stepBack');
    await until(dbg, 'stopped');
    assert.deepEqual(r.fdRows, before);
    await dbg.stop();
    assert.equal(dbg.state, 'ended');
  });

  it('stops on entry when there is no breakpoint, and runs to the end on continue', async () => {
    const r = new Recorder();
    const dbg = new PlaygroundDebugger(r.view(), () => TEXT);
    await dbg.start();
    await until(dbg, 'stopped');
    assert.equal(r.currentLine, 31);
    await dbg.command('continue');
    await until(dbg, 'stopped');
    await dbg.command('continue');
    await until(dbg, 'ended');
    assert.match(r.output, /42: shell: execve \/bin\/sh \["sh"\]/);
  });

  it('reports a scenario that does not load, with file:line:col', async () => {
    const r = new Recorder();
    const dbg = new PlaygroundDebugger(r.view(), () => `${TEXT}\nshell: frobnicate 3\n`);
    await dbg.start();
    assert.equal(dbg.state, 'ended');
    assert.match(r.output, /\/playground\/scenario\.execsim:\d+:\d+: error: /);
  });
});
