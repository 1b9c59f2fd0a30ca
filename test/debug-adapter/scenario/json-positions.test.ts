import * as assert from 'node:assert/strict';
import { JsonSyntaxError, parseJson } from '../../../debug-adapter/src/scenario/json-positions.js';

function syntaxError(text: string): string {
  try {
    parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return `${e.position.line}:${e.position.column} ${e.message}`;
    throw e;
  }
  assert.fail('parsed');
}

describe('JSON with positions', () => {
  it('remembers where each value starts, by its path', () => {
    const doc = parseJson('{\n  "tasks": [\n    {"name": "shell", "fds": [{"fd": 3}]}\n  ]\n}');
    assert.deepEqual(doc.positionAt('tasks[0].fds[0].fd'), { line: 3, column: 38 });
    assert.deepEqual(doc.positionAt('tasks[0]'), { line: 3, column: 5 });
    assert.equal(doc.positionAt('tasks[1]'), undefined);
    assert.deepEqual(doc.nearestPosition('tasks[0].fds[0].target'), { line: 3, column: 31 });
  });

  it('reads the same values as JSON.parse', () => {
    const text = '{"a": [1, -2.5e3, true, null, "x\\u00e9\\n"], "b": {}}';
    assert.deepEqual(JSON.parse(JSON.stringify(parseJson(text).value)), JSON.parse(text));
  });

  it('reports syntax errors at their line and column', () => {
    assert.equal(syntaxError('{\n  "a": [1, 2,]\n}'), '2:14 expected a value, found "]"');
    assert.equal(syntaxError('{"a": 1 "b": 2}'), '1:9 expected "," or "}" in an object, found "\\""'.replace('\\"', '"'));
    assert.equal(syntaxError('{"a": 0755}'), '1:8 numbers cannot have leading zeros in JSON (write modes in decimal or as strings the format allows)');
    assert.equal(syntaxError('{"a": 1, "a": 2}'), '1:10 property "a" appears twice');
    assert.equal(syntaxError('{"a": "x'), '1:7 unterminated string');
    assert.equal(syntaxError(''), '1:1 expected a value, found the end of the file');
    assert.equal(syntaxError('{} x'), '1:4 unexpected "x" after the end of the document');
  });

  it('does not let a __proto__ key change the object', () => {
    const v = parseJson('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(v), ['__proto__']);
  });
});
