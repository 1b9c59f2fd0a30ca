/**
 * Random request sequences — bad arguments, unknown references, requests
 * while running and after the end — against sessions run inline. Every
 * request must get exactly one well-formed response, none may be an internal
 * error, and no request may go unanswered.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ExecsimDebugSession } from '../../debug-adapter/src/index.js';
import { scenario } from '../support/scenario-builder.js';
import { shellTask, suNodes } from '../support/linux-world.js';
import { MemoryHost } from './support/memory-host.js';
import { scenarioJson } from './support/scenario-files.js';

const su = scenarioJson(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }, { task: 'shell', call: 'fork', child: 'kid' }, { task: 'kid', call: 'exit', status: 1 }] }));
const missing = scenarioJson(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'execve', path: '/bin/none', argv: [] }] }));
const FILES = new Map([
  ['/s/su.json', su.text],
  ['/s/missing.json', missing.text],
  ['/s/broken.json', '{"system": '],
]);

const COMMANDS = [
  'initialize', 'launch', 'configurationDone', 'setBreakpoints', 'setFunctionBreakpoints', 'setExceptionBreakpoints', 'dataBreakpointInfo',
  'setDataBreakpoints', 'breakpointLocations', 'threads', 'stackTrace', 'scopes', 'variables', 'source', 'continue', 'reverseContinue', 'next',
  'stepIn', 'stepOut', 'stepBack', 'pause', 'gotoTargets', 'goto', 'restartFrame', 'evaluate', 'completions', 'setVariable', 'setExpression',
  'exceptionInfo', 'restart', 'terminate', 'attach', 'modules', 'readMemory', 'nonsense', '',
  // Not a request: threads → stackTrace → scopes → variables → setVariable with the ids the session gave.
  'inspect',
];

const junk = fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 100 }), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant([]), fc.constant({}));
/** Mostly plausible ids and references (thread 2 is the shell's main thread), sometimes anything. */
const small = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: junk });
const expression = fc.constantFrom('shell', 'shell.fd[3]', 'shell.fd[', 'kid.euid', 'shell.euid == 0', '$phase', 'help', '', 'ports(shell)', 'shell.fd[3].cloexec', '((', 'task(100).memory.argv');
const value = fc.constantFrom('0', 'false', 'closed', '022', 'x', '', '4294967296');
const path = fc.constantFrom('/s/su.json', '/s/missing.json', '/s/broken.json', '/s/absent.json', 'relative.txt');

const args: fc.Arbitrary<unknown> = fc.oneof(
  junk,
  fc.record(
    {
      scenario: path,
      stopOnEntry: fc.oneof(fc.boolean(), junk),
      noDebug: fc.oneof(fc.boolean(), junk),
      stepGranularity: fc.constantFrom('action', 'phase', 'event', 'line'),
      system: fc.constantFrom('linux', 'hurd', 'vms'),
      threadId: small,
      frameId: small,
      variablesReference: small,
      name: fc.oneof(fc.constantFrom('3', 'cloexec', 'uid', 'umask', 'linux.*', 'hurd.*', 'shell.euid'), junk),
      value,
      expression,
      text: expression,
      column: small,
      line: small,
      endLine: small,
      targetId: small,
      start: small,
      count: small,
      filter: fc.constantFrom('indexed', 'named', 'bogus'),
      granularity: fc.constantFrom('instruction', 'line', 'statement', 'x'),
      context: fc.constantFrom('watch', 'repl', 'hover', 'clipboard'),
      source: fc.oneof(fc.record({ path }, { requiredKeys: [] }), fc.record({ sourceReference: small }), junk),
      sourceReference: small,
      breakpoints: fc.oneof(
        fc.array(fc.record({ line: small, condition: expression, hitCondition: fc.constantFrom('2', '>= 1', 'x'), logMessage: fc.constantFrom('{shell.euid}', '{', 'x'), name: fc.constantFrom('linux.*', 'x'), dataId: expression }, { requiredKeys: [] }), { maxLength: 3 }),
        junk,
      ),
      filters: fc.oneof(fc.array(fc.constantFrom('exec-failed', 'point-of-no-return', 'secure-exec-leak', 'expectation-failed', 'nope'), { maxLength: 3 }), junk),
      filterOptions: fc.oneof(fc.array(fc.record({ filterId: fc.constantFrom('exec-failed', 'x'), condition: fc.constantFrom('ENOENT', 'EBOGUS') }, { requiredKeys: [] }), { maxLength: 2 }), junk),
      arguments: fc.oneof(fc.record({ scenario: path }), junk),
    },
    { requiredKeys: [] },
  ),
);

