/**
 * Property tests (fast-check): whatever the text — random token soup, or an
 * example with random edits — parsing and checking never throws, never reports
 * an internal error, and gives either a Scenario (no errors) or at least one
 * error; every diagnostic lies inside the text; and a Scenario it gives prints
 * back to text that parses to the same Scenario.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScenario, printScenario } from '../../../language-server/src/language/index.js';
import { examples, withoutLocations } from '../support.js';

/** Words of every kind the language has, and some it does not. */
const WORDS = [
  'system', 'linux', 'hurd', 'machine', 'arch', 'x86_64', 'kernel', '6.12', 'nommu', 'binfmt_misc', 'extension', 'magic', 'interpreter', 'flags',
  'filesystem', 'mount', 'noexec', 'nosuid', 'ro', 'file', 'elf', 'static', 'dynamic', 'interp', 'script', 'data', 'text', 'size', 'mode', 'owner',
  'open', 'for', 'writing', 'dir', 'device', 'char', 'block', 'fifo', 'socket', 'symlink', '->', 'task', 'pid', 'ppid', 'comm', 'exe', 'uid', 'euid',
  'gid', 'groups', 'none', 'cwd', 'root', 'umask', 'blocked', 'pending', 'signal', 'ignore', 'handler', 'default', 'rlimit', 'stack', 'ptraced',
  'no_new_privs', 'fsuid', 'fd', '=', 'rw', 'wo', 'exec', 'path', 'cloexec', 'dup', 'pipe', 'read', 'write', 'thread', 'tid', 'expect', 'closed',
  'fds', '[', ']', ',', '+', '*', 'not', 'state', 'running', 'killed', 'by', 'exited', 'memory', 'unset', 'fails', 'succeeds', 'ponr', 'crossed',
  'failed', 'in', 'action', 'AT_SECURE', 'absent', 'execve', 'execveat', 'fexecve', 'openat', 'close', 'dup2', 'dup3', 'fcntl', 'chdir', 'fork',
  'vfork', 'clone', 'pthread_create', 'exit', 'store', 'setuid', 'setgid', 'prctl', 'setrlimit', 'sigaction', 'sigprocmask', 'kill', 'env',
  'shell', 'child', 'worker', 'main', '.', ':', '{', '}', '@l', '@x', 'AT_FDCWD', 'O_CLOEXEC', 'O_RDONLY|O_CLOEXEC', 'SIGTERM', 'SIGKILL', 'ENOENT',
  'linux.open_exec', 'F_SETFD', 'SIG_BLOCK', 'RLIMIT_STACK', 'PR_SET_NO_NEW_PRIVS', '/', '/bin/sh', '/etc/motd', './x', '../y', '/dev/tty', '0', '1',
  '3', '100', '0755', '4755', '0789', '0x401000', '99999999999999999999', '9999999999999999999999', '"sh"', '"#!/bin/sh\\n"', '"x" * 300', '"unterminated', '"\\q"', '""',
  '// comment', '#', '$', '\t', '\u00e9', '\u{1F600}',
];

const tokenSoup = fc
  .array(fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom('\n', '\n', '\n  ', ' '), fc.string({ maxLength: 6 })), { maxLength: 60 })
  .map((parts) => parts.join(' '));

const EXAMPLES = examples().map(([, text]) => text);

type Edit = { kind: 'delete' | 'insert' | 'duplicate-line' | 'swap-lines' | 'replace-char'; at: number; length: number; text: string };

const edit = fc.record({
  kind: fc.constantFrom<Edit['kind']>('delete', 'insert', 'duplicate-line', 'swap-lines', 'replace-char'),
  at: fc.nat(),
  length: fc.nat({ max: 40 }),
  text: fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 4 })),
});

function applyEdit(text: string, e: Edit): string {
  const at = text.length ? e.at % text.length : 0;
  const lines = text.split('\n');
  const line = lines.length ? e.at % lines.length : 0;
  switch (e.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'duplicate-line':
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    case 'swap-lines': {
      const other = (line + 1 + (e.length % 5)) % lines.length;
      [lines[line], lines[other]] = [lines[other]!, lines[line]!];
      return lines.join('\n');
    }
    case 'replace-char':
      return text.slice(0, at) + (e.text[0] ?? ' ') + text.slice(at + 1);
  }
}

const mutatedExample = fc.tuple(fc.nat({ max: EXAMPLES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([i, edits]) => edits.reduce(applyEdit, EXAMPLES[i]!));

/** A window of an example's lines (often without the world they name), with random edits: cheaper, so more of them. */
const mutatedWindow = fc
  .tuple(fc.nat({ max: EXAMPLES.length - 1 }), fc.nat(), fc.integer({ min: 3, max: 25 }), fc.array(edit, { maxLength: 3 }))
  .map(([i, start, length, edits]) => {
    const lines = EXAMPLES[i]!.split('\n');
    const from = start % lines.length;
    return edits.reduce(applyEdit, ['system linux', ...lines.slice(from, from + length)].join('\n'));
  });

async function holds(text: string): Promise<void> {
  const { scenario, diagnostics } = await parseScenario(text, 'fuzz.execsim');
  assert.deepEqual(diagnostics.filter((d) => d.code === 'internal-error'), []);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.equal(scenario === undefined, errors.length > 0, 'a scenario exactly when there is no error');
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    assert.ok(d.range.start.line >= 0 && d.range.start.line < lines.length + 1, `diagnostic line ${d.range.start.line} inside ${lines.length} lines: ${d.message}`);
    assert.ok(d.message.length > 0);
  }
  if (scenario) {
    const again = await parseScenario(printScenario(scenario), 'fuzz.execsim');
    assert.deepEqual(withoutLocations(again.scenario), withoutLocations(scenario));
  }
}

describe('parsing and checking any text (property tests)', function () {
  this.timeout(60_000);

  it('handles 7,000 token soups', async () => {
    await fc.assert(fc.asyncProperty(tokenSoup, holds), { numRuns: 7_000 });
  });

  it('handles 2,500 windows of examples with random edits', async () => {
    await fc.assert(fc.asyncProperty(mutatedWindow, holds), { numRuns: 2_500 });
  });

  it('handles 500 whole examples with random edits', async () => {
    await fc.assert(fc.asyncProperty(mutatedExample, holds), { numRuns: 500 });
  });

  it('handles huge lines and long repetitions without hanging or overflowing the stack', async () => {
    await holds(`system linux\ntask a pid 1\na: execve /x [${'"y", '.repeat(20_000)}"z"]\n`);
    await holds(`system linux\n${'task '.repeat(5_000)}\n`);
    await holds(`system linux\ntask a pid 1\na: store v = ${'"ab" + '.repeat(20_000)}"c"\n`);
    await holds(`system linux\ntask a pid 1\na: execve /x ${'["a"] + '.repeat(20_000)}["b"]\n`);
  });
});
