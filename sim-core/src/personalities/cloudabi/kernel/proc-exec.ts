/**
 * cloudabi_sys_proc_exec(fd, data, datalen, fds, fdslen) (FBSD
 * sys/compat/cloudabi/cloudabi_proc.c) and the native sys_execve it mirrors
 * (sys/kern/kern_exec.c): pre_execve, copy the arguments in, kern_execve →
 * do_execve, post_execve, and the errno conversion on the way back.
 */
import { SysError, type Kernel } from '../../../engine/kernel.js';
import type { Errno } from '../../../model/errno.js';
import type { SignalName } from '../../../model/signals.js';
import type { Pid, Tid } from '../../../model/state.js';
import { lastMessage, updateLastMessage } from '../state.js';
import { execCopyinArgs, execCopyinDataFds, type ProcExecCall } from './copyin.js';
import { doExecve } from './do-execve.js';
import { newImageParams, type ImageArgs } from './image-params.js';
import { cloudabiConvertErrno } from './sysvec.js';
import { postExecve, preExecve } from './threads.js';

export type SyscallResult =
  | { readonly ok: true; readonly path: string }
  /** `errno` is what the caller sees; `kernelErrno` what do_execve returned. */
  | { readonly ok: false; readonly errno: Errno; readonly kernelErrno: Errno; readonly detail: string }
  | { readonly ok: false; readonly killed: SignalName; readonly kernelErrno: Errno; readonly detail: string };

/** exec_copyin_data_fds or exec_copyin_args, filling in the image arguments. */
type Copyin = (args: ImageArgs) => void;

/** The body both system calls share (sys_execve and cloudabi_sys_proc_exec have the same shape). */
function execSyscall(k: Kernel, pid: Pid, tid: Tid, args: ImageArgs, copyin: Copyin, copyinPhase: string, cloudabiAbi: boolean): SyscallResult {
  k.phase('cloudabi.kern.single_thread', () => preExecve(k, pid, tid));
  const imgp = newImageParams(pid, tid, args);
  let error: SysError | undefined;
  try {
    k.phase(copyinPhase, () => copyin(args));
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    error = e;
  }
  if (!error) {
    const r = doExecve(k, imgp);
    if (!r.ok && 'killed' in r) return { ok: false, killed: r.killed, kernelErrno: r.error.errno, detail: `${r.error.errno} after the point of no return: ${r.error.detail}` };
    if (!r.ok) error = r.error;
  }
  const parked = lastMessage(k.state)?.parked ?? [];
  let returned: Errno | undefined;
  k.phase('cloudabi.kern.post', () => {
    postExecve(k, pid, tid, !error, parked);
    if (error && cloudabiAbi) {
      k.pc(5);
      returned = cloudabiConvertErrno(error.errno);
      if (returned !== error.errno) k.emit({ kind: 'errno-converted', pid, from: error.errno, to: returned, by: 'cloudabi_convert_errno (no CloudABI errno for it)' });
    }
  });
  if (!error) return { ok: true, path: imgp.vp!.path };
  const errno = returned ?? error.errno;
  k.change(updateLastMessage(k.state, (m) => ({ ...m, stage: 'failed', kernelErrno: error.errno, returnedErrno: errno, failedPhase: k.failedPhase })), {
    kind: 'note',
    text: `the exec failed: ${error.errno}${errno !== error.errno ? ` (the program sees ${errno})` : ''}; the old program goes on`,
  });
  return { ok: false, errno, kernelErrno: error.errno, detail: error.detail };
}

/** cloudabi_sys_proc_exec: exec_copyin_data_fds, then kern_execve with args.fd. */
export function cloudabiSysProcExec(k: Kernel, pid: Pid, tid: Tid, call: ProcExecCall): SyscallResult {
  return k.actor('kernel', 'cloudabi_sys_proc_exec', pid, tid, () => {
    const args: ImageArgs = { fname: null, fd: call.execfd, argBytes: [], argc: 0, envp: [], fdp: null };
    return execSyscall(k, pid, tid, args, (a) => execCopyinDataFds(k, pid, a, call), 'cloudabi.kern.copyin', true);
  });
}

/** A native FreeBSD execve(path, argv, envp): exec_copyin_args, no fd remapping, errnos as they are. */
export function sysExecve(
  k: Kernel,
  pid: Pid,
  tid: Tid,
  path: string,
  argv: ReadonlyArray<readonly number[]>,
  envp: readonly string[],
): SyscallResult {
  return k.actor('kernel', 'sys_execve (native FreeBSD)', pid, tid, () => {
    const args: ImageArgs = { fname: path, fd: -1, argBytes: [], argc: 0, envp: [], fdp: null };
    return execSyscall(k, pid, tid, args, (a) => execCopyinArgs(k, a, path, argv, envp), 'cloudabi.kern.copyin_args', false);
  });
}
