import * as assert from 'node:assert/strict';
import {
  decodeArgdata,
  decodeProblems,
  getBool,
  getFd,
  getFloat,
  getIntSigned,
  getIntUnsigned,
  getStr,
  getTimestamp,
  iterateMap,
  iterateSeq,
  viewOf,
} from '../../../../../sim-core/src/personalities/cloudabi/argdata/reader.js';
import { encodeSubfieldLength, fromHex, parseSubfield } from '../../../../../sim-core/src/personalities/cloudabi/argdata/wire.js';
import { formatDecoded } from '../../../../../sim-core/src/personalities/cloudabi/argdata/format.js';

const v = (hex: string) => viewOf(fromHex(hex));

describe('parse_subfield', () => {
  it('reads the length big-endian, seven bits a byte, the last byte marked by its high bit', () => {
    assert.deepEqual(encodeSubfieldLength(0), [0x80]);
    assert.deepEqual(encodeSubfieldLength(127), [0xff]);
    assert.deepEqual(encodeSubfieldLength(128), [0x01, 0x80]);
    assert.deepEqual(encodeSubfieldLength(16384), [0x01, 0x00, 0x80]);
    const bytes = [0x01, 0x80, ...new Array(128).fill(0x41)];
    assert.deepEqual(parseSubfield(bytes, 0, bytes.length), { ok: true, start: 2, end: 130 });
  });

  it('rejects an overlong length (a first byte of 00) with EINVAL', () => {
    const r = parseSubfield([0x00, 0x81, 0x02], 0, 3);
    assert.ok(!r.ok && r.errno === 'EINVAL' && /overlong/.test(r.reason));
  });

  it('rejects a length past the end of the buffer with EINVAL', () => {
    const r = parseSubfield([0x83, 0x08, 0x61], 0, 3);
    assert.ok(!r.ok && r.errno === 'EINVAL' && /past the end/.test(r.reason));
  });

  it('rejects a length prefix cut off by the end of the buffer with EINVAL', () => {
    const r = parseSubfield([0x01, 0x02], 0, 2);
    assert.ok(!r.ok && r.errno === 'EINVAL' && /runs past the end/.test(r.reason));
  });

  it('rejects a length that does not fit size_t with EINVAL', () => {
    const bytes = [...new Array(10).fill(0x7f), 0xff];
    const r = parseSubfield(bytes, 0, bytes.length);
    assert.ok(!r.ok && r.errno === 'EINVAL' && /size_t/.test(r.reason));
  });
});

describe('argdata_get_* rejections', () => {
  it('argdata_get_bool accepts only an empty payload or 01', () => {
    assert.deepEqual(getBool(v('02')), { ok: true, value: false });
    assert.deepEqual(getBool(v('02 01')), { ok: true, value: true });
    for (const bad of ['02 00', '02 02', '02 01 01']) assert.equal((getBool(v(bad)) as { errno: string }).errno, 'EINVAL');
  });

  it('argdata_get_fd wants exactly four payload bytes (EINVAL) and a convertible number (EBADF)', () => {
    assert.equal((getFd(v('03 00 00 00')) as { errno: string }).errno, 'EINVAL');
    assert.equal((getFd(v('03 00 00 00 00 00')) as { errno: string }).errno, 'EINVAL');
    assert.equal((getFd(v('03 ff ff ff ff')) as { errno: string }).errno, 'EBADF');
    assert.deepEqual(getFd(v('03 7f ff ff ff')), { ok: true, value: { raw: 0x7fffffff, fd: 0x7fffffff } });
  });

  it('argdata_get_fd returns EBADF for an fd the reader released while other fds still read (argdata_reader_pull_test.cc: socket_fd_passing)', () => {
    const released = new Set([0]);
    const view = viewOf(fromHex('07 85 03 00 00 00 00 85 03 00 00 00 01'), (raw) => (released.has(raw) ? -1 : 10 + raw));
    const [first, second] = iterateSeq(view)!.entries;
    assert.equal((getFd(first!) as { errno: string }).errno, 'EBADF');
    assert.deepEqual(getFd(second!), { ok: true, value: { raw: 1, fd: 11 } });
  });

  it('argdata_get_float wants exactly eight payload bytes', () => {
    assert.equal((getFloat(v('04 01 02 03 04 05 06 07')) as { errno: string }).errno, 'EINVAL');
    assert.deepEqual(getFloat(v('04 3f f8 00 00 00 00 00 00')), { ok: true, value: '3ff8000000000000' });
  });

  it('argdata_get_int refuses what does not fit with ERANGE', () => {
    assert.equal((getIntSigned(v('05 00 80 00 00 00 00 00 00 00')) as { errno: string }).errno, 'ERANGE');
    assert.deepEqual(getIntUnsigned(v('05 00 80 00 00 00 00 00 00 00')), { ok: true, value: 2n ** 63n });
    assert.equal((getIntUnsigned(v('05 01 00 00 00 00 00 00 00 00')) as { errno: string }).errno, 'ERANGE');
    assert.equal((getIntUnsigned(v('05 ff')) as { errno: string }).errno, 'ERANGE');
    assert.deepEqual(getIntSigned(v('05')), { ok: true, value: 0n });
  });

  it('argdata_get_str wants a terminating NUL (EINVAL) and UTF-8 (EILSEQ)', () => {
    assert.equal((getStr(v('08 48 69')) as { errno: string }).errno, 'EINVAL');
    assert.equal((getStr(v('08')) as { errno: string }).errno, 'EINVAL');
    assert.equal((getStr(v('08 c0 80 00')) as { errno: string }).errno, 'EILSEQ', 'overlong form of NUL');
    assert.equal((getStr(v('08 ed a0 80 00')) as { errno: string }).errno, 'EILSEQ', 'surrogate');
    assert.equal((getStr(v('08 f4 90 80 80 00')) as { errno: string }).errno, 'EILSEQ', 'past U+10FFFF');
    assert.deepEqual(getStr(v('08 e2 98 83 00 41 00')), { ok: true, value: '☃\u0000A' });
  });

  it('argdata_get_timestamp refuses more than twelve bytes with ERANGE', () => {
    assert.equal((getTimestamp(v('09 00 00 00 00 00 00 00 00 00 00 00 00 01')) as { errno: string }).errno, 'ERANGE');
  });

  it('a getter for another type refuses with EINVAL', () => {
    assert.equal((getBool(v('05 01')) as { errno: string }).errno, 'EINVAL');
    assert.equal((getBool(v('')) as { errno: string }).errno, 'EINVAL');
  });
});

