import * as assert from 'node:assert/strict';
import { HASHBANG_BUFFER, parseHashbang } from '../../../../sim-core/src/personalities/hurd/hashbang.js';

describe('check_hashbang line parsing', () => {
  it('takes the interpreter and the rest of the line as one argument', () => {
    assert.deepEqual(parseHashbang('#!/bin/sh -e -x\necho\n'), { interp: '/bin/sh', arg: '-e -x', truncated: false, noNewline: false });
  });

  it('skips blanks before the interpreter and trims trailing blanks of the argument', () => {
    assert.deepEqual(parseHashbang('#! \t/bin/sh \t -e  \t\n'), { interp: '/bin/sh', arg: '-e', truncated: false, noNewline: false });
  });

  it('has no argument when only blanks follow the interpreter', () => {
    assert.equal(parseHashbang('#!/bin/sh   \n')!.arg, null);
  });

  it('is not a script without #!', () => {
    assert.equal(parseHashbang('echo hi\n'), null);
  });

  it('silently truncates a first line longer than the page-sized buffer', () => {
    const long = `#!/bin/sh ${'x'.repeat(5000)}\n`;
    const p = parseHashbang(long)!;
    assert.equal(p.truncated, true);
    assert.equal(('/bin/sh ' + p.arg).length, HASHBANG_BUFFER - 1);
  });
});
