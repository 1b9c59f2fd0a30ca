/**
 * Credentials of the new program (LINUX fs/exec.c: bprm_fill_uid;
 * security/commoncap.c: cap_bprm_creds_from_file). Capabilities are modelled
 * through uid 0 only: an effective uid 0 holds CAP_SETUID, anyone else none;
 * a tracer is taken to lack CAP_SYS_PTRACE over the new credentials (so a
 * traced set-id exec is downgraded, as under an unprivileged debugger).
 */
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { inodeAt, mountOf, permits, S_ISGID, S_ISUID } from '../../model/filesystem.js';
import type { Credentials } from '../../scenario/scenario.js';
import type { Bprm } from './bprm.js';
import { idChangedFromEffective } from './version.js';
import { rememberLast } from '../../model/remember-last.js';

const S_IXGRP = 0o010;
const MAY_EXEC = { exec: true } as const;

/** in_group_p: the fs gid or a supplementary group (kernel/groups.c). */
function inGroup(creds: Credentials, gid: number): boolean {
  return gid === creds.fsgid || creds.groups.includes(gid);
}

export function credsFromFile(k: Kernel, bprm: Bprm): void {
  const task = taskOf(k.state, bprm.pid);
  const old = task.creds;
  // bprm_creds_from_file: the binfmt_misc C flag takes the ids from the binary, else the final file.
  const file = bprm.execfdCreds && bprm.executable ? bprm.executable : bprm.file;
  const inode = inodeAt(k.state.fs, file.ino);
  let euid = old.euid;
  let egid = old.egid;
  k.pc(2);
  const setid = inode.mode & (S_ISUID | S_ISGID);
  if (setid) {
    if (mountOf(k.state.fs, inode).nosuid) k.note(`${file.path} is set-id but on a nosuid mount: ignored`);
    else if (task.noNewPrivs) k.note(`${file.path} is set-id but no_new_privs is set: ignored`);
    else if (!permits(inode, old, MAY_EXEC)) k.note(`${file.path}: execute permission vanished: set-id ignored`);
    else {
      k.pc(3);
      if (inode.mode & S_ISUID) euid = inode.uid;
      if ((inode.mode & (S_ISGID | S_IXGRP)) === (S_ISGID | S_IXGRP)) egid = inode.gid;
      else if (inode.mode & S_ISGID) k.note(`${file.path} is set-gid without group execute (S_IXGRP): a mandatory-locking marker, egid unchanged`);
    }
  }
  k.pc(4);
  const euidBefore = euid;
  // Which exec counts as changing ids: since 6.16 the new euid against the old euid and
  // the new egid against the caller's groups; before, against the real ids.
  const idChanged = idChangedFromEffective(k.state.machine.kernelVersion)
    ? euid !== old.euid || !inGroup(old, egid)
    : euid !== old.uid || egid !== old.gid;
  k.pc(5);
  const unsafeBeyondPtrace = bprm.unsafe.has('no_new_privs') || bprm.unsafe.has('share');
  if (idChanged && (unsafeBeyondPtrace || bprm.unsafe.has('ptrace'))) {
    // The downgrade keeps the new ids only for a caller holding CAP_SETUID without no_new_privs.
    if (old.euid !== 0 || bprm.unsafe.has('no_new_privs')) {
      k.note(`unsafe exec (${[...bprm.unsafe].join(', ')}): euid/egid downgraded to the real ids ${old.uid}/${old.gid}`);
      euid = old.uid;
      egid = old.gid;
    }
  }
  k.pc(6);
  // The caller's record itself when no id changes (the usual exec): nothing to copy, and commit sees no change.
  const same = euid === old.euid && euid === old.suid && euid === old.fsuid && egid === old.egid && egid === old.sgid && egid === old.fsgid;
  bprm.cred = same ? old : { ...old, euid, egid, suid: euid, fsuid: euid, sgid: egid, fsgid: egid };
  k.pc(7);
  // A secure exec (AT_SECURE): ids changed, the new effective ids differ from the real ones,
  // or a non-root real uid gains root's capabilities (an effective uid 0 before any downgrade).
  bprm.secureexec = idChanged || euid !== old.uid || egid !== old.gid || (old.uid !== 0 && euidBefore === 0);
  k.change(k.state, { kind: 'note', text: credsText(old.uid, euid, old.gid, egid, bprm.secureexec) });
}

/** The note on the new credentials (the same exec again is described by the same string). */
const credsText = rememberLast(
  (uid: number, euid: number, gid: number, egid: number, secure: boolean): string =>
    `new credentials: uid ${uid} euid ${euid} suid ${euid} fsuid ${euid} / gid ${gid} egid ${egid} sgid ${egid} fsgid ${egid}; secureexec ${secure ? 1 : 0}`,
);
