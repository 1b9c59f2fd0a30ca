import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  argBinary,
  argBuffer,
  argFalse,
  argFd,
  argFloat,
  argInt,
  argMap,
  argNull,
  argSeq,
  argStr,
  argTimestamp,
  argTrue,
  type Argdata,
} from '../../../../../sim-core/src/personalities/cloudabi/argdata/value.js';
import { serialize, serializedLength } from '../../../../../sim-core/src/personalities/cloudabi/argdata/serialize.js';
import { fromHex, toHex } from '../../../../../sim-core/src/personalities/cloudabi/argdata/wire.js';
import { getIntSigned, getIntUnsigned, getTimestamp, viewOf } from '../../../../../sim-core/src/personalities/cloudabi/argdata/reader.js';
import { SERIALIZE_BUFFER, SERIALIZE_FLOAT, SERIALIZE_INT, SERIALIZE_TIMESTAMP } from './cloudlibc-vectors.js';

/**
 * cloudlibc's TEST_OBJECT: the length computed up front, the bytes and fds
 * serialized, then the same once more from the serialized bytes read back
 * with fd_passthrough (fds then come out as 0..n-1).
 */
function assertSerializes(ad: Argdata, outHex: string, nfds: number, efds: readonly number[]): void {
  const expected = fromHex(outHex);
  assert.deepEqual(serializedLength(ad), { datalen: expected.length, fdslen: nfds });
  const first = serialize(ad, 'remap');
  assert.equal(toHex(first.bytes), toHex(expected));
  assert.deepEqual(first.fds, [...efds]);

  const again = argBuffer(expected, 'passthrough');
  assert.deepEqual(serializedLength(again), { datalen: expected.length, fdslen: nfds });
  const second = serialize(again, 'remap');
  assert.equal(toHex(second.bytes), toHex(expected));
  assert.deepEqual(second.fds, efds.map((_, i) => i));
}

describe('argdata_serialize (cloudlibc argdata_serialize_test.cc)', () => {
  it('serializes every TEST_BUFFER input read with fd_passthrough byte for byte', () => {
    for (const v of SERIALIZE_BUFFER) assertSerializes(argBuffer(fromHex(v.input)), v.output, v.nfds, v.fds);
  });

  it('renumbers fds in document order, a repeated fd sharing its index, leaving unparsed trailing bytes alone', () => {
    const v = SERIALIZE_BUFFER.find((x) => x.input.startsWith('06 85'))!;
    const out = serialize(argBuffer(fromHex(v.input)), 'remap');
    assert.deepEqual(out.fds, [0x12345678, 0x01234567, 0x12]);
    assert.equal(toHex(out.bytes.slice(-6)), '85 03 00 00 00 42');
  });

  it('writes an fd the reader cannot convert as ffffffff and does not list it', () => {
    const out = serialize(argBuffer(fromHex('03 ca fe ba be')), 'remap');
    assert.equal(toHex(out.bytes), '03 ff ff ff ff');
    assert.deepEqual(out.fds, []);
  });

  it('serializes binary data', () => assertSerializes(argBinary([0x48, 0x65, 0x6c, 0x6c, 0x6f]), '01 48 65 6c 6c 6f', 0, []));

  it('serializes false as 02 and true as 02 01', () => {
    assertSerializes(argFalse, '02', 0, []);
    assertSerializes(argTrue, '02 01', 0, []);
  });

  it('serializes fd 12 as index 0 with the fds array [12]', () => assertSerializes(argFd(12), '03 00 00 00 00', 1, [12]));

  it('serializes every TEST_FLOAT value as its big-endian IEEE-754 bits', () => {
    for (const v of SERIALIZE_FLOAT) assertSerializes(argFloat(v.value), v.hex, 0, []);
  });

  it('serializes every TEST_INT value as minimal two\'s complement', () => {
    for (const v of SERIALIZE_INT) assertSerializes(argInt(v.value), v.hex, 0, []);
  });

  it('serializes the empty map as 06 and a three-entry map with one-byte subfield lengths', () => {
    assertSerializes(argMap([]), '06', 0, []);
    assertSerializes(
      argMap([
        [argTrue, argNull],
        [argFalse, argTrue],
        [argNull, argFalse],
      ]),
      '06 82 02 01 80 81 02 82 02 01 80 81 02',
      0,
      [],
    );
  });

  it('serializes null as the empty string', () => assertSerializes(argNull, '', 0, []));

  it('serializes sequences, with a two-byte subfield length from 128 bytes on', () => {
    assertSerializes(argSeq([]), '07', 0, []);
    assertSerializes(argSeq([argFalse, argNull, argTrue]), '07 81 02 80 82 02 01', 0, []);
    const s125 =
      'This is a quite long string whose length is exactly 125 bytes long. This way its length can be encoded in seven bits of data.';
    const s126 =
      "This is a very long string whose length is exactly 126 bytes long. This way its length can't be encoded in seven bits of data.";
    const hexOf = (s: string) => toHex([...s].map((c) => c.charCodeAt(0)));
    assertSerializes(argSeq([argNull, argStr(s125), argNull]), `07 80 ff 08 ${hexOf(s125)} 00 80`, 0, []);
    assertSerializes(argSeq([argNull, argStr(s126), argNull]), `07 80 01 80 08 ${hexOf(s126)} 00 80`, 0, []);
  });

  it('serializes a string with an embedded NUL and adds the terminating NUL', () => {
    assertSerializes(argStr('Hello\u0000world'), '08 48 65 6c 6c 6f 00 77 6f 72 6c 64 00', 0, []);
  });

  it('serializes every TEST_TIMESTAMP value and reads it back unchanged', () => {
    for (const v of SERIALIZE_TIMESTAMP) {
      assertSerializes(argTimestamp(v.sec, v.nsec), v.hex, 0, []);
      const got = getTimestamp(viewOf(fromHex(v.hex)));
      assert.ok(got.ok, `${v.sec}.${v.nsec}`);
      assert.equal(got.value.sec.toString(), v.sec);
      assert.equal(got.value.nsec, v.nsec);
    }
  });
});