describe('map and sequence iteration', () => {
  it('stops a map at a key without a value and keeps the entries before it', () => {
    const it = iterateMap(v('06 81 02 82 02 01 81 02'))!;
    assert.equal(it.entries.length, 1);
    assert.equal(it.stop?.errno, 'EINVAL');
    assert.match(it.stop!.reason, /map value 1: no bytes left/);
  });

  it('stops a sequence at an overlong length', () => {
    const it = iterateSeq(v('07 81 02 00 81 02'))!;
    assert.equal(it.entries.length, 1);
    assert.match(it.stop!.reason, /sequence entry 1: overlong/);
  });

  it('is not a map or sequence for another type byte', () => {
    assert.equal(iterateMap(v('07')), undefined);
    assert.equal(iterateSeq(v('06')), undefined);
  });
});

describe('decodeArgdata', () => {
  it('decodes a tree the way a program reads it', () => {
    const d = decodeArgdata(fromHex('06 87 08 48 65 6c 6c 6f 00 85 03 00 00 00 00 84 08 66 64 00 85 03 ff ff ff ff'));
    assert.equal(formatDecoded(d), '{"Hello": !fd 0, "fd": !fd invalid}');
    assert.deepEqual(decodeProblems(d), [{ path: '$.map[1].value', errno: 'EBADF', reason: 'fd number 0xffffffff cannot be converted' }]);
  });

  it('lists every rejection with its place', () => {
    const d = decodeArgdata(fromHex('07 82 02 02 83 03 00 00 85 08 41 42 43 44 81 0a 00'));
    assert.deepEqual(decodeProblems(d), [
      { path: '$.seq[0]', errno: 'EINVAL', reason: 'a bool payload is empty (false) or the single byte 01 (true)' },
      { path: '$.seq[1]', errno: 'EINVAL', reason: 'an fd payload is 4 bytes, this one is 2' },
      { path: '$.seq[2]', errno: 'EINVAL', reason: 'a string ends with a NUL byte; this one does not' },
      { path: '$.seq[3]', errno: 'EINVAL', reason: 'type byte 10 is not an argdata type' },
      { path: '$', errno: 'EINVAL', reason: 'sequence entry 4: overlong length encoding (first length byte is 0x00)' },
    ]);
  });

  it('makes a map whose first entry does not parse an invalid value', () => {
    const d = decodeArgdata(fromHex('06 00'));
    assert.equal(d.type, 'invalid');
    assert.deepEqual(decodeProblems(d), [{ path: '$', errno: 'EINVAL', reason: 'map key 0: overlong length encoding (first length byte is 0x00)' }]);
  });
});
