/**
 * Copying the exec arguments into the kernel (FBSD sys/kern/kern_exec.c):
 * exec_copyin_data_fds for proc_exec (the argdata blob and the fds array) and
 * exec_copyin_args for a native execve (path, argv and envp strings).
 */
import type { Kernel } from '../../../engine/kernel.js';
import { utf8Encode } from '../../../model/bytes.js';
import type { Pid } from '../../../model/state.js';
import { updateLastMessage } from '../state.js';
import { fdcopyRemapped, fdLastfile } from './fd-remap.js';
import { ARG_MAX, FREEBSD_PATH_MAX } from './limits.js';
import type { ImageArgs } from './image-params.js';

/** What cloudabi_sys_proc_exec receives. */
export interface ProcExecCall {
  readonly execfd: number;
  readonly data: readonly number[];
  readonly fds: readonly number[];
}

/**
 * exec_copyin_data_fds: the two bounds first (E2BIG before any copy), the
 * data with one NUL appended (argc counts the NULs), then fdcopy_remapped.
 */
export function execCopyinDataFds(k: Kernel, pid: Pid, args: ImageArgs, call: ProcExecCall): void {
  const last = fdLastfile(k.state, pid);
  const datalen = call.data.length;
  if (datalen >= ARG_MAX) k.fail('E2BIG', `datalen ${datalen} >= ARG_MAX (${ARG_MAX})`);
  if (call.fds.length > last + 1) {
    k.fail('E2BIG', `fdslen ${call.fds.length} > fd_lastfile + 1 = ${last + 1}: the fds array is longer than the caller's fd table`);
  }
  k.pc(3);
  const buf = datalen > 0 ? [...call.data, 0] : [];
  args.argBytes = buf;
  k.pc(4);
  args.argc = buf.reduce((n, b) => (b === 0 ? n + 1 : n), 0);
  k.change(updateLastMessage(k.state, (m) => ({ ...m, stage: 'copied-in', argc: args.argc, fdLastfile: last })), {
    kind: 'exec-args-copied',
    pid,
    datalen,
    argc: args.argc,
    fdslen: call.fds.length,
    fdLastfile: last,
  });
  k.pc(6);
  args.fdp = k.phase('cloudabi.fd_remap', () => fdcopyRemapped(k, pid, call.fds));
  k.change(updateLastMessage(k.state, (m) => ({ ...m, stage: 'remapped' })), {
    kind: 'note',
    text: `args->fdp = fd table #${args.fdp} with ${call.fds.length} fd${call.fds.length === 1 ? '' : 's'}, waiting to be installed`,
  });
}

/**
 * exec_copyin_args: the path (at most PATH_MAX) and every string must fit the
 * ARG_MAX string space. Argument strings are byte strings (they may hold any
 * byte but NUL), as cloudabi-run's are.
 */
export function execCopyinArgs(
  k: Kernel,
  args: ImageArgs,
  path: string,
  argv: ReadonlyArray<readonly number[]>,
  envp: readonly string[],
): void {
  const pathBytes = utf8Encode(path).length + 1;
  if (pathBytes > FREEBSD_PATH_MAX) k.fail('E2BIG', `the path is ${pathBytes} bytes with its NUL (PATH_MAX ${FREEBSD_PATH_MAX}; copyinstr's ENAMETOOLONG becomes E2BIG)`);
  k.pc(2);
  const buf: number[] = [];
  for (const a of argv) {
    for (const b of a) buf.push(b);
    buf.push(0);
  }
  let space = ARG_MAX - buf.length;
  if (space < 0) k.fail('E2BIG', `the argv strings take ${buf.length} bytes (ARG_MAX ${ARG_MAX})`);
  k.pc(3);
  for (const e of envp) space -= utf8Encode(e).length + 1;
  if (space < 0) k.fail('E2BIG', `argv and envp take more than ARG_MAX (${ARG_MAX}) bytes`);
  args.argBytes = buf;
  args.argc = argv.length;
  args.envp = [...envp];
  k.change(updateLastMessage(k.state, (m) => ({ ...m, stage: 'copied-in', argc: argv.length })), {
    kind: 'note',
    text: `copied ${path}, ${argv.length} argument string${argv.length === 1 ? '' : 's'} (${buf.length} bytes) and ${envp.length} environment string${envp.length === 1 ? '' : 's'}`,
  });
}
