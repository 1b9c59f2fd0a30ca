import * as assert from 'node:assert/strict';
import { phasesOf } from '../../../../sim-core/src/index.js';

describe('Hurd phase catalogue', () => {
  it('lists the 29 phases of a same-task exec in the reference\'s order', () => {
    const ids = phasesOf('hurd').filter((p) => p.order < 100).map((p) => p.id);
    assert.deepEqual(ids, [
      'hurd.glibc.lookup',
      'hurd.glibc.pack_ports',
      'hurd.glibc.pack_ints',
      'hurd.glibc.pack_dtable',
      'hurd.glibc.svuid_reauth',
      'hurd.glibc.dealloc_destroy_lists',
      'hurd.glibc.file_exec',
      'hurd.fs.file_exec',
      'hurd.fs.setuid',
      'hurd.fs.forward',
      'hurd.exec.preflight',
      'hurd.exec.check',
      'hurd.exec.hashbang',
      'hurd.exec.newtask',
      'hurd.exec.boot_data',
      'hurd.exec.secure_ports',
      'hurd.exec.interp_lookup',
      'hurd.exec.trash_oldtask',
      'hurd.exec.load',
      'hurd.exec.proc_register',
      'hurd.exec.thread',
      'hurd.exec.proc_reassign',
      'hurd.exec.bootstrap_port',
      'hurd.exec.finish',
      'hurd.newtask.startup',
      'hurd.newtask.init',
      'hurd.newtask.dtable',
      'hurd.newtask.signals',
      'hurd.newtask.proc',
    ]);
  });

  it('has the posix_spawn phases and the boot phases', () => {
    assert.deepEqual(phasesOf('hurd').filter((p) => p.order > 100 && p.order < 200).map((p) => p.id), [
      'hurd.spawn.task', 'hurd.spawn.ints', 'hurd.spawn.proc_attrs', 'hurd.spawn.dtable',
      'hurd.spawn.file_actions', 'hurd.spawn.cloexec', 'hurd.spawn.lookup', 'hurd.spawn.exec',
    ]);
    assert.deepEqual(phasesOf('hurd').filter((p) => p.order > 200).map((p) => p.id), ['hurd.boot.start_execserver', 'hurd.boot.exec_startup', 'hurd.boot.trivfs_startup', 'hurd.boot.exec_init']);
  });

  it('marks only trashing the old task as the point of no return', () => {
    assert.deepEqual(phasesOf('hurd').filter((p) => p.pointOfNoReturn).map((p) => p.id), ['hurd.exec.trash_oldtask']);
  });

  it('cites a HURD or GLIBC source for every phase', () => {
    for (const p of phasesOf('hurd')) {
      assert.ok(p.citations.length > 0, p.id);
      assert.ok(p.citations.some((c) => c.source === 'HURD' || c.source === 'GLIBC'), p.id);
      assert.ok(p.pseudo.length > 0, p.id);
    }
  });
});