const request = fc.record({ command: fc.constantFrom(...COMMANDS), args, wait: fc.boolean() });
/** A plausible start (so most sequences get past launch), then anything. */
const sequence = fc.tuple(fc.boolean(), fc.array(request, { minLength: 1, maxLength: 25 }));

const tally = new Map<string, number>();
function count(what: string): void {
  tally.set(what, (tally.get(what) ?? 0) + 1);
}

class Harness {
  private seq = 1;
  private readonly pending = new Map<number, { command: string; resolve: (r: DebugProtocol.Response) => void }>();
  readonly problems: string[] = [];
  // Runs yield every few events, so requests arrive while the scenario is running.
  readonly session = new ExecsimDebugSession(new MemoryHost(FILES), { sliceEvents: 7 });

  constructor() {
    this.session.onDidSendMessage((m) => {
      const msg = m as DebugProtocol.ProtocolMessage;
      if (msg.type !== 'response') return;
      const r = msg as DebugProtocol.Response;
      const p = this.pending.get(r.request_seq);
      if (!p) {
        this.problems.push(`response to unknown or answered request ${r.request_seq} (${r.command})`);
        return;
      }
      this.pending.delete(r.request_seq);
      if (r.command !== p.command) this.problems.push(`response to ${p.command} says ${r.command}`);
      if (typeof r.success !== 'boolean') this.problems.push(`${p.command}: success is not a boolean`);
      if (!r.success && (typeof r.message !== 'string' || r.message === '')) this.problems.push(`${p.command}: error without a message`);
      if (!r.success && /internal error/.test(r.message ?? '')) this.problems.push(`${p.command}: ${r.message}`);
      count(r.success ? `ok ${r.command}` : r.message!.startsWith('the scenario is running') ? 'while running' : r.message!.startsWith('the session has ended') ? 'after the end' : 'refused');
      p.resolve(r);
    });
  }

  /** Follows the ids the session hands out, as a client does, down to one variable, and edits it. */
  async inspect(args: unknown): Promise<void> {
    const threads = (await this.send('threads', {})).body?.threads as DebugProtocol.Thread[] | undefined;
    if (!threads?.length) return;
    const frames = (await this.send('stackTrace', { threadId: threads[0]!.id })).body?.stackFrames as DebugProtocol.StackFrame[] | undefined;
    if (!frames?.length) return;
    const scopes = (await this.send('scopes', { frameId: frames[frames.length - 1]!.id })).body?.scopes as DebugProtocol.Scope[] | undefined;
    if (!scopes?.length) return;
    const variables = (await this.send('variables', { variablesReference: scopes[0]!.variablesReference, filter: 'indexed', start: 0, count: 5 })).body?.variables as DebugProtocol.Variable[] | undefined;
    const v = variables?.find((x) => x.variablesReference > 0);
    if (!v) return;
    await this.send('variables', { variablesReference: v.variablesReference });
    const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
    await this.send('setVariable', { variablesReference: v.variablesReference, name: typeof a.name === 'string' ? a.name : 'cloexec', value: typeof a.value === 'string' ? a.value : 'false' });
  }

  send(command: string, args: unknown): Promise<DebugProtocol.Response> {
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { command, resolve });
      const timer = setTimeout(() => reject(new Error(`no response to ${command} #${seq} within 2 s`)), 2000);
      const done = resolve;
      this.pending.set(seq, {
        command,
        resolve: (r) => {
          clearTimeout(timer);
          done(r);
        },
      });
      this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    });
  }
}

describe('robustness', () => {
  it('1000 random request sequences all get one well-formed response each, none an internal error', async function () {
    this.timeout(60_000);
    await fc.assert(
      fc.asyncProperty(sequence, async ([plausibleStart, requests]) => {
        const h = new Harness();
        const inFlight: Promise<DebugProtocol.Response>[] = [];
        if (plausibleStart) {
          await h.send('initialize', { adapterID: 'execsim', pathFormat: 'path' });
          await h.send('launch', { scenario: '/s/su.json', stopOnEntry: true });
          await h.send('configurationDone', {});
        }
        for (const r of requests) {
          if (r.command === 'inspect') {
            await h.inspect(r.args);
            continue;
          }
          const sent = h.send(r.command, r.args);
          if (r.wait) await sent;
          else inFlight.push(sent);
        }
        await Promise.all(inFlight);
        await h.send('disconnect', {});
        assert.deepEqual(h.problems, []);
      }),
      { numRuns: 1000 },
    );
    // The sequences did reach the states they are meant to probe.
    for (const what of ['while running', 'after the end', 'refused', 'ok stackTrace', 'ok variables', 'ok setVariable', 'ok next', 'ok evaluate', 'ok setBreakpoints']) {
      assert.ok((tally.get(what) ?? 0) > 0, `no response was "${what}": ${JSON.stringify([...tally])}`);
    }
  });
});
