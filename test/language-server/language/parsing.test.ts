import * as assert from 'node:assert/strict';
import { CstUtils, isLeafCstNode } from 'langium';
import { createExecsimCoreServices, parseScenario } from '../../../language-server/src/language/index.js';
import { phaseCatalogue } from '../../../sim-core/src/index.js';
import type { ActionSpec, ExpectationSpec, Scenario } from '../../../sim-core/src/index.js';

async function valid(text: string): Promise<Scenario> {
  const { scenario, diagnostics } = await parseScenario(text, 'test.execsim');
  assert.deepEqual(diagnostics.map((d) => `${d.loc.line}:${d.loc.column} ${d.message}`), []);
  return scenario!;
}

const WORLD = 'system linux\nfilesystem {\n  file /bin/sh elf static\n}\ntask shell pid 100\n';

describe('parsing scenarios', () => {
  it('accepts comments, blank lines, CRLF line ends and a last line without a newline', async () => {
    const s = await valid('\r\n// header\r\n\r\nsystem linux // trailing comment\r\n\r\n  // indented comment\r\ntask a pid 1\r\n\r\na: close 0');
    assert.deepEqual(s.tasks.map((t) => t.name), ['a']);
    assert.deepEqual(s.actions.map((a) => [a.call, a.loc.line]), [['close', 9]]);
  });

  it('keeps comments and folded newlines in the syntax tree', async () => {
    const services = createExecsimCoreServices().Execsim;
    const text = '// a\nsystem linux\n\n\n// b\ntask a pid 1 {\n  // c\n  uid 5\n}\n';
    const result = services.parser.LangiumParser.parse(text);
    assert.deepEqual(result.parserErrors, []);
    const leaves = CstUtils.streamCst(result.value.$cstNode!.root).filter(isLeafCstNode).toArray();
    // Blanks are skipped by the lexer; every other character is in a leaf, in order.
    assert.equal(leaves.map((l) => l.text).join('').replace(/[ \t]/g, ''), text.replace(/[ \t]/g, ''));
    assert.deepEqual(leaves.filter((l) => l.hidden && l.text.startsWith('//')).map((l) => l.text), ['// a', '// b', '// c']);
  });

  it('parses every phase id of the catalogue after `failed in`', async () => {
    const phases = phaseCatalogue().map((p) => p.id);
    assert.ok(phases.length > 10);
    const lines = phases.map((id) => `expect @x failed in ${id}`).join('\n');
    const { diagnostics, scenario } = await parseScenario(`${WORLD}@x shell: execve /bin/sh ["sh"]\n${lines}\n`);
    // Phases of other systems are reported as never checked; none is a syntax error.
    assert.deepEqual(diagnostics.filter((d) => d.code === 'syntax'), []);
    if (scenario) assert.deepEqual(scenario.expectations.map((e) => (e as { phase?: string }).phase), phases);
  });

  it('expands "x" * N inside strings and [..] * N in lists', async () => {
    const s = await valid(`${WORLD}shell: execve /bin/sh ["sh"] + ["-v", "a" + "b" * 3] * 2 + ["z" * 5]\n`);
    assert.deepEqual((s.actions[0] as ActionSpec & { argv: string[] }).argv, ['sh', '-v', 'abbb', '-v', 'abbb', 'zzzzz']);
  });

  it('writes an argument of hundreds of kilobytes compactly', async () => {
    const s = await valid(`${WORLD}shell: execve /bin/sh ["sh", "x" * 300000]\n`);
    const argv = (s.actions[0] as ActionSpec & { argv: string[] }).argv;
    assert.equal(argv[1]!.length, 300000);
    assert.equal(argv[1], 'x'.repeat(300000));
  });

  it('decodes the escapes of strings', async () => {
    const s = await valid(`${WORLD}shell: store v = "a\\tb\\nc\\\\d\\"e\\0f\\x41\\u{1F600}"\n`);
    assert.equal((s.actions[0] as ActionSpec & { value: string }).value, 'a\tb\nc\\d"e\0fA\u{1F600}');
  });

  it('reads modes and umasks as octal', async () => {
    const s = await valid('system linux\nfilesystem {\n  file /x data mode 4755\n  dir /t mode 1777\n}\ntask a pid 1 {\n  umask 027\n}\na: umask 7\n');
    assert.deepEqual(s.filesystem.nodes.map((n) => n.mode), [0o4755, 0o1777]);
    assert.equal(s.tasks[0]!.umask, 0o27);
    assert.equal((s.actions[0] as ActionSpec & { mask: number }).mask, 0o7);
  });

  it('gives an ELF file the scenario\'s arch unless it names its own, and reads entry in hex', async () => {
    const s = await valid('system linux\nmachine {\n  arch aarch64\n}\nfilesystem {\n  file /a elf\n  file /b elf x86_64 entry 0x401000\n}\n');
    assert.deepEqual(s.filesystem.nodes.map((n) => (n.kind === 'file' && n.content.type === 'elf' ? [n.content.machine, n.content.entry] : [])), [
      ['aarch64', undefined],
      ['x86_64', 0x401000],
    ]);
  });

  it('names the standard dynamic loader of the machine for `dynamic`', async () => {
    const s = await valid('system linux\nfilesystem {\n  file /a elf dynamic\n  file /b elf aarch64 dynamic\n}\n');
    assert.deepEqual(s.filesystem.nodes.map((n) => (n.kind === 'file' && n.content.type === 'elf' ? n.content.interp : '')), [
      '/lib64/ld-linux-x86-64.so.2',
      '/lib/ld-linux-aarch64.so.1',
    ]);
  });

  it('places each expectation after the last action written before it', async () => {
    const s = await valid(`${WORLD}expect shell pid 100\nshell: close 0\nshell: close 1\nexpect shell pid 100\nexpect shell pid 100\nshell: close 2\nexpect shell pid 100\n`);
    assert.deepEqual(s.expectations.map((e) => e.after), [-1, 1, 1, 2]);
  });

  it('resolves `TASK CALL` to that task\'s latest such call before the expectation', async () => {
    const s = await valid(`${WORLD}shell: close 0\nshell: fork kid\nkid: close 0\nshell: close 1\nexpect shell close fails EBADF\nexpect kid close succeeds\n`);
    assert.deepEqual(s.expectations.map((e) => (e as ExpectationSpec & { action: number }).action), [3, 2]);
  });

  it('tells `task.main` (the thread named main) from `task` (the thread-group leader)', async () => {
    const s = await valid(`${WORLD}shell: close 0\nshell.main: close 1\n`);
    assert.deepEqual(s.actions.map((a) => a.thread), [undefined, 'main']);
  });

  it('stores labels without their @', async () => {
    const s = await valid(`${WORLD}@first-close shell: close 0\nexpect @first-close succeeds\n`);
    assert.equal(s.actions[0]!.label, 'first-close');
    assert.deepEqual(s.expectations[0], { index: 0, after: 0, what: 'result', action: 0, outcome: 'ok', loc: { line: 7, column: 1, endLine: 7, endColumn: 29 } });
  });

  it('lowers openat to open with a dirfd', async () => {
    const s = await valid(`${WORLD}shell: openat 3 "x" O_RDONLY|O_CLOEXEC mode 0600\n`);
    assert.deepEqual(s.actions[0], {
      index: 0,
      task: 'shell',
      call: 'open',
      path: 'x',
      flags: ['O_RDONLY', 'O_CLOEXEC'],
      mode: 0o600,
      dirfd: 3,
      loc: { line: 6, column: 1, endLine: 6, endColumn: 49 },
    });
  });

  it('reads nommu into the machine', async () => {
    const s = await valid('system linux\nmachine {\n  nommu\n}\n');
    assert.deepEqual(s.machine, { arch: 'x86_64', mmu: false, loc: { line: 2, column: 1, endLine: 4, endColumn: 2 } });
  });

  it('runs a scenario on the system given instead of its own', async () => {
    const { scenario, diagnostics } = await parseScenario('system hurd\ntask a pid 1\n', 'x.execsim', { system: 'linux' });
    assert.deepEqual(diagnostics, []);
    assert.equal(scenario!.system, 'linux');
  });

  it('keeps the file name it was given', async () => {
    const { scenario } = await parseScenario('system linux\n', 'examples/x.execsim');
    assert.equal(scenario!.file, 'examples/x.execsim');
  });
});
