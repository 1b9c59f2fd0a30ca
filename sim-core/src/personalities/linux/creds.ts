/**
 * Credentials of the new program (LINUX fs/exec.c: bprm_fill_uid;
 * security/commoncap.c: cap_bprm_creds_from_file). Capabilities are modelled
 * through uid 0 only: root has CAP_SETUID, a non-root caller has none.
 */
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { inodeAt, mountOf, permits, S_ISGID, S_ISUID } from '../../model/filesystem.js';
import type { Bprm } from './bprm.js';

export function credsFromFile(k: Kernel, bprm: Bprm): void {
  const task = taskOf(k.state, bprm.pid);
  const old = task.creds;
  const file = bprm.execfdCreds && bprm.executable ? bprm.executable : bprm.file;
  const inode = inodeAt(k.state.fs, file.ino);
  let euid = old.euid;
  let egid = old.egid;
  k.pc(2);
  const setid = inode.mode & (S_ISUID | S_ISGID);
  if (setid) {
    if (mountOf(k.state.fs, inode).nosuid) k.note(`${file.path} is set-id but on a nosuid mount: ignored`);
    else if (task.noNewPrivs) k.note(`${file.path} is set-id but no_new_privs is set: ignored`);
    else if (!permits(inode, old, { exec: true })) k.note(`${file.path}: execute permission vanished: set-id ignored`);
    else {
      k.pc(3);
      if (inode.mode & S_ISUID) euid = inode.uid;
      if ((inode.mode & (S_ISGID | 0o010)) === (S_ISGID | 0o010)) egid = inode.gid;
      else if (inode.mode & S_ISGID) k.note(`${file.path} is set-gid without group execute (S_IXGRP): mandatory-locking marker, egid unchanged`);
    }
  }
  k.pc(4);
  const isSetid = euid !== old.uid || egid !== old.gid;
  const uid = old.uid;
  const gid = old.gid;
  k.pc(5);
  const unsafeBeyondPtrace = bprm.unsafe.has('no_new_privs') || bprm.unsafe.has('share');
  if (isSetid && (unsafeBeyondPtrace || bprm.unsafe.has('ptrace'))) {
    // Downgrade unless the caller may setuid anyway (CAP_SETUID) and no_new_privs is not set.
    if (old.euid !== 0 || bprm.unsafe.has('no_new_privs')) {
      k.note(`unsafe exec (${[...bprm.unsafe].join(', ')}): euid/egid downgraded to the real ids`);
      euid = uid;
      egid = gid;
    }
  }
  k.pc(6);
  bprm.cred = { ...old, euid, egid, suid: euid, fsuid: euid, sgid: egid, fsgid: egid };
  k.pc(7);
  // Computed from the ids before any downgrade, as the kernel does.
  bprm.secureexec = isSetid || (uid !== 0 && euid === 0);
  k.change(k.state, {
    kind: 'note',
    text: `new credentials: uid ${uid} euid ${euid} suid ${euid} / gid ${gid} egid ${egid} sgid ${egid}; secureexec ${bprm.secureexec ? 1 : 0}`,
  });
}
