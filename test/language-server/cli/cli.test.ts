/**
 * The execsim command line: exit statuses, output (golden text), options.
 * Most tests run it in-process with captured output; two run the real
 * executable, as `npx execsim` does.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { main } from '../../../language-server/src/cli/main.js';
import { assertGolden, REPO_ROOT } from '../../support/golden.js';

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function execsim(args: readonly string[], env: Record<string, string> = {}, tty = false): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await main(
    args,
    {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readFile: (p) => fs.readFile(path.resolve(REPO_ROOT, p), 'utf8'),
      stdoutIsTTY: tty,
      stderrIsTTY: tty,
      env,
    },
    '9.9.9',
  );
  return { status, stdout, stderr };
}

const GOLDEN = 'test/language-server/golden/cli';
const FIXTURES = 'test/language-server/fixtures';

describe('execsim command line', () => {
  describe('run', () => {
    it('prints the trace, final state and expectations, and exits 0 when all hold', async () => {
      const r = await execsim(['run', 'examples/close-on-exec.execsim']);
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assertGolden(`${GOLDEN}/run-close-on-exec.txt`, r.stdout);
    });

    it('prints the RPCs of a Hurd scenario as rpctrace shows them, after the phase trace', async () => {
      const r = await execsim(['run', 'examples/hurd-same-task-close-on-exec.execsim']);
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assert.ok(r.stdout.indexOf('\nRPCs (as rpctrace shows them)\n') > r.stdout.indexOf('\nTrace\n'));
      assertGolden(`${GOLDEN}/run-hurd-same-task-close-on-exec.txt`, r.stdout);
    });

    it('prints an L4-Hurd scenario\'s protocol in the phase trace, with no RPC view', async () => {
      const r = await execsim(['run', 'examples/l4hurd-script.execsim']);
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assert.ok(!r.stdout.includes('rpctrace'));
      assertGolden(`${GOLDEN}/run-l4hurd-script.txt`, r.stdout);
    });

    it('exits 1 when an expectation fails, showing the values seen', async () => {
      const r = await execsim(['run', `${FIXTURES}/failing-expectation.execsim`]);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, '');
      assertGolden(`${GOLDEN}/run-failing.txt`, r.stdout);
    });

    it('exits 2 on an invalid scenario, with every diagnostic at once on stderr', async () => {
      const r = await execsim(['run', `${FIXTURES}/invalid.execsim`]);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assertGolden(`${GOLDEN}/run-invalid.stderr.txt`, r.stderr);
    });

    it('prints only failed expectations with --quiet', async () => {
      assert.deepEqual(await execsim(['run', '--quiet', 'examples/vfork.execsim']), { status: 0, stdout: '', stderr: '' });
      const r = await execsim(['run', '-q', `${FIXTURES}/failing-expectation.execsim`]);
      assert.equal(r.status, 1);
      assert.equal(
        r.stdout,
        '  ✗ line 16  expect shell fd 3 closed  expected 3 closed, saw 3 → /etc/motd (ro)\n' +
          '  ✗ line 17  expect shell euid 0       expected euid 0, saw euid 1000\n' +
          '1 expectation passed, 2 failed\n',
      );
    });

    it('writes JSON Lines with --trace json: events, processes, expectations, a summary', async () => {
      const r = await execsim(['run', '--trace', 'json', `${FIXTURES}/failing-expectation.execsim`]);
      assert.equal(r.status, 1);
      const records = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
      const types = [...new Set(records.map((x) => x.type))];
      assert.deepEqual(types, ['event', 'process', 'expectation', 'summary']);
      assert.deepEqual(records.filter((x) => x.type === 'expectation').map((x) => [x.line, x.passed]), [[15, true], [16, false], [17, false]]);
      assert.deepEqual(records[records.length - 1], { type: 'summary', passed: 1, failed: 2 });
      const process = records.find((x) => x.type === 'process')!;
      assert.deepEqual(process.fds, [{ fd: 3, target: '/etc/motd', access: 'ro', cloexec: false }]);
      const events = records.filter((x) => x.type === 'event');
      assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i));
    });

    it('runs a scenario on another system with --system, checking its calls against that system', async () => {
      const r = await execsim(['run', '--system', 'l4hurd', 'examples/vfork.execsim']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /examples\/vfork\.execsim:27:8: error: vfork is not available on l4hurd\n.*\n.*\n  hint: vfork exists on linux\n/);
    });

    it('refuses an unknown option, an unknown --trace format and a missing file argument', async () => {
      assert.deepEqual(await execsim(['run', '--colour', 'x.execsim']), { status: 2, stdout: '', stderr: "execsim run: unknown option '--colour'\nsee: execsim run --help\n" });
      assert.deepEqual(await execsim(['run', '--trace', 'xml', 'x.execsim']), { status: 2, stdout: '', stderr: 'execsim run: --trace is text or json, not "xml"\nsee: execsim run --help\n' });
      assert.deepEqual(await execsim(['run']), { status: 2, stdout: '', stderr: 'execsim run: expected one FILE, got 0\nsee: execsim run --help\n' });
      assert.deepEqual(await execsim(['run', '--system', 'plan9', 'x.execsim']), {
        status: 2,
        stdout: '',
        stderr: 'execsim run: unknown system "plan9" (systems: linux, hurd, cloudabi, l4hurd)\nsee: execsim run --help\n',
      });
    });

    it('says when the file cannot be read', async () => {
      assert.deepEqual(await execsim(['run', 'examples/nothere.execsim']), { status: 2, stdout: '', stderr: 'execsim: cannot read examples/nothere.execsim: no such file\n' });
    });
  });

  describe('check', () => {
    it('exits 0 when every file is valid, naming each', async () => {
      const r = await execsim(['check', 'examples/setuid.execsim', 'examples/vfork.execsim']);
      assert.deepEqual(r, {
        status: 0,
        stdout: 'examples/setuid.execsim: ok (linux, 1 task, 7 actions, 13 expectations)\nexamples/vfork.execsim: ok (linux, 1 task, 5 actions, 11 expectations)\n',
        stderr: '',
      });
    });

    it('exits 2 when one file is invalid, and still checks the others', async () => {
      const r = await execsim(['check', `${FIXTURES}/invalid.execsim`, 'examples/vfork.execsim']);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, 'examples/vfork.execsim: ok (linux, 1 task, 5 actions, 11 expectations)\n');
      assertGolden(`${GOLDEN}/run-invalid.stderr.txt`, r.stderr);
    });

    it('prints nothing for valid files with --quiet', async () => {
      assert.deepEqual(await execsim(['check', '-q', 'examples/vfork.execsim']), { status: 0, stdout: '', stderr: '' });
    });

    it('needs at least one file', async () => {
      assert.deepEqual(await execsim(['check']), { status: 2, stdout: '', stderr: 'execsim check: expected at least one FILE\nsee: execsim check --help\n' });
    });
  });

  describe('help and usage', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      it(`prints the overview for ${args.join(' ')}`, async () => {
        const r = await execsim(args);
        assert.equal(r.status, 0);
        assert.match(r.stdout, /^usage: execsim <command> \[options\]\n/);
        assert.match(r.stdout, /\n  run FILE {7}run a scenario/);
      });
    }

    for (const command of ['run', 'check']) {
      it(`prints the help of ${command} for ${command} --help and help ${command}`, async () => {
        const a = await execsim([command, '--help']);
        const b = await execsim(['help', command]);
        assert.equal(a.status, 0);
        assert.match(a.stdout, new RegExp(`^usage: execsim ${command} FILE`));
        assert.deepEqual(b, a);
      });
    }

    it('prints the usage on stderr and exits 2 without a command', async () => {
      const r = await execsim([]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^usage: execsim/);
    });

    it('refuses an unknown command', async () => {
      assert.deepEqual(await execsim(['runn']), { status: 2, stdout: '', stderr: 'execsim: unknown command "runn" (commands: run, check)\nsee: execsim --help\n' });
    });

    it('prints its version', async () => {
      assert.deepEqual(await execsim(['--version']), { status: 0, stdout: 'execsim 9.9.9\n', stderr: '' });
    });
  });

  describe('colour', () => {
    it('is off when the output is not a terminal', async () => {
      const r = await execsim(['run', `${FIXTURES}/failing-expectation.execsim`]);
      assert.doesNotMatch(r.stdout, /\x1b\[/);
    });

    it('is on for a terminal, and marks passed and failed expectations', async () => {
      const r = await execsim(['run', `${FIXTURES}/failing-expectation.execsim`], {}, true);
      assert.match(r.stdout, / {2}\x1b\[32m✓ line 15/);
      assert.match(r.stdout, / {2}\x1b\[31m✗ line 16/);
    });

    it('follows NO_COLOR and FORCE_COLOR', async () => {
      assert.doesNotMatch((await execsim(['run', `${FIXTURES}/failing-expectation.execsim`], { NO_COLOR: '1' }, true)).stdout, /\x1b\[/);
      assert.match((await execsim(['run', `${FIXTURES}/failing-expectation.execsim`], { FORCE_COLOR: '1' }, false)).stdout, /\x1b\[/);
    });
  });

  describe('the executable', () => {
    const bin = path.join(REPO_ROOT, 'language-server/bin/execsim.js');
    const env = { ...process.env, NO_COLOR: '1' };

    it('runs an example and exits 0', () => {
      const r = spawnSync(process.execPath, [bin, 'run', '--quiet', 'examples/threads.execsim'], { cwd: REPO_ROOT, encoding: 'utf8', env });
      assert.deepEqual([r.status, r.stdout, r.stderr], [0, '', '']);
    });

    it('exits 1 when an expectation fails and 2 for an invalid scenario', () => {
      const failing = spawnSync(process.execPath, [bin, 'run', '-q', `${FIXTURES}/failing-expectation.execsim`], { cwd: REPO_ROOT, encoding: 'utf8', env });
      assert.equal(failing.status, 1);
      const invalid = spawnSync(process.execPath, [bin, 'check', `${FIXTURES}/invalid.execsim`], { cwd: REPO_ROOT, encoding: 'utf8', env });
      assert.equal(invalid.status, 2);
      assert.match(invalid.stderr, /^test\/language-server\/fixtures\/invalid\.execsim:4:25: error: mode 0789 is not an octal number\n/);
    });

    it('is executable and starts with a node shebang', async () => {
      const stat = await fs.stat(bin);
      assert.ok(stat.mode & 0o111, 'executable bit');
      assert.match(await fs.readFile(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    });
  });
});
