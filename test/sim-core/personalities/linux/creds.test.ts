/**
 * Credentials across exec (fs/exec.c: bprm_fill_uid; security/commoncap.c:
 * cap_bprm_creds_from_file): set-id bits, what ignores them, the saved ids,
 * the AT_SECURE rule and the downgrade of an unsafe exec. Ids are checked as
 * the full tuple [uid, euid, suid, fsuid, gid, egid, sgid, fsgid].
 */
import * as assert from 'node:assert/strict';
import type { Credentials, FsNodeSpec, MountSpec, TaskSpec } from '../../../../sim-core/src/index.js';
import { elf } from '../../../support/scenario-builder.js';
import { runLinux, world } from './run-linux.js';

const nobodySuid = elf('/bin/suid', { mode: 0o4755, owner: { uid: 65534, gid: 65534 } });
const rootSuid = elf('/bin/rsuid', { mode: 0o4755 });

function execAs(creds: Partial<Credentials>, path: string, nodes: FsNodeSpec[], task: Partial<TaskSpec> = {}, mounts: MountSpec[] = [], kernelVersion?: string) {
  return runLinux({
    ...(kernelVersion ? { machine: { kernelVersion } } : {}),
    nodes: world(nodes),
    mounts,
    tasks: [{ name: 'sh', pid: 100, creds, ...task }],
    steps: [{ task: 'sh', call: 'execve', path, argv: ['x'] }],
  });
}

