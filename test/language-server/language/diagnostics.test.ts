/**
 * Every diagnostic of the scenario language: its code, message, hint and the
 * exact range it points at (marked with <| |> in the scenario text).
 */
import * as assert from 'node:assert/strict';
import { parseScenario } from '../../../language-server/src/language/index.js';
import type { Diagnostic } from '../../../language-server/src/language/index.js';
import { withMarkers } from '../../support/markers.js';
import { allPersonalities, personalityFor, SYSTEMS } from '../../../sim-core/src/index.js';

const WORLD = `system linux
filesystem {
  file /bin/sh elf static
  file /etc/motd data
  device /dev/tty
}
task shell pid 100 {
  fd 0 = /dev/tty rw
}
`;

interface Expected {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly severity?: Diagnostic['severity'];
  /** For ranges markers cannot show (the newline at the end of a line): [line, from, to], 0-based. */
  readonly at?: readonly [number, number, number];
}

/** The scenario has exactly these diagnostics, in order, at the marked ranges. */
async function expectDiagnostics(source: string, ...expected: Expected[]): Promise<void> {
  const { text, ranges } = withMarkers(source);
  const { diagnostics, scenario } = await parseScenario(text, 'test.execsim');
  const actual = diagnostics.map((d) => ({ code: d.code, message: d.message, hint: d.hint, severity: d.severity, range: d.range }));
  let marker = 0;
  const wanted = expected.map((e) => ({
    code: e.code,
    message: e.message,
    hint: e.hint,
    severity: e.severity ?? 'error',
    range: e.at ? { start: { line: e.at[0], character: e.at[1] }, end: { line: e.at[0], character: e.at[2] } } : ranges[marker++],
  }));
  assert.deepEqual(actual, wanted);
  if (expected.some((e) => (e.severity ?? 'error') === 'error')) assert.equal(scenario, undefined, 'no scenario when there is an error');
}

