import * as assert from 'node:assert/strict';
import { Engine, query } from '../../../sim-core/src/index.js';
import { scenario } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';

const ctx = () => ({ state: new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()] })).initialState });

describe('query completion', () => {
  it('offers fields after a dot, replacing the partial word', () => {
    const items = query.complete('shell.eu', 8, ctx());
    assert.deepEqual(items.map((c) => [c.label, c.start, c.length]), [['euid', 6, 2]]);
    assert.equal(items[0]!.detail, '1000');
  });

  it('offers the open fds after [ with what they point to', () => {
    const items = query.complete('shell.fd[', 9, ctx());
    assert.deepEqual(items.map((c) => `${c.label} ${c.detail}`), ['0 → /dev/tty (rw)', '3 → /etc/motd (ro, cloexec)', '4 → /etc/shadow (ro)']);
  });

  it('offers tasks and functions at the start', () => {
    assert.deepEqual(query.complete('', 0, ctx()).map((c) => c.label), ['shell', 'task', 'ports', 'fds', 'len']);
    assert.deepEqual(query.complete('po', 2, ctx()).map((c) => c.text), ['ports(']);
  });

  it('completes after a call and an index', () => {
    assert.deepEqual(query.complete('task(100).fd[3].cl', 18, ctx()).map((c) => c.label), ['cloexec']);
  });

  it('offers nothing after something that does not evaluate', () => {
    assert.deepEqual(query.complete('nobody.', 7, ctx()), []);
  });

  it('offers event variables after $', () => {
    assert.deepEqual(query.complete('$p', 2, ctx()).map((c) => c.label), ['$phase', '$pid']);
  });
});
