/**
 * The filesystem's part of an exec, which the proposal leaves "the same in
 * the current and the new protocol" (SEEDS 003): permission checks and the
 * secure decision as the Hurd on Mach makes them (exec-reference §6: secure
 * only when a set-id file's ids are new to a caller that is not root), then
 * the call to the exec server.
 */
import type { Kernel } from '../../engine/kernel.js';
import { SysError } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { inodeAt, mountOf, permits, S_ISGID, S_ISUID } from '../../model/filesystem.js';
import type { Pid } from '../../model/state.js';
import { execServer, type ExecFileRef, type ExecReply } from './exec-server.js';
import { allocateHandle, deallocateHandle, party, rpc } from './ops.js';
import { wordsText, type L4Words } from './state.js';

export function fileExec(k: Kernel, pid: Pid, file: ExecFileRef, words: L4Words): ExecReply {
  const fsPid = k.state.ext.l4hurd!.servers.fs;
  return k.actor('fs', `file_exec ${file.path}`, fsPid, fsPid, () =>
    k.phase('l4hurd.file_exec', () => {
      const task = taskOf(k.state, pid);
      const inode = inodeAt(k.state.fs, file.ino);
      if (inode.kind !== 'file') k.fail('EACCES', `${file.path} is not a regular file`);
      if (!permits(inode, task.creds, { exec: true })) k.fail('EACCES', `no execute permission on ${file.path} (mode ${inode.mode.toString(8)})`);
      if (mountOf(k.state.fs, inode).noexec) k.fail('EACCES', `${file.path} is on a noexec mount`);
      k.pc(2);
      const newUid = inode.mode & S_ISUID && inode.uid !== task.creds.euid ? inode.uid : null;
      const newGid = inode.mode & S_ISGID && inode.gid !== task.creds.egid ? inode.gid : null;
      const secure = task.creds.euid !== 0 && (newUid !== null || newGid !== null) && !mountOf(k.state.fs, inode).nosuid;
      let auth: number | null = null;
      if (secure) {
        const euid = newUid ?? task.creds.euid;
        const egid = newGid ?? task.creds.egid;
        rpc(k, 'fs', 'auth', `make an auth handle for uid ${euid} gid ${egid}`);
        auth = allocateHandle(k, pid, 'auth', `uid ${euid} gid ${egid}`, 'new auth');
        k.note(`${file.path} is set-id with ids new to ${task.name}: the exec is secure`);
      }
      k.pc(3);
      rpc(k, 'fs', 'exec server', `exec_exec ${file.path}, task ${pid}, flags ${secure ? 'secure' : '0'}, words (${wordsText(words)})`);
      try {
        const reply = execServer(k, { pid, file, words, secure, auth });
        rpc(k, 'fs', party(k, 'glibc', pid), reply.kind === 'started' ? 'file_exec returns: the new program runs' : `file_exec returns: interpreter ${reply.interpreter} needed`);
        if (reply.kind === 'interpreter' && auth !== null) deallocateHandle(k, pid, auth);
        return reply;
      } catch (e) {
        // The exec failed before its point of no return: the new auth is not needed.
        if (e instanceof SysError && auth !== null) deallocateHandle(k, pid, auth);
        throw e;
      }
    }),
  );
}
