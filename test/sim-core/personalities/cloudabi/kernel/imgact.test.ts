import * as assert from 'node:assert/strict';
import { argNull, argStr, type FsNodeSpec } from '../../../../../sim-core/src/index.js';
import { LAUNCHER_PID, baseNodes, cloudabiElf, cloudabiScenario, launcher, procExec, run } from '../support.js';

function execFile(node: FsNodeSpec, extra: Parameters<typeof launcher>[1] = {}) {
  return run(
    cloudabiScenario({
      nodes: baseNodes([node]),
      tasks: [launcher([{ fd: 4, target: { path: node.path }, access: 'exec' }], extra)],
      steps: [procExec(argStr('x'), undefined, 4)],
    }),
  );
}

describe('image activators (phase 6)', () => {
  it('selects the CloudABI sysvec for ELFOSABI_CLOUDABI', () => {
    const r = execFile(cloudabiElf('/bin/a'));
    assert.equal(r.outcome().ok, true);
    assert.ok(r.events.some((e) => e.kind === 'note' && e.text === 'ELF brand: CloudABI ELF64'));
  });

  it('refuses an ELF file for another machine with ENOEXEC', () => {
    const r = execFile(cloudabiElf('/bin/arm', { machine: 'aarch64' }));
    assert.deepEqual(r.failedPhases()[0], ['cloudabi.kern.activate', 'ENOEXEC']);
  });

  it('refuses an ELF brand it does not have (a Linux binary) with ENOEXEC', () => {
    const r = execFile({ kind: 'file', path: '/bin/linux', content: { type: 'elf', machine: 'x86_64', osabi: 'sysv', size: 100 } });
    assert.deepEqual(r.outcome(), {
      ok: false,
      errno: 'ENOEXEC',
      detail: 'ELF binary type "0" not known: only the FreeBSD and CloudABI brands are loaded',
      phase: 'cloudabi.kern.activate',
    });
  });

  it('refuses a data file no activator recognises with ENOEXEC', () => {
    const r = execFile({ kind: 'file', path: '/bin/data', mode: 0o755, content: { type: 'data', size: 10 } });
    assert.deepEqual(r.failedPhases()[0], ['cloudabi.kern.activate', 'ENOEXEC']);
  });

  it('sends a #! script back to interpret:, where capability mode refuses the interpreter lookup; the program sees ENOSYS', () => {
    const r = execFile({ kind: 'file', path: '/bin/script', mode: 0o755, content: { type: 'script', text: '#!/bin/sh -e\necho hi\n' } });
    assert.deepEqual(r.outcome(), {
      ok: false,
      errno: 'ENOSYS',
      detail: 'the interpreter /bin/sh of a #! script would be looked up by path, which capability mode refuses (the kernel returned ECAPMODE)',
      phase: 'cloudabi.kern.open_exec',
    });
    assert.deepEqual(
      r.phases().slice(4, 8),
      ['cloudabi.kern.open_exec', 'cloudabi.kern.activate', 'cloudabi.kern.open_exec', 'cloudabi.kern.post'],
    );
    assert.deepEqual(
      r.ofKind('errno-converted').map((e) => [e.from, e.to, e.by]),
      [['ECAPMODE', 'ENOSYS', 'cloudabi_convert_errno (no CloudABI errno for it)']],
    );
    assert.equal(r.engine.actions().get(0)!.ponr, false);
  });

  it('ignores the set-id bit in capability mode', () => {
    const r = execFile({ ...cloudabiElf('/bin/suid'), mode: 0o4755, owner: { uid: 0, gid: 0 } }, { creds: { uid: 1000, gid: 1000 } });
    assert.equal(r.outcome().ok, true);
    assert.equal(r.final.tasks.get(LAUNCHER_PID)!.creds.euid, 1000);
    assert.deepEqual(r.ofKind('creds-changed'), []);
    assert.ok(r.events.some((e) => e.kind === 'note' && e.text === '/bin/suid is set-id, which capability mode ignores (CRED_FLAG_CAPMODE)'));
  });
});

describe('set-id outside capability mode', () => {
  it('is honoured by a native execve before capability mode is entered', () => {
    const nodes = baseNodes([
      { kind: 'file', path: '/usr/local/bin/cloudabi-run', mode: 0o755, content: { type: 'elf', machine: 'x86_64', osabi: 'freebsd', size: 100 } },
      { ...cloudabiElf('/usr/local/libexec/cloudabi-reexec'), mode: 0o4755, owner: { uid: 0, gid: 0 } },
    ]);
    const r = run(
      cloudabiScenario({
        nodes,
        tasks: [{ name: 'sh', pid: 90, exe: '/usr/local/bin/cloudabi-run', creds: { uid: 1000, gid: 1000 }, fds: [{ fd: 2, target: { path: '/dev/tty' }, access: 'rw' }] }],
        steps: [{ task: 'sh', call: 'cloudabi_run', executable: '/bin/prog', config: null }],
      }),
    );
    assert.deepEqual(
      r.ofKind('creds-changed').map((e) => [e.before.euid, e.after.euid, e.after.suid]),
      [[1000, 0, 0]],
    );
    assert.equal(r.final.tasks.get(90)!.creds.uid, 1000);
    assert.equal(argNull.type, 'null');
  });
});
