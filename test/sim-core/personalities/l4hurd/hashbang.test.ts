import * as assert from 'node:assert/strict';
import { parseHashbang } from '../../../../sim-core/src/personalities/l4hurd/hashbang.js';
import { Engine } from '../../../../sim-core/src/index.js';
import { l4world } from './l4hurd-world.js';

describe('l4hurd #! line', () => {
  it('reads the interpreter and the rest of the line as one argument', () => {
    assert.deepEqual(parseHashbang('#!/bin/sh -e -x\necho\n'), { interpreter: '/bin/sh', arg: '-e -x' });
    assert.deepEqual(parseHashbang('#! /usr/bin/env  python3 \n'), { interpreter: '/usr/bin/env', arg: 'python3' });
    assert.deepEqual(parseHashbang('#!/bin/sh'), { interpreter: '/bin/sh' });
  });

  it('finds no interpreter in a file without #! or with an empty #! line', () => {
    assert.equal(parseHashbang('echo hi\n'), undefined);
    assert.equal(parseHashbang('#!   \n'), undefined);
  });
});

describe('l4hurd scenario checks', () => {
  it('refuses a grant to a task that does not exist', () => {
    const r = Engine.create(l4world({ steps: [{ task: 'shell', call: 'task_control_grant', to: 'gbd' }] }));
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => [p.at, p.message]), [['actions[0].to', 'no task named "gbd"']]);
  });

  it('refuses Linux-only calls with the name of the system that has them', () => {
    const r = Engine.create(l4world({ steps: [{ task: 'shell', call: 'vfork', child: 'kid' }] }));
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => [p.message, p.hint]), [['vfork is not available on l4hurd', 'vfork exists on linux']]);
  });
});
