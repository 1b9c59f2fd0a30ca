import * as assert from 'node:assert/strict';
import { Engine } from '../../../../sim-core/src/index.js';
import { elf } from '../../../support/scenario-builder.js';
import { hurdScenario } from './support.js';

function problems(parts: Parameters<typeof hurdScenario>[0]): Array<[string, string, string | undefined]> {
  const r = Engine.create(hurdScenario(parts));
  return r.ok ? [] : r.problems.map((p) => [p.code, p.message, p.hint]);
}

describe('Hurd scenario validation', () => {
  it('names signals the Hurd does not have', () => {
    assert.deepEqual(problems({ tasks: [{ name: 's', pid: 100, signals: { blocked: ['SIGPWR'] } }] }), [['bad-value', 'SIGPWR does not exist on the Hurd', 'GNU/Hurd signals are BSD-numbered and have no SIGSTKFLT or SIGPWR']]);
  });

  it('rejects the thread names glibc and the servers use', () => {
    assert.deepEqual(problems({ tasks: [{ name: 's', pid: 100, threads: [{ name: 'msgport' }] }] }).map((p) => p[0]), ['duplicate-thread']);
  });

  it('rejects fork, which the Hurd personality does not simulate, pointing to a system that has it', () => {
    assert.deepEqual(problems({ tasks: [{ name: 's', pid: 100 }], steps: [{ task: 's', call: 'fork', child: 'c' }] }), [['unsupported-on-system', 'fork is not available on hurd', 'fork exists on linux']]);
  });

  it('names the mount servers after their fstype, numbering a second one of the same type', () => {
    const r = Engine.create(hurdScenario({ mounts: [{ path: '/', fstype: 'ext2fs' }, { path: '/home', fstype: 'ext2fs' }, { path: '/net', fstype: 'nfs', server: 'libnetfs' }], nodes: [elf('/bin/x')], tasks: [{ name: 's', pid: 100 }] }));
    assert.ok(r.ok);
    assert.deepEqual(['ext2fs', 'ext2fs1', 'nfs'].map((n) => r.engine.initialState.names[n]), [6, 7, 8]);
  });

  it('needs a path or an fd for file_exec_paths, and another task', () => {
    assert.deepEqual(problems({ tasks: [{ name: 's', pid: 100 }], steps: [{ task: 's', call: 'file_exec_paths', target: 's', argv: [] }] }).map((p) => p[1]), [
      'file_exec_paths into the caller\'s own task is execve',
      'file_exec_paths needs either a path or an fd',
    ]);
  });

  it('lets expectations and actions name the servers', () => {
    assert.deepEqual(problems({ tasks: [{ name: 's', pid: 100 }], steps: [{ expect: true, what: 'port-count', task: 'exec', count: 7 }] }), []);
  });
});
