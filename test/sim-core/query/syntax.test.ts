import * as assert from 'node:assert/strict';
import { query } from '../../../sim-core/src/index.js';

const { parse, QueryError } = query;

function error(text: string): InstanceType<typeof QueryError> {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  assert.fail(`${text} parsed`);
}

describe('query syntax', () => {
  it('parses member access, indexing and calls into a tree', () => {
    assert.deepEqual(parse('ports(shell)[12].refs'), {
      k: 'member',
      name: 'refs',
      pos: 16,
      object: { k: 'index', pos: 12, object: { k: 'call', callee: 'ports', pos: 0, args: [{ k: 'name', name: 'shell', pos: 6 }] }, index: { k: 'num', value: 12, pos: 13 } },
    });
  });

  it('reads a leading 0 as octal, as C does for umasks', () => {
    assert.deepEqual(parse('022'), { k: 'num', value: 0o22, pos: 0 });
    assert.deepEqual(parse('0o755'), { k: 'num', value: 0o755, pos: 0 });
    assert.deepEqual(parse('0x1f'), { k: 'num', value: 31, pos: 0 });
  });

  it('binds && tighter than || and comparisons tighter than both', () => {
    const e = parse('a == 1 || b && !c');
    assert.equal(e.k, 'binary');
    assert.equal(e.k === 'binary' && e.op, '||');
    assert.equal(e.k === 'binary' && e.right.k === 'binary' && e.right.op, '&&');
  });

  it('says where an unexpected token is and how to compare', () => {
    const e = error('shell.euid = 0');
    assert.equal(e.column, 11);
    assert.match(e.text, /compare with ==/);
  });

  it('rejects 089 because a leading 0 makes it octal', () => {
    assert.match(error('089').text, /not an octal number/);
  });

  it('rejects chained comparisons with a hint', () => {
    assert.match(error('1 < 2 < 3').text, /do not chain.*&&/);
  });

  it('reports an unterminated string at its opening quote', () => {
    const e = error('shell == "abc');
    assert.equal(e.column, 9);
  });

  it('rejects an empty expression with examples', () => {
    assert.match(error('  ').text, /empty expression.*shell\.fd\[3\]/);
  });
});