describe('argdata_serialize (exec-reference §2.1 vectors)', () => {
  const cases: Array<[string, Argdata, string, number[]]> = [
    ['null', argNull, '', []],
    ['true', argTrue, '02 01', []],
    ['fd 12', argFd(12), '03 00 00 00 00', [12]],
    ['int 128', argInt(128), '05 00 80', []],
    ['int -129', argInt(-129), '05 ff 7f', []],
    ['str "Hello\\0world"', argStr('Hello\u0000world'), '08 48 65 6c 6c 6f 00 77 6f 72 6c 64 00', []],
    ['seq [false, null, true]', argSeq([argFalse, argNull, argTrue]), '07 81 02 80 82 02 01', []],
    ['timestamp (0 s, 128 ns)', argTimestamp(0, 128), '09 00 80', []],
  ];
  for (const [name, ad, hex, fds] of cases) {
    it(`encodes ${name} as [${hex}] with fds [${fds.join(', ')}]`, () => {
      const out = serialize(ad, 'remap');
      assert.equal(toHex(out.bytes), hex);
      assert.deepEqual(out.fds, fds);
    });
  }
});

describe('argdata_serialize fd renumbering', () => {
  it('gives the n-th distinct fd index n and reuses the index of a repeated fd', () => {
    const tree = argMap([
      [argStr('a'), argFd(7)],
      [argStr('b'), argFd(3)],
      [argStr('c'), argSeq([argFd(7), argFd(9)])],
    ]);
    const out = serialize(tree, 'remap');
    assert.deepEqual(out.fds, [7, 3, 9]);
    assert.equal(serializedLength(tree).fdslen, 4, 'argdata_serialized_length counts every fd value, duplicates too');
    assert.equal(
      toHex(out.bytes),
      '06 83 08 61 00 85 03 00 00 00 00 83 08 62 00 85 03 00 00 00 01 83 08 63 00 8d 07 85 03 00 00 00 00 85 03 00 00 00 02',
    );
  });

  it('writes fd numbers unchanged when no fds array is given (cloudabi-run to cloudabi-reexec)', () => {
    const out = serialize(argSeq([argFd(5), argFd(5), argFd(1)]), 'literal');
    assert.equal(toHex(out.bytes), '07 85 03 00 00 00 05 85 03 00 00 00 05 85 03 00 00 00 01');
    assert.deepEqual(out.fds, []);
  });

  it('writes every fd of a buffer read without a conversion function as ffffffff', () => {
    const out = serialize(argSeq([argBuffer(fromHex('03 00 00 00 04'), 'none'), argFd(4)]), 'remap');
    assert.equal(toHex(out.bytes), '07 85 03 ff ff ff ff 85 03 00 00 00 00');
    assert.deepEqual(out.fds, [4]);
  });
});

describe('argdata_create_int and argdata_get_int round trips (cloudlibc argdata_create_int_test.cc)', () => {
  it('reads any uintmax_t back, and as intmax_t only when it fits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (j) => {
        const v = viewOf(serialize(argInt(j), 'remap').bytes);
        const u = getIntUnsigned(v);
        assert.ok(u.ok && u.value === j);
        const s = getIntSigned(v);
        if (j <= 2n ** 63n - 1n) assert.ok(s.ok && s.value === j);
        else assert.ok(!s.ok && s.errno === 'ERANGE');
      }),
      { numRuns: 1000 },
    );
  });

  it('reads any intmax_t back, and as uintmax_t only when it is not negative', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (j) => {
        const v = viewOf(serialize(argInt(j), 'remap').bytes);
        const s = getIntSigned(v);
        assert.ok(s.ok && s.value === j);
        const u = getIntUnsigned(v);
        if (j >= 0n) assert.ok(u.ok && u.value === j);
        else assert.ok(!u.ok && u.errno === 'ERANGE');
      }),
      { numRuns: 1000 },
    );
  });
});
