/**
 * Linux process birth in the scenario language: task kinds, the kernel
 * functions kernel_thread, user_mode_thread and kernel_execve, the checks on
 * pt_regs, the first return path and what two tasks share; and execveat's
 * AT_EXE_FILE, which was never merged.
 */
import * as assert from 'node:assert/strict';
import { parseScenario } from '../../../../language-server/src/language/index.js';
import { assertGolden } from '../../../support/golden.js';
import { fixture, goldenJson, withoutLocations } from '../../support.js';
import { assertRoundTrip, expectDiagnostics, lower, printedLast } from './section-support.js';

const BOOT = `system linux
filesystem {
  file /sbin/init elf static
}
task swapper pid 0 {
  kind kernel-thread
}
task shell pid 100
`;

describe('Linux process birth in the scenario language', () => {
  it('lowers every birth statement as its golden Scenario', async () => {
    const { scenario, diagnostics } = await parseScenario(fixture('linux-birth-constructs.execsim'), 'linux-birth-constructs.execsim');
    assert.deepEqual(diagnostics, []);
    assertGolden('test/language-server/golden/lowering/linux-birth-constructs.json', goldenJson(scenario));
  });

  it('round-trips every birth statement through the printer', async () => {
    await assertRoundTrip(fixture('linux-birth-constructs.execsim'));
  });

  it('lowers kernel_thread, user_mode_thread and kernel_execve to their sim-core calls', async () => {
    const s = await lower(`${BOOT}swapper: user_mode_thread init kernel_init CLONE_FS\nswapper: kernel_thread kthreadd kthreadd\ninit: kernel_execve /sbin/init ["/sbin/init"] env ["HOME=/"]\n`);
    assert.deepEqual(withoutLocations(s.actions), [
      { index: 0, task: 'swapper', call: 'user_mode_thread', child: 'init', fn: 'kernel_init', flags: ['CLONE_FS'] },
      { index: 1, task: 'swapper', call: 'kernel_thread', child: 'kthreadd', fn: 'kthreadd', flags: [] },
      { index: 2, task: 'init', call: 'kernel_execve', path: '/sbin/init', argv: ['/sbin/init'], envp: ['HOME=/'] },
    ]);
    assert.equal(s.tasks[0]!.kind, 'kernel-thread');
  });

  it('lowers the pt_regs, resumes and shares checks to their expectations', async () => {
    const s = await lower(`${BOOT}swapper: user_mode_thread init kernel_init\nexpect init pt_regs ip 0x401000 sp "top of the new stack" ax 0 user mode\nexpect init resumes in ret_from_kernel_thread\nexpect init does not share files with swapper\nexpect init shares memory with swapper\n`);
    assert.deepEqual(withoutLocations(s.expectations), [
      { index: 0, after: 0, what: 'pt-regs', task: 'init', ip: '0x401000', sp: 'top of the new stack', ax: '0', user: true },
      { index: 1, after: 0, what: 'resumes-in', task: 'init', entry: 'ret_from_kernel_thread' },
      { index: 2, after: 0, what: 'shares', task: 'init', other: 'swapper', resource: 'files', shared: false },
      { index: 3, after: 0, what: 'shares', task: 'init', other: 'swapper', resource: 'memory', shared: true },
    ]);
  });

  it('prints register values bare when they read back as numbers, else quoted', async () => {
    assert.equal(await printedLast(`${BOOT}expect swapper pt_regs ip "0x401000" sp "as the parent" ax "0"\n`), 'expect swapper pt_regs ip 0x401000 sp "as the parent" ax 0');
  });

  describe('diagnostics', () => {
    it('reports execveat AT_EXE_FILE as never merged, at the flag, with what was merged instead', async () => {
      await expectDiagnostics('system linux\ntask a pid 1\na: execveat 3 "" ["p"] AT_EMPTY_PATH|<|AT_EXE_FILE|>\n', {
        code: 'bad-value',
        message: 'execveat flag AT_EXE_FILE was proposed in 2020 but never merged: no Linux accepts it (fs/exec.c: do_open_execat)',
        hint: "what was merged (v5.8) is binfmt_misc's O flag, which passes the executable as AT_EXECFD: declare binfmt_misc … flags O in machine { … }",
      });
    });

    it('reports an unknown task kind with the closest one', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  kind <|kernel-thraed|>\n}\n', { code: 'unknown-name', message: 'unknown task kind kernel-thraed', hint: 'did you mean kernel-thread?' });
    });

    it('reports a resume point that does not exist', async () => {
      await expectDiagnostics(`${BOOT}expect swapper resumes in <|ret_from_frok|>\n`, { code: 'unknown-name', message: 'ret_from_frok is not where a new task resumes', hint: 'did you mean ret_from_fork?' });
    });

    it('reports a pt_regs check that compares nothing', async () => {
      await expectDiagnostics(`${BOOT}expect swapper <|pt_regs|>\n`, { code: 'never-checked', message: 'pt_regs checks nothing', hint: 'name the registers to compare: pt_regs ip 0x401000 ax 0 user mode' });
    });

    it('reports an unknown kernel_thread flag', async () => {
      await expectDiagnostics(`${BOOT}swapper: kernel_thread k kthreadd <|CLONE_FILE|>\n`, { code: 'unknown-name', message: 'unknown kernel_thread flag CLONE_FILE', hint: 'did you mean CLONE_FILES?' });
    });

    it('reports an expectation about a kernel thread before the call that creates it', async () => {
      await expectDiagnostics(`${BOOT}expect <|k|> kind kernel-thread\nswapper: kernel_thread k kthreadd\n`, { code: 'not-yet', message: 'k does not exist yet here: it is created on line 10', hint: 'move this expectation below line 10' });
    });

    it('reports a kernel function called by a user process (sim-core)', async () => {
      await expectDiagnostics(`${BOOT}shell: <|kernel_thread|> k kthreadd\n`, {
        code: 'bad-value',
        message: 'kernel_thread is a kernel function; shell is a user process',
        hint: 'declare the caller `kind kernel-thread` (e.g. the boot thread, pid 0) or use a thread made by kernel_thread/user_mode_thread (SEEDS 004)',
      });
    });

    it('reports birth statements on another system, naming linux', async () => {
      await expectDiagnostics(
        'system cloudabi\ntask a pid 1 {\n  <|kind user|>\n}\ntask b pid 2\nexpect a <|pt_regs ax 0|>\nexpect a <|shares memory with b|>\nexpect a <|resumes in ret_from_fork|>\n',
        { code: 'wrong-system', message: 'kind is not available on cloudabi', hint: 'kind exists on linux' },
        { code: 'wrong-system', message: 'pt_regs is not available on cloudabi', hint: 'pt_regs exists on linux' },
        { code: 'wrong-system', message: 'shares is not available on cloudabi', hint: 'shares exists on linux' },
        { code: 'wrong-system', message: 'resumes in is not available on cloudabi', hint: 'resumes in exists on linux' },
      );
    });
  });
});
