/**
 * struct image_args and struct image_params (FBSD sys/sys/imgact.h) as the
 * simulated do_execve keeps them: the argument buffer, the remapped fd table
 * waiting to be installed, the file being executed and how far the exec got.
 */
import type { Credentials, ElfContent } from '../../../scenario/scenario.js';
import type { FilesId, Ino, Pid, Tid } from '../../../model/state.js';

export interface ImageArgs {
  /** The path of a native execve (args->fname); null for proc_exec, which executes args->fd. */
  fname: string | null;
  fd: number;
  /** begin_argv .. begin_envv: the argdata and its appended NUL, or the argv strings with their NULs. */
  argBytes: number[];
  argc: number;
  /** The environment strings (a native execve only; cloudabi-run passes none). */
  envp: string[];
  /** The table fdcopy_remapped built (args->fdp), until it is installed or freed. */
  fdp: FilesId | null;
}

export interface ExecVnode {
  readonly ino: Ino;
  readonly path: string;
  /** The last name looked up (nd.ni_cnd), which names the process; null for an fd. */
  readonly lookupName: string | null;
}

export type Sysvec = 'CloudABI ELF64' | 'FreeBSD ELF64';

export interface ImageParams {
  readonly pid: Pid;
  readonly tid: Tid;
  readonly args: ImageArgs;
  vp: ExecVnode | null;
  interpreted: boolean;
  interpreterName: string | null;
  credentialSetid: boolean;
  newcred: Credentials | null;
  /** Set by exec_new_vmspace: from here on a failure is fatal. */
  vmspaceDestroyed: boolean;
  sysvec: Sysvec | null;
  elf: ElfContent | null;
}

export function newImageParams(pid: Pid, tid: Tid, args: ImageArgs): ImageParams {
  return {
    pid,
    tid,
    args,
    vp: null,
    interpreted: false,
    interpreterName: null,
    credentialSetid: false,
    newcred: null,
    vmspaceDestroyed: false,
    sysvec: null,
    elf: null,
  };
}
