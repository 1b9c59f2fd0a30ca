import * as assert from 'node:assert/strict';
import { Engine, query } from '../../../sim-core/src/index.js';
import { scenario } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';

const ctx = () => ({ state: new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()] })).initialState });

describe('logpoint templates', () => {
  it('replaces each {expression} with its value and keeps {{ }} as braces', () => {
    const parts = query.compileTemplate('fd 3 is {shell.fd[3]}, euid {shell.euid} {{literal}}');
    assert.equal(query.renderTemplate(parts, ctx()), 'fd 3 is 3 → /etc/motd (ro, cloexec), euid 1000 {literal}');
  });

  it('shows an expression that fails in place instead of dropping the message', () => {
    assert.equal(query.renderTemplate(query.compileTemplate('child: {child.pid}'), ctx()), 'child: <child.pid: no task named "child">');
  });

  it('reports a bad expression when the logpoint is set', () => {
    assert.throws(() => query.compileTemplate('x {shell.} y'), /in \{shell\.\}: expected a field name/);
    assert.throws(() => query.compileTemplate('x {shell'), /"\{" without a closing "\}"/);
  });
});