describe('scenario diagnostics', () => {
  describe('syntax', () => {
    it('reports a statement cut short at the end of its line', async () => {
      await expectDiagnostics(`${WORLD}shell: execve /bin/sh\n`, {
        code: 'syntax',
        at: [9, 21, 22],
        message: "expected '[', found the end of the line",
        hint: 'a statement ends with its line: write the rest of it on the same line',
      });
    });

    it('reports a list continued on the next line', async () => {
      await expectDiagnostics(`${WORLD}shell: execve /bin/sh ["sh",\n  <|"-c"|>]\n`, {
        code: 'syntax',
        at: [9, 28, 29],
        message: 'expected a string, found the end of the line',
        hint: 'a statement ends with its line: write the rest of it on the same line',
      }, {
        code: 'syntax',
        message: 'unexpected `"-c"` after the end of the statement',
        hint: 'one statement per line: start a new line here, or remove the rest of the line',
      });
    });

    it('reports two statements on one line', async () => {
      await expectDiagnostics(`${WORLD}shell: close 0 <|shell: close 1|>\n`, {
        code: 'one-statement-per-line',
        message: 'one statement per line: this statement starts on the line of the one before',
        hint: 'start a new line before it',
      });
    });

    it('reports two block entries on one line', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  uid 5 <|fd 0 = /x|>\n}\n', {
        code: 'one-statement-per-line',
        message: 'one entry per line: this entry starts on the line of the one before',
        hint: 'start a new line before it',
      });
    });

    it('reports a closing brace that shares the line of an entry', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  uid 5 <|}|>\n', {
        code: 'one-statement-per-line',
        message: '} shares its line with an entry',
        hint: 'put } on a line of its own',
      });
    });

    it('reports a keyword used as a name', async () => {
      await expectDiagnostics('system linux\ntask <|fork|> pid 1\n', {
        code: 'syntax',
        message: 'expected a name, found `fork`',
        hint: '`fork` is a word of the language; choose another name',
      });
    });

    it('reports a bare word where a path is expected', async () => {
      await expectDiagnostics(`${WORLD}shell: execve <|sh|> ["sh"]\n`, {
        code: 'syntax',
        message: 'expected one of a path, a string, found `sh`',
        hint: 'paths start with / (or ./ and ../); write other names in quotes: "sh"',
      });
    });

    it('reports an unterminated string', async () => {
      await expectDiagnostics(`${WORLD}shell: execve /bin/sh [<|"sh]|>\n`, {
        code: 'syntax',
        message: 'unterminated string: a string ends with " on the same line',
      }, {
        code: 'syntax',
        at: [9, 27, 28],
        message: "expected ']', found the end of the line",
        hint: 'a statement ends with its line: write the rest of it on the same line',
      });
    });

    it('reports words left after a complete statement', async () => {
      await expectDiagnostics(`${WORLD}shell: close 1 <|2|> 3\nshell: close 0\n`, {
        code: 'syntax',
        message: 'unexpected `2` after the end of the statement',
        hint: 'one statement per line: start a new line here, or remove the rest of the line',
      });
    });

    it('reports a block that is never closed', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  uid 5\n', {
        code: 'syntax',
        at: [2, 8, 8],
        message: "expected '}', found the end of the file",
        hint: 'close the block with } on a line of its own',
      });
    });

    it('recovers at the next line: one mistake, one diagnostic', async () => {
      await expectDiagnostics(`${WORLD}shell: close <|x|> 1 2 3\nshell: close <|y|>\nshell: close 0\n`, {
        code: 'syntax',
        message: 'expected a number, found `x`',
      }, {
        code: 'syntax',
        message: 'expected a number, found `y`',
      });
    });

    it('reports an unknown escape in a string', async () => {
      await expectDiagnostics(`${WORLD}shell: store x = "ab<|\\q|>c"\n`, {
        code: 'bad-escape',
        message: 'unknown escape \\q in a string',
        hint: 'escapes are \\\\ \\" \\n \\t \\r \\0 \\xHH and \\u{H…}',
      });
    });
  });

  describe('the system', () => {
    it('requires a system line', async () => {
      await expectDiagnostics('<|task a pid 1|>\n', {
        code: 'missing-system',
        message: 'the scenario names no system',
        hint: 'start it with a line such as: system linux',
      });
    });

    it('suggests the closest system name', async () => {
      await expectDiagnostics('system <|linx|>\n', { code: 'unknown-system', message: 'unknown system linx', hint: 'did you mean linux?' });
    });

    const simulated = allPersonalities().map((p) => p.system);
    const unsimulated = SYSTEMS.filter((s) => !personalityFor(s));

    it('says which systems are simulated when the named one is not yet', async () => {
      for (const system of unsimulated) {
        await expectDiagnostics(`system <|${system}|>\n`, { code: 'unknown-system', message: `${system} is not simulated yet`, hint: `simulated systems: ${simulated.join(', ')}` });
      }
      for (const system of simulated) await expectDiagnostics(`system ${system}\n`);
    });

    it('reports a statement of another system, naming the systems that have it', async () => {
      assert.ok(personalityFor('cloudabi'));
      await expectDiagnostics('system cloudabi\nmachine {\n  <|kernel 6.12|>\n}\n', {
        code: 'wrong-system',
        message: 'kernel is not available on cloudabi',
        hint: 'kernel exists on linux',
      });
    });

    it('reports an expectation of another system', async () => {
      await expectDiagnostics('system l4hurd\ntask a pid 1\nexpect a <|AT_SECURE 1|>\n', {
        code: 'wrong-system',
        message: 'AT_SECURE is not available on l4hurd',
        hint: 'AT_SECURE exists on linux',
      });
    });
  });

  describe('structure', () => {
    it('reports a second filesystem block', async () => {
      await expectDiagnostics(`${WORLD}<|filesystem {\n}|>\n`, {
        code: 'duplicate-statement',
        message: 'a scenario has one filesystem block',
        hint: 'the first is on line 2',
      });
    });

    it('reports the world described after the first action', async () => {
      await expectDiagnostics(`${WORLD}shell: close 0\n<|task late pid 7|>\n`, {
        code: 'world-after-actions',
        message: 'task late comes after the first action',
        hint: 'the world is described before anything happens: move this above line 10',
      });
    });

    it('reports an attribute given twice in a task', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  cwd /\n  <|cwd /|>\n}\n', {
        code: 'duplicate-statement',
        message: 'cwd is given twice for task a',
        hint: 'the first is on line 3',
      });
    });

    it('reports a label used twice', async () => {
      await expectDiagnostics(`${WORLD}@x shell: close 0\n<|@x|> shell: close 1\n`, {
        code: 'duplicate-label',
        message: 'label @x is used twice',
        hint: 'the first is on line 10',
      });
    });
  });

  describe('names', () => {
    it('suggests the closest task name', async () => {
      await expectDiagnostics(`${WORLD}<|shel|>: close 0\n`, { code: 'unknown-task', message: 'no task named shel', hint: 'did you mean shell?' });
    });

    it('says how to declare a task when no name is close', async () => {
      await expectDiagnostics(`${WORLD}expect <|zebra|> pid 5\n`, {
        code: 'unknown-task',
        message: 'no task named zebra',
        hint: 'declare it (task zebra pid N) or create it (PARENT: fork zebra)',
      });
    });

    it('reports an unknown thread of a task', async () => {
      await expectDiagnostics(`${WORLD}shell.<|worker|>: close 0\n`, {
        code: 'unknown-thread',
        message: 'task shell has no thread worker',
        hint: 'declare it in the task (thread worker) or create it (shell: pthread_create worker); the first thread is shell.main',
      });
    });

    it('reports an unknown label', async () => {
      await expectDiagnostics(`${WORLD}@open shell: open /etc/motd\nexpect <|@opn|> succeeds\n`, {
        code: 'unknown-label',
        message: 'no action is labelled @opn',
        hint: 'did you mean @open?',
      });
    });

    it('suggests the closest signal name', async () => {
      await expectDiagnostics(`${WORLD}shell: kill shell <|SIGTREM|>\n`, { code: 'unknown-name', message: 'unknown signal SIGTREM', hint: 'did you mean SIGTERM?' });
    });

    it('suggests the closest errno name', async () => {
      await expectDiagnostics(`${WORLD}shell: close 9\nexpect shell close fails <|EBADFD|>\n`, { code: 'unknown-name', message: 'unknown errno EBADFD', hint: 'did you mean EBADF?' });
    });

    it('reports an unknown flag of a call', async () => {
      await expectDiagnostics(`${WORLD}shell: open /etc/motd O_RDONLY|<|O_CLOSEXEC|>\n`, { code: 'unknown-name', message: 'unknown open flag O_CLOSEXEC', hint: 'did you mean O_CLOEXEC?' });
    });

    it('reports an unknown fcntl command', async () => {
      await expectDiagnostics(`${WORLD}shell: fcntl 0 <|F_SETFL|>\n`, { code: 'unknown-name', message: 'unknown fcntl command F_SETFL', hint: 'did you mean F_SETFD?' });
    });

    it('reports an unknown call and suggests a known one', async () => {
      await expectDiagnostics(`${WORLD}shell: <|execv|> /bin/sh ["sh"]\n`, { code: 'unknown-call', message: 'unknown call execv', hint: 'did you mean execve?' });
    });

    it('names the systems that simulate a call the language has no syntax for yet', async () => {
      const systems = allPersonalities().filter((p) => p.actions.task_control_grant).map((p) => p.system);
      assert.deepEqual(systems, ['l4hurd']);
      await expectDiagnostics(`${WORLD}shell: <|task_control_grant|> 3 []\n`, {
        code: 'unknown-call',
        message: 'task_control_grant has no syntax in the scenario language yet',
        hint: 'task_control_grant is simulated on l4hurd',
      });
    });

    it('reports a call the scenario\'s system does not have, naming the systems that do (sim-core)', async () => {
      const systems = SYSTEMS.filter((s) => personalityFor(s)?.actions.vfork);
      await expectDiagnostics(`system cloudabi\ntask a pid 1\na: <|vfork|> b\n`, {
        code: 'unsupported-on-system',
        message: 'vfork is not available on cloudabi',
        hint: `vfork exists on ${systems.join(', ')}`,
      });
    });

    it('reports an unknown phase', async () => {
      await expectDiagnostics(`${WORLD}@x shell: execve /bin/sh ["sh"]\nexpect @x failed in <|linux.open_exce|>\n`, {
        code: 'unknown-name',
        message: 'unknown phase linux.open_exce',
        hint: 'did you mean linux.open_exec?',
      });
    });

    it('reports a dirfd that is neither a number nor AT_FDCWD', async () => {
      await expectDiagnostics(`${WORLD}shell: execveat <|AT_FDCWDD|> /bin/sh ["sh"]\n`, {
        code: 'unknown-name',
        message: 'dirfd AT_FDCWDD is neither an fd number nor AT_FDCWD',
        hint: 'did you mean AT_FDCWD?',
      });
    });
  });

  describe('values', () => {
    it('reports a mode with digits that are not octal', async () => {
      await expectDiagnostics('system linux\nfilesystem {\n  file /x data mode <|0789|>\n}\n', {
        code: 'not-octal',
        message: 'mode 0789 is not an octal number',
        hint: 'modes are octal: digits 0 to 7, e.g. 0755',
      });
    });

    it('reports a mode above 07777 (sim-core)', async () => {
      await expectDiagnostics('system linux\nfilesystem {\n  file /x data mode <|77777|>\n}\n', {
        code: 'bad-mode',
        message: 'mode 32767 is not between 0000 and 7777 (octal)',
        hint: 'modes are octal permission bits such as 0755 or 4755',
      });
    });

    it('reports a string expression too large to expand', async () => {
      await expectDiagnostics(`${WORLD}shell: execve /bin/sh ["sh", "xy" * <|99999999|>]\n`, {
        code: 'too-large',
        message: 'this string would be 199,999,998 characters long',
        hint: 'the limit is 67,108,864',
      });
    });

    it('reports an fd number out of range (sim-core)', async () => {
      await expectDiagnostics(`${WORLD}shell: close <|2000000|>\n`, { code: 'fd-out-of-range', message: 'fd 2000000 is out of range', hint: 'fds are 0 to 1048575' });
    });

    it('reports a number too large to be exact', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  uid <|10000000000000000000000|>\n}\n', {
        code: 'bad-value',
        message: '10000000000000000000000 is too large a number',
        hint: 'numbers go up to 9007199254740991',
      });
    });

    it('reports a kernel version that is not MAJOR.MINOR', async () => {
      await expectDiagnostics('system linux\nmachine {\n  kernel <|"six"|>\n}\n', {
        code: 'bad-value',
        message: 'kernel version "six" is not MAJOR.MINOR',
        hint: 'write it like 6.12 or 5.19',
      });
    });

    it('reports a binfmt_misc flag that does not exist', async () => {
      await expectDiagnostics('system linux\nmachine {\n  binfmt_misc py extension py interpreter /usr/bin/python3 flags <|PX|>\n}\n', {
        code: 'bad-value',
        message: 'binfmt_misc has no flag "X"',
        hint: 'flags are P (keep argv[0]), O (pass the binary as an open fd), C (credentials of the binary), F (fix the interpreter)',
      });
    });

    it('reports interp, static and dynamic together', async () => {
      await expectDiagnostics('system linux\nfilesystem {\n  file /x elf static <|interp /lib/ld.so|>\n}\n', {
        code: 'duplicate-statement',
        message: 'interp, static and dynamic exclude each other',
        hint: 'see static before it on this line',
      });
    });

    it('reports dynamic on a machine without a known loader', async () => {
      await expectDiagnostics('system linux\nfilesystem {\n  file /x elf mips <|dynamic|>\n}\n', {
        code: 'bad-value',
        message: 'no standard program interpreter is known for mips',
        hint: 'write it: interp /lib/ld-linux-….so',
      });
    });
  });

  describe('paths and files', () => {
    it('reports a relative path where an absolute one is required (sim-core)', async () => {
      await expectDiagnostics('system linux\nfilesystem {\n  file <|"bin/sh"|> elf\n}\n', {
        code: 'relative-path',
        message: '"bin/sh" is not an absolute path',
        hint: 'files are named from the root: /bin/sh',
      });
    });

    it('reports an fd naming a file that is not in the filesystem (sim-core)', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  fd 3 = <|/etc/nothere|> ro\n}\n', {
        code: 'missing-file',
        message: 'fd 3 names /etc/nothere, which is not in the filesystem',
        hint: 'add it: file /etc/nothere data',
      });
    });

    it('reports a cwd that is not in the filesystem', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  cwd <|/home/u|>\n}\n', {
        code: 'missing-file',
        message: 'cwd /home/u is not in the filesystem',
        hint: 'add it: dir /home/u',
      });
    });

    it('reports a cwd that is not a directory', async () => {
      await expectDiagnostics('system linux\nfilesystem {\n  file /x data\n}\ntask a pid 1 {\n  cwd <|/x|>\n}\n', {
        code: 'not-a-directory',
        message: 'cwd /x is a file, not a directory',
      });
    });

    it('warns about an exe that is not in the filesystem, and still gives a scenario', async () => {
      const source = 'system linux\ntask a pid 1 {\n  exe <|/bin/bash|>\n}\n';
      await expectDiagnostics(source, {
        code: 'missing-file',
        message: 'exe /bin/bash is not in the filesystem',
        hint: 'add it: file /bin/bash elf',
        severity: 'warning',
      });
      assert.ok((await parseScenario(withMarkers(source).text)).scenario);
    });

    it('reports a file below a file (sim-core)', async () => {
      await expectDiagnostics('system linux\nfilesystem {\n  file /etc data\n  file <|/etc/motd|> data\n}\n', {
        code: 'not-a-directory',
        message: '/etc/motd is inside /etc, which is a file, not a directory',
      });
    });

    it('reports a path defined twice (sim-core)', async () => {
      await expectDiagnostics('system linux\nfilesystem {\n  file /x data\n  file <|/x|> data\n}\n', {
        code: 'duplicate-path',
        message: '/x is defined twice',
        hint: 'the first definition is filesystem.nodes[0]',
      });
    });

    it('reports scripts that are each other\'s interpreter (sim-core)', async () => {
      const hint = 'one file in the chain must be a binary (elf); a real kernel would give ELOOP after 5 levels';
      await expectDiagnostics(
        'system linux\nfilesystem {\n  file /a <|script "#!/b\\n"|>\n  file /b <|script "#!/a\\n"|>\n}\n',
        { code: 'interpreter-loop', message: 'interpreter loop: /a → /b → /a', hint },
        { code: 'interpreter-loop', message: 'interpreter loop: /b → /a → /b', hint },
      );
    });
  });

  describe('tasks and fds', () => {
    it('reports a task defined twice (sim-core)', async () => {
      await expectDiagnostics(`${WORLD}task <|shell|> pid 101\n`, { code: 'duplicate-task', message: 'task "shell" is defined twice', hint: 'the first is on line 7' });
    });

    it('reports a pid used twice (sim-core)', async () => {
      await expectDiagnostics(`${WORLD}task other pid <|100|>\n`, { code: 'duplicate-pid', message: 'pid 100 is used by both "shell" and "other"' });
    });

    it('reports an fd defined twice (sim-core)', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  fd 3 = socket s\n  fd <|3|> = socket t\n}\n', { code: 'duplicate-fd', message: 'fd 3 is defined twice in a' });
    });

    it('reports a dup of an fd not defined before (sim-core)', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  fd 4 = <|dup 3|>\n}\n', { code: 'bad-dup', message: 'fd 4 duplicates fd 3, which is not defined before it' });
    });

    it('reports access modes on a dup', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  fd 3 = socket s\n  fd 4 = dup 3 <|rw|>\n}\n', {
        code: 'bad-value',
        message: "fd 4 shares the open file description of fd 3: its access and status flags are that description's",
        hint: 'write only cloexec after dup N',
      });
    });

    it('reports an action by a task that is created later, with its line (sim-core)', async () => {
      await expectDiagnostics(`${WORLD}<|kid|>: close 0\nshell: fork kid\n`, {
        code: 'unknown-task',
        message: 'no task named "kid" exists at this point',
        hint: 'kid is created on line 11; move this below it',
      });
    });

    it('reports a child with the name of an existing task (sim-core)', async () => {
      await expectDiagnostics(`${WORLD}shell: fork <|shell|>\n`, { code: 'duplicate-task', message: 'a task named "shell" already exists', hint: 'give the child its own name' });
    });

    it('reports a second thread of the same name (sim-core)', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  thread w\n}\na: pthread_create <|w|>\n', { code: 'duplicate-thread', message: 'a already has a thread "w"' });
    });
  });

  describe('expectations that can never be checked', () => {
    it('reports an expectation about a task before the action that creates it', async () => {
      await expectDiagnostics(`${WORLD}expect <|kid|> pid 101\nshell: fork kid\n`, {
        code: 'not-yet',
        message: 'kid does not exist yet here: it is created on line 11',
        hint: 'move this expectation below line 11',
      });
    });

    it('reports an expectation about a thread before the action that creates it', async () => {
      await expectDiagnostics(`${WORLD}expect shell.<|w|> tid 101\nshell: pthread_create w\n`, {
        code: 'not-yet',
        message: 'thread w does not exist yet here: it is created on line 11',
        hint: 'move this expectation below line 11',
      });
    });

    it('reports an expectation about an action written after it', async () => {
      await expectDiagnostics(`${WORLD}expect <|@later|> succeeds\n@later shell: close 0\n`, {
        code: 'bad-reference',
        message: 'this expectation checks the action on line 11, which comes after it',
        hint: 'an expectation can only check actions written before it',
      });
    });

    it('reports TASK CALL when the task made no such call before', async () => {
      await expectDiagnostics(`${WORLD}shell: close 0\nexpect <|shell execve|> fails ENOENT\n`, {
        code: 'bad-reference',
        message: 'shell makes no execve call before this expectation',
        hint: 'an expectation checks an action written above it; label the action (@name) to refer to it',
      });
    });

    it('reports an action number beyond the last action', async () => {
      await expectDiagnostics(`${WORLD}shell: close 0\nexpect action <|2|> succeeds\n`, {
        code: 'bad-reference',
        message: 'there is no action 2: the scenario has 1 action',
        hint: 'actions are numbered from 1 in file order',
      });
    });

    it('reports a relative cwd, which the simulator never reports', async () => {
      await expectDiagnostics(`${WORLD}expect shell cwd <|tmp|>\n`.replace('<|tmp|>', '<|"tmp"|>'), {
        code: 'never-checked',
        message: 'cwd "tmp" is relative; the simulator reports absolute paths, so this never holds',
        hint: 'write it from the root: /tmp',
      });
    });

    it('reports fd table rows out of order', async () => {
      await expectDiagnostics(`${WORLD}expect shell fds [1 = /dev/tty, <|0 = /dev/tty|>]\n`, {
        code: 'bad-value',
        message: 'fd 0 comes after fd 1',
        hint: 'list the rows in increasing fd order, as the table is compared slot by slot',
      });
    });
  });

  it('reports several problems at once, in document order', async () => {
    const { diagnostics } = await parseScenario(`${WORLD}shel: close 0\nshell: kill shell SIGFOO\nshell: frok kid\n`);
    assert.deepEqual(diagnostics.map((d) => [d.loc.line, d.code]), [[10, 'unknown-task'], [11, 'unknown-name'], [12, 'unknown-call']]);
  });

  it('gives 1-based locations and 0-based ranges for the same place', async () => {
    const { diagnostics } = await parseScenario(`${WORLD}shel: close 0\n`);
    assert.deepEqual(diagnostics[0]!.range, { start: { line: 9, character: 0 }, end: { line: 9, character: 4 } });
    assert.deepEqual(diagnostics[0]!.loc, { line: 10, column: 1, endLine: 10, endColumn: 5 });
  });
});