describe('linux exec: credentials', () => {
  it('root runs a set-uid binary owned by 65534: euid, suid and fsuid become 65534, AT_SECURE 1', () => {
    const r = execAs({}, '/bin/suid', [nobodySuid]);
    assert.deepEqual(r.ids('sh'), [0, 65534, 65534, 65534, 0, 0, 0, 0]);
    assert.equal(r.auxv('sh', 'AT_SECURE'), 1);
  });

  it('uid 1000 runs a set-uid root binary: euid 0, the real uid kept, AT_SECURE 1', () => {
    const r = execAs({ uid: 1000, gid: 1000 }, '/bin/rsuid', [rootSuid]);
    assert.deepEqual(r.ids('sh'), [1000, 0, 0, 0, 1000, 1000, 1000, 1000]);
    assert.equal(r.auxv('sh', 'AT_SECURE'), 1);
  });

  it('the credentials change in linux.commit, after close-on-exec, in one creds-changed event', () => {
    const r = execAs({ uid: 1000, gid: 1000 }, '/bin/rsuid', [rootSuid]);
    const changes = r.events(0).filter((e) => e.kind === 'creds-changed');
    assert.equal(changes.length, 1);
    assert.equal(changes[0]!.frame?.phase, 'linux.commit');
  });

  it('set-gid needs the group x bit: 2745 leaves egid alone, 2755 sets egid and sgid', () => {
    const nodes = [elf('/bin/nox', { mode: 0o2745, owner: { uid: 0, gid: 50 } }), elf('/bin/sgid', { mode: 0o2755, owner: { uid: 0, gid: 50 } })];
    const nox = execAs({ uid: 1000, gid: 1000 }, '/bin/nox', nodes);
    assert.deepEqual(nox.ids('sh'), [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    assert.equal(nox.auxv('sh', 'AT_SECURE'), 0);
    const sgid = execAs({ uid: 1000, gid: 1000 }, '/bin/sgid', nodes);
    assert.deepEqual(sgid.ids('sh'), [1000, 1000, 1000, 1000, 1000, 50, 50, 50]);
    assert.equal(sgid.auxv('sh', 'AT_SECURE'), 1);
  });

  it('a nosuid mount ignores set-id bits', () => {
    const r = execAs({ uid: 1000, gid: 1000 }, '/mnt/suid', [elf('/mnt/suid', { mode: 0o4755 })], {}, [{ path: '/mnt', fstype: 'tmpfs', nosuid: true }]);
    assert.deepEqual(r.ids('sh'), [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    assert.equal(r.auxv('sh', 'AT_SECURE'), 0);
  });

  it('no_new_privs ignores set-id bits and keeps AT_SECURE 0', () => {
    const r = execAs({ uid: 1000, gid: 1000 }, '/bin/rsuid', [rootSuid], { noNewPrivs: true });
    assert.deepEqual(r.ids('sh'), [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    assert.equal(r.auxv('sh', 'AT_SECURE'), 0);
  });

  it('exec sets the saved ids (and the fs ids) to the effective ones', () => {
    const r = execAs({ uid: 1000, euid: 1000, suid: 0, fsuid: 1000, gid: 1000, egid: 1000, sgid: 0, fsgid: 1000 }, '/bin/prog', []);
    assert.deepEqual(r.ids('sh'), [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    const fs = execAs({ uid: 1000, euid: 1000, suid: 1000, fsuid: 0, gid: 1000 }, '/bin/prog', []);
    assert.deepEqual(fs.ids('sh'), [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
  });

  it('a plain exec with euid ≠ uid keeps the ids and is a secure exec', () => {
    const r = execAs({ uid: 1000, euid: 0, suid: 0, fsuid: 0, gid: 1000 }, '/bin/prog', []);
    assert.deepEqual(r.ids('sh'), [1000, 0, 0, 0, 1000, 1000, 1000, 1000]);
    assert.equal(r.auxv('sh', 'AT_SECURE'), 1);
  });

  it('a set-uid binary whose owner is the caller changes nothing and is not a secure exec', () => {
    const own = elf('/bin/own', { mode: 0o4755, owner: { uid: 1000, gid: 1000 } });
    const r = execAs({ uid: 1000, gid: 1000 }, '/bin/own', [own]);
    assert.deepEqual(r.ids('sh'), [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    assert.equal(r.auxv('sh', 'AT_SECURE'), 0);
  });

  it('a traced set-uid exec is downgraded to the real ids (the tracer lacks CAP_SYS_PTRACE), still a secure exec', () => {
    const r = execAs({ uid: 1000, gid: 1000 }, '/bin/rsuid', [rootSuid], { ptraced: true });
    assert.deepEqual(r.ids('sh'), [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    assert.equal(r.auxv('sh', 'AT_SECURE'), 1);
  });

  it('a traced root caller keeps the set-uid result: CAP_SETUID allows it', () => {
    const r = execAs({}, '/bin/suid', [nobodySuid], { ptraced: true });
    assert.deepEqual(r.ids('sh'), [0, 65534, 65534, 65534, 0, 0, 0, 0]);
  });

  it('6.16 changed which exec counts as changing ids: a traced plain exec with euid ≠ uid', () => {
    // uid 0 that dropped its euid to 1000 (seteuid) and is traced runs an ordinary binary.
    const creds = { uid: 0, euid: 1000, suid: 0, fsuid: 1000, gid: 0 };
    const now = execAs(creds, '/bin/prog', [], { ptraced: true }, [], '6.18');
    assert.deepEqual(now.ids('sh'), [0, 1000, 1000, 1000, 0, 0, 0, 0]);
    // Before, "euid != real uid" counted as a set-id exec and the downgrade gave euid = uid = 0.
    const before = execAs(creds, '/bin/prog', [], { ptraced: true }, [], '6.12');
    assert.deepEqual(before.ids('sh'), [0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(now.auxv('sh', 'AT_SECURE'), 1);
    assert.equal(before.auxv('sh', 'AT_SECURE'), 1);
  });

  it('the secure-exec stack clamp: an RLIMIT_STACK over 8 MiB becomes 8 MiB for a secure exec only', () => {
    const big = 64 * 1024 * 1024;
    const secure = execAs({ uid: 1000, gid: 1000 }, '/bin/rsuid', [rootSuid], { rlimits: { stack: big } });
    assert.equal(secure.task('sh').rlimits.stack, 8 * 1024 * 1024);
    const plain = execAs({ uid: 1000, gid: 1000 }, '/bin/prog', [], { rlimits: { stack: big } });
    assert.equal(plain.task('sh').rlimits.stack, big);
  });

  it('an exec that fails leaves every id as it was', () => {
    const r = execAs({ uid: 1000, euid: 1000, suid: 0, fsuid: 1000, gid: 1000 }, '/bin/missing', []);
    assert.equal(r.result(0), 'ENOENT');
    assert.deepEqual(r.ids('sh'), [1000, 1000, 0, 1000, 1000, 1000, 1000, 1000]);
  });
});
