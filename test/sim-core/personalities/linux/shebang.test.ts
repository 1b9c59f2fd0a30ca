/**
 * The "#!" line exactly as fs/binfmt_script.c: load_script reads it: 256
 * bytes, one interpreter, one optional argument, spaces and tabs only.
 */
import * as assert from 'node:assert/strict';
import { BINPRM_BUF_SIZE, parseShebang } from '../../../../sim-core/src/personalities/linux/shebang.js';

describe('linux #! parsing (load_script)', () => {
  it('the interpreter alone', () => {
    assert.deepEqual(parseShebang('#!/bin/sh\necho hi\n'), { ok: true, interpreter: '/bin/sh' });
  });

  it('everything after the interpreter is one argument, inner blanks kept', () => {
    assert.deepEqual(parseShebang('#!/usr/bin/env python3 -u -W ignore\n'), { ok: true, interpreter: '/usr/bin/env', arg: 'python3 -u -W ignore' });
  });

  it('blanks before the interpreter and trailing spaces and tabs are dropped', () => {
    assert.deepEqual(parseShebang('#! \t/bin/sh \t -e  \t \n'), { ok: true, interpreter: '/bin/sh', arg: '-e' });
  });

  it('a tab separates the argument like a space', () => {
    assert.deepEqual(parseShebang('#!/bin/sh\t-x\n'), { ok: true, interpreter: '/bin/sh', arg: '-x' });
  });

  it('only spaces and tabs count as blanks: a carriage return stays in the name', () => {
    assert.deepEqual(parseShebang('#!/bin/sh\r\n'), { ok: true, interpreter: '/bin/sh\r' });
    assert.deepEqual(parseShebang('#!/bin/sh -e\r\n'), { ok: true, interpreter: '/bin/sh', arg: '-e\r' });
  });

  it('a short file without a newline is read up to its end', () => {
    assert.deepEqual(parseShebang('#!/bin/sh -x'), { ok: true, interpreter: '/bin/sh', arg: '-x' });
  });

  it('a line longer than the 256-byte buffer: the argument is cut, the interpreter kept', () => {
    const r = parseShebang(`#!/bin/sh ${'x'.repeat(400)}\n`);
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.interpreter, '/bin/sh');
    assert.equal(r.arg, 'x'.repeat(BINPRM_BUF_SIZE - 1 - '#!/bin/sh '.length));
  });

  it('an interpreter name cut by the buffer is refused (no newline, no blank after it)', () => {
    assert.deepEqual(parseShebang(`#!/${'y'.repeat(300)}\n`), { ok: false, reason: 'truncated-interpreter' });
  });

  it('an interpreter ending exactly at the last byte of the buffer is refused too: nothing shows it ended', () => {
    const name = '/' + 'z'.repeat(BINPRM_BUF_SIZE - 3);
    assert.deepEqual(parseShebang(`#!${name}${'w'.repeat(10)}`), { ok: false, reason: 'truncated-interpreter' });
    // One byte shorter leaves room for a blank inside the buffer: accepted. The line end is the
    // buffer's last byte, and the blank before it is trimmed, so the argument is gone entirely.
    assert.deepEqual(parseShebang(`#!${name.slice(0, -1)} arg-that-is-cut`), { ok: true, interpreter: name.slice(0, -1) });
  });

  it('#! followed by nothing but blanks is refused, with a newline or filling the buffer', () => {
    assert.deepEqual(parseShebang('#!   \t\n'), { ok: false, reason: 'no-interpreter' });
    assert.deepEqual(parseShebang('#!' + ' '.repeat(300)), { ok: false, reason: 'only-blanks' });
    assert.deepEqual(parseShebang('#!\n'), { ok: false, reason: 'no-interpreter' });
  });

  it('a NUL ends the interpreter: nothing after it is an argument', () => {
    assert.deepEqual(parseShebang('#!/bin/sh\0-x\n'), { ok: true, interpreter: '/bin/sh' });
  });

  it('a file that does not start with #! is not a script', () => {
    assert.deepEqual(parseShebang(' #!/bin/sh\n'), { ok: false, reason: 'not-a-script' });
    assert.deepEqual(parseShebang('#/bin/sh\n'), { ok: false, reason: 'not-a-script' });
    assert.deepEqual(parseShebang(''), { ok: false, reason: 'not-a-script' });
  });

  it('the 256 bytes are bytes, not characters: a multibyte argument is cut by bytes', () => {
    const r = parseShebang(`#!/bin/sh ${'é'.repeat(200)}\n`);
    assert.equal(r.ok, true);
    if (!r.ok) return;
    // 256 - 1 - 10 = 245 bytes of two-byte characters: 122 whole ones and half of the next.
    assert.equal(r.arg!.startsWith('é'.repeat(122)), true);
    assert.equal(r.arg!.length, 123);
  });
});
