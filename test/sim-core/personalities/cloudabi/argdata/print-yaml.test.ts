import * as assert from 'node:assert/strict';
import { argBinary, argFalse, argFd, argInt, argMap, argNull, argSeq, argStr, argTrue, type Argdata } from '../../../../../sim-core/src/personalities/cloudabi/argdata/value.js';
import { printYaml, YAML_HEADER } from '../../../../../sim-core/src/personalities/cloudabi/argdata/print-yaml.js';
import { decodeArgdata } from '../../../../../sim-core/src/personalities/cloudabi/argdata/reader.js';
import { serialize } from '../../../../../sim-core/src/personalities/cloudabi/argdata/serialize.js';
import { fromHex } from '../../../../../sim-core/src/personalities/cloudabi/argdata/wire.js';
import { PRINT_YAML_BUFFER, PRINT_YAML_INT } from './cloudlibc-vectors.js';

/** argdata_print_yaml of an object the program built (its bytes read back with fd_passthrough). */
const printObject = (ad: Argdata) => printYaml(decodeArgdata(serialize(ad, 'literal').bytes));
const doc = (body: string) => `${YAML_HEADER}${body}\n`;

describe('argdata_print_yaml (cloudlibc argdata_print_yaml_test.cc)', () => {
  it('prints every TEST_BUFFER input read with fd_passthrough exactly', () => {
    for (const v of PRINT_YAML_BUFFER) assert.equal(printYaml(decodeArgdata(fromHex(v.input))), doc(v.yaml), v.input);
  });

  it('prints every TEST_INT value', () => {
    for (const v of PRINT_YAML_INT) assert.equal(printObject(argInt(v.value)), doc(v.yaml));
  });

  it('prints binary data in Base64', () => {
    assert.equal(printObject(argBinary([])), doc('!!binary ""'));
    assert.equal(printObject(argBinary([...'This is an example string'].map((c) => c.charCodeAt(0)))), doc('!!binary "VGhpcyBpcyBhbiBleGFtcGxlIHN0cmluZw=="'));
  });

  it('prints booleans, fds, null and strings', () => {
    assert.equal(printObject(argFalse), doc('!!bool "false"'));
    assert.equal(printObject(argTrue), doc('!!bool "true"'));
    assert.equal(printObject(argFd(12345678)), doc('!fd "12345678"'));
    assert.equal(printObject(argNull), doc('!!null "null"'));
    assert.equal(printObject(argStr('Hello, world')), doc('!!str "Hello, world"'));
  });

  it('prints maps and sequences with one entry a line', () => {
    assert.equal(printObject(argMap([])), doc('!!map {}'));
    assert.equal(
      printObject(argMap([[argTrue, argNull], [argFalse, argTrue], [argNull, argFalse]])),
      doc('!!map {\n  ? !!bool "true"\n  : !!null "null",\n  ? !!bool "false"\n  : !!bool "true",\n  ? !!null "null"\n  : !!bool "false",\n}'),
    );
    assert.equal(printObject(argSeq([])), doc('!!seq []'));
    assert.equal(printObject(argSeq([argFalse, argNull, argTrue])), doc('!!seq [\n  !!bool "false",\n  !!null "null",\n  !!bool "true",\n]'));
  });
});
