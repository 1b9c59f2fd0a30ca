import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { argFd, argFloat, argMap, argSeq, argStr, argTimestamp, floatBits } from '../../../../../sim-core/src/personalities/cloudabi/argdata/value.js';
import { creationFault, representationProblems } from '../../../../../sim-core/src/personalities/cloudabi/argdata/create.js';
import { serialize } from '../../../../../sim-core/src/personalities/cloudabi/argdata/serialize.js';
import { getFd, getFloat, getTimestamp, viewOf } from '../../../../../sim-core/src/personalities/cloudabi/argdata/reader.js';

describe('argdata_create_* refusals', () => {
  it('refuses fd -1 and INT_MIN with EBADF (argdata_create_fd_test.cc: bad)', () => {
    assert.deepEqual(creationFault(argFd(-1)), { errno: 'EBADF', path: '$', reason: 'argdata_create_fd(-1) refuses a negative fd' });
    assert.equal(creationFault(argFd(-(2 ** 31)))?.errno, 'EBADF');
  });

  it('refuses nanoseconds -1 and 1000000000 with EINVAL (argdata_create_timestamp_test.cc: bad)', () => {
    assert.equal(creationFault(argTimestamp(0, -1))?.errno, 'EINVAL');
    assert.equal(creationFault(argTimestamp(0, 1_000_000_000))?.errno, 'EINVAL');
    assert.equal(creationFault(argTimestamp(0, 999_999_999)), undefined);
  });

  it('refuses text that is not UTF-8 with EILSEQ (argdata_create_str: validate_string)', () => {
    assert.equal(creationFault(argStr('ok \ud800 lone surrogate'))?.errno, 'EILSEQ');
    assert.equal(creationFault(argStr('snow ☃ and NUL \u0000 are fine')), undefined);
  });

  it('reports the first refusal in document order with its path', () => {
    const tree = argMap([
      [argStr('in'), argSeq([argFd(0), argFd(-3)])],
      [argStr('bad'), argStr('\udfff')],
    ]);
    assert.deepEqual(creationFault(tree), { errno: 'EBADF', path: '$.map[0].value.seq[1]', reason: 'argdata_create_fd(-3) refuses a negative fd' });
  });

  it('flags values no C program could pass as scenario problems', () => {
    assert.deepEqual(representationProblems(argFd(2 ** 31)), ['$: fd 2147483648 is not a C int']);
    assert.deepEqual(representationProblems({ type: 'int', value: '18446744073709551616' }), [
      '$: 18446744073709551616 is outside intmax_t and uintmax_t (argdata_create_int takes one of them)',
    ]);
    assert.deepEqual(representationProblems({ type: 'float', bits: 'xyz' }), ['$: float bits "xyz" are not 16 lowercase hex digits']);
    assert.deepEqual(representationProblems({ type: 'binary', bytes: [256] }), ['$: binary bytes must be integers 0..255']);
  });
});

describe('argdata_create_* and argdata_get_* round trips', () => {
  it('reads back any fd from 0 to INT_MAX (argdata_create_fd_test.cc: good)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (j) => {
        const got = getFd(viewOf(serialize(argFd(j), 'literal').bytes));
        assert.ok(got.ok && got.value.fd === j);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back the exact bits of any double (argdata_create_float_test.cc)', () => {
    fc.assert(
      fc.property(fc.double(), (j) => {
        const got = getFloat(viewOf(serialize(argFloat(j), 'remap').bytes));
        assert.ok(got.ok && got.value === floatBits(j));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back any timestamp with a 64-bit tv_sec (argdata_create_timestamp_test.cc: random)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.integer({ min: 0, max: 999_999_999 }), (sec, nsec) => {
        const got = getTimestamp(viewOf(serialize(argTimestamp(sec, nsec), 'remap').bytes));
        assert.ok(got.ok && got.value.sec === sec && got.value.nsec === nsec);
      }),
      { numRuns: 1000 },
    );
  });
});
