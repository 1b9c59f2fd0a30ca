/**
 * The argument space (fs/exec.c: bprm_stack_limits, copy_strings,
 * get_arg_page; fs/binfmt_elf.c: create_elf_tables): E2BIG from the real
 * limits, the RLIMIT_STACK 64 KiB boundaries measured on Linux 6.18, and
 * argc 0.
 */
import * as assert from 'node:assert/strict';
import type { TaskSpec } from '../../../../sim-core/src/index.js';
import { runLinux, world } from './run-linux.js';

function execWith(argv: string[], task: Partial<TaskSpec> = {}, envp: string[] = [], path = '/bin/prog') {
  return runLinux({ nodes: world(), tasks: [{ name: 'sh', pid: 100, ...task }], steps: [{ task: 'sh', call: 'execve', path, argv, envp }] });
}

const a = (n: number) => 'a'.repeat(n);

describe('linux exec: arguments and the stack limits', () => {
  it('argc 0: the kernel inserts argv[0] = "" and the program sees argc 1', () => {
    const r = execWith([]);
    assert.equal(r.result(0), 'ok');
    assert.deepEqual(r.argv('sh'), ['']);
  });

  it('argv and envp reach the new program as given', () => {
    const r = execWith(['prog', 'one', '', 'two words'], {}, ['A=1', 'B=']);
    assert.deepEqual(r.argv('sh'), ['prog', 'one', '', 'two words']);
    assert.deepEqual(r.state.mms.get(r.task('sh').mm)!.envp, ['A=1', 'B=']);
  });

  it('one string of 131,072 bytes with its NUL (MAX_ARG_STRLEN) passes; one byte more is E2BIG', () => {
    assert.equal(execWith(['prog', a(131_071)]).result(0), 'ok');
    const r = execWith(['prog', a(131_072)]);
    assert.deepEqual([r.result(0), r.failedIn(0), r.ponr(0)], ['E2BIG', 'linux.copy_args', false]);
  });

  it('with the default 8 MiB RLIMIT_STACK the strings may take a quarter of it: 2 MiB less the pointers', () => {
    // 16 strings of 131,071 bytes + NUL = 2,097,152 bytes: over 2 MiB minus the pointer array.
    const over = execWith(['prog', ...Array.from({ length: 16 }, () => a(131_071))]);
    assert.deepEqual([over.result(0), over.failedIn(0)], ['E2BIG', 'linux.copy_args']);
    const under = execWith(['prog', ...Array.from({ length: 15 }, () => a(131_071))]);
    assert.equal(under.result(0), 'ok');
  });

  it('with a tiny RLIMIT_STACK the limit never goes below ARG_MAX (32 pages) for the pointer check', () => {
    // 16,000 pointers = 128,000 bytes < ARG_MAX: accepted by bprm_stack_limits, then the temporary stack is too big.
    const r = execWith(['prog', ...Array.from({ length: 16_000 }, () => '')], { rlimits: { stack: 16_384 } });
    assert.equal(r.result(0), 'E2BIG');
    const ptrs = execWith(['prog', ...Array.from({ length: 16_384 }, () => '')], { rlimits: { stack: 16_384 } });
    assert.equal(ptrs.result(0), 'E2BIG');
    assert.match(JSON.stringify(ptrs.outcome(0)), /bytes of pointers/);
  });

  it('RLIMIT_STACK 64 KiB: strings that need a 17th page of temporary stack are E2BIG', () => {
    // "/bin/prog" (10) + "prog" (5) + n+1 + 8 bytes above them: n = 65,512 fills 16 pages exactly.
    assert.equal(execWith(['prog', a(65_513)], { rlimits: { stack: 65536 } }).result(0), 'E2BIG');
    const r = execWith(['prog', a(65_536)], { rlimits: { stack: 65536 } });
    assert.deepEqual([r.result(0), r.failedIn(0), r.ponr(0)], ['E2BIG', 'linux.copy_args', false]);
  });

  it('RLIMIT_STACK 64 KiB: strings that fit but leave no room for auxv, envp and argv kill the process with SIGSEGV', () => {
    const r = execWith(['prog', a(65_512)], { rlimits: { stack: 65536 } });
    assert.deepEqual([r.result(0), r.failedIn(0), r.ponr(0)], ['killed SIGSEGV', 'linux.start', true]);
  });

  it('RLIMIT_STACK 64 KiB: the exact boundary of create_elf_tables (strings + 7 + 16 bytes + 23 auxv pairs + pointers)', () => {
    // used = round16(8 + 15 + n + 1); + 7 (AT_PLATFORM "x86_64") + 16 (AT_RANDOM);
    // + (46 + 3 + 1 + 1) words; rounded to 16: fits 65,536 up to n = 65,080.
    assert.equal(execWith(['prog', a(65_080)], { rlimits: { stack: 65536 } }).result(0), 'ok');
    assert.equal(execWith(['prog', a(65_081)], { rlimits: { stack: 65536 } }).result(0), 'killed SIGSEGV');
  });

  it('RLIMIT_STACK 64 KiB: a 60,000-byte argument runs, with a note that stack randomisation could kill it', () => {
    const r = execWith(['prog', a(60_000)], { rlimits: { stack: 65536 } });
    assert.equal(r.result(0), 'ok');
    assert.equal(r.argv('sh')[1]!.length, 60_000);
    const notes = r.events(0).flatMap((e) => (e.kind === 'note' && e.text.includes('randomisation') ? [e.frame?.phase] : []));
    assert.deepEqual(notes, ['linux.start']);
    assert.equal(execWith(['prog', a(50_000)], { rlimits: { stack: 65536 } }).events(0).some((e) => e.kind === 'note' && e.text.includes('randomisation')), false);
  });

  it('a script adds the interpreter and the script path to the strings: E2BIG can come from binfmt_script', () => {
    const r = runLinux({
      nodes: world([{ kind: 'file', path: '/bin/s', content: { type: 'script', text: '#!/bin/interp\n' } }]),
      tasks: [{ name: 'sh', pid: 100, rlimits: { stack: 65536 } }],
      steps: [{ task: 'sh', call: 'execve', path: '/bin/s', argv: ['s', a(65_510)] }],
    });
    assert.deepEqual([r.result(0), r.failedIn(0)], ['E2BIG', 'linux.binfmt_script']);
  });
});
