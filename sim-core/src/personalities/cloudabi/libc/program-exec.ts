/**
 * The caller's side of proc_exec: cloudlibc's program_exec (CLOUDLIBC
 * src/libc/program/program_exec.c) serializes the tree and builds the fds
 * array, calls the system call and fixes ENOTCAPABLE up for the executable
 * (src/common/errno.h: errno_fixup_executable). A program may also call
 * cloudabi_sys_proc_exec itself with an fds array of its own.
 */
import type { Kernel } from '../../../engine/kernel.js';
import type { Errno } from '../../../model/errno.js';
import { descriptionOf, slotOf } from '../../../model/fds.js';
import { inodeAt } from '../../../model/filesystem.js';
import type { Pid, Tid } from '../../../model/state.js';
import type { Argdata } from '../argdata/value.js';
import { creationFault } from '../argdata/create.js';
import { serialize, serializedLength } from '../argdata/serialize.js';
import { shortHex } from '../argdata/format.js';
import { toHex } from '../argdata/wire.js';
import { withCloudabi, type ExecMessage } from '../state.js';
import { cloudabiSysProcExec, type SyscallResult } from '../kernel/proc-exec.js';
import type { ProcExecCall } from '../kernel/copyin.js';

export interface ExecCaller {
  readonly pid: Pid;
  readonly tid: Tid;
  readonly action: number;
}

/** The message a caller hands to the kernel becomes state (the debugger's "message in flight"). */
export function recordMessage(
  k: Kernel,
  caller: ExecCaller,
  bytes: readonly number[],
  msg: Omit<ExecMessage, 'action' | 'pid' | 'tid' | 'stage' | 'data' | 'datalen'>,
): void {
  const message: ExecMessage = { ...msg, data: toHex(bytes), datalen: bytes.length, action: caller.action, pid: caller.pid, tid: caller.tid, stage: 'serialized' };
  k.change(
    withCloudabi(k.state, (c) => ({ ...c, messages: [...c.messages, message] })),
    { kind: 'argdata-serialized', pid: caller.pid, via: msg.via, datalen: bytes.length, fds: msg.fds, hex: shortHex(bytes) },
  );
}

/**
 * errno_fixup_executable: ENOTCAPABLE means the fd lacked CAP_FEXECVE; the
 * program is told EBADF for a regular file and EACCES for anything else
 * (when fd_stat_get works on the fd).
 */
function errnoFixupExecutable(k: Kernel, pid: Pid, fd: number, errno: Errno): Errno {
  if (errno !== 'ENOTCAPABLE') return errno;
  const slot = slotOf(k.state, pid, fd);
  if (!slot) return errno;
  const target = descriptionOf(k.state, slot.desc).target;
  const regular = target.kind === 'file' && inodeAt(k.state.fs, target.ino).kind === 'file';
  const fixed: Errno = regular ? 'EBADF' : 'EACCES';
  k.emit({ kind: 'errno-converted', pid, from: errno, to: fixed, by: `errno_fixup_executable (fd ${fd} is ${regular ? 'a regular file' : 'not a regular file'})` });
  return fixed;
}

/** program_exec(fd, ad): phase 1, the system call, the errno fixup. */
export function programExec(k: Kernel, caller: ExecCaller, execfd: number, tree: Argdata): SyscallResult {
  return k.actor('libc', 'program_exec (cloudlibc)', caller.pid, caller.tid, () => {
    const call = k.phase('cloudabi.libc.serialize', (): ProcExecCall => {
      const fault = creationFault(tree);
      if (fault) k.fail(fault.errno, `${fault.reason} (at ${fault.path})`);
      k.pc(2);
      const { datalen, fdslen } = serializedLength(tree);
      k.pc(3);
      let data: number[] = [];
      let fds: number[] = [];
      if (datalen + fdslen > 0) {
        k.pc(4);
        k.note(`mem_map: ${fdslen} int${fdslen === 1 ? '' : 's'} for the fds array and ${datalen} bytes of data`);
        k.pc(5);
        ({ bytes: data, fds } = serialize(tree, 'remap'));
      }
      k.pc(6);
      recordMessage(k, caller, data, { via: 'program_exec', execfd, path: null, tree, fds });
      return { execfd, data, fds };
    });
    const r = cloudabiSysProcExec(k, caller.pid, caller.tid, call);
    if (r.ok || 'killed' in r) return r;
    return { ...r, errno: errnoFixupExecutable(k, caller.pid, execfd, r.errno) };
  });
}

/**
 * A program calling cloudabi_sys_proc_exec itself: it serializes without an
 * fds array (its fd values are written as they are, so they must already be
 * indices into its own fds array) and gets the kernel's errno unfixed.
 */
export function rawProcExec(k: Kernel, caller: ExecCaller, execfd: number, tree: Argdata, fds: readonly number[]): SyscallResult {
  return k.actor('caller', 'cloudabi_sys_proc_exec, called directly', caller.pid, caller.tid, () => {
    const call = k.phase('cloudabi.libc.serialize', (): ProcExecCall => {
      const fault = creationFault(tree);
      if (fault) k.fail(fault.errno, `${fault.reason} (at ${fault.path})`);
      k.pc(5);
      const { bytes } = serialize(tree, 'literal');
      k.note(`the program serializes without an fds array (fd values written as they are) and passes its own fds array [${fds.join(', ')}]`);
      k.pc(6);
      recordMessage(k, caller, bytes, { via: 'cloudabi_sys_proc_exec', execfd, path: null, tree, fds: [...fds] });
      return { execfd, data: bytes, fds: [...fds] };
    });
    return cloudabiSysProcExec(k, caller.pid, caller.tid, call);
  });
}

