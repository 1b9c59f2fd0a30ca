/**
 * struct linux_binprm: what one exec carries from phase to phase
 * (include/linux/binfmts.h). Plain data, rebuilt as it changes.
 */
import type { Ino, Pid, Tid } from '../../model/state.js';
import type { Credentials } from '../../scenario/scenario.js';

/** A file opened by open_exec: the inode and the names it was found by. */
export interface ExecFile {
  readonly ino: Ino;
  /** Canonical path of the file (after symlinks). */
  readonly path: string;
  /** Last component of that path: the dentry name. */
  readonly dentry: string;
}

export type Unsafe = 'ptrace' | 'no_new_privs' | 'share';

export interface Bprm {
  readonly pid: Pid;
  readonly tid: Tid;
  /** bprm->filename: the name given, or /dev/fd/N[/name]. */
  filename: string;
  /** bprm->interp: what the next #! handler passes as the script name. */
  interp: string;
  /** The file the current handler looks at (the interpreter after a rewrite). */
  file: ExecFile;
  /** Set by a handler that wants another round (script or binfmt_misc interpreter). */
  interpreter: ExecFile | null;
  /** binfmt_misc O flag: the original binary, installed as AT_EXECFD at commit. */
  executable: ExecFile | null;
  haveExecfd: boolean;
  execfdCreds: boolean;
  /** BINPRM_FLAGS_PATH_INACCESSIBLE: named through a close-on-exec dirfd. */
  pathInaccessible: boolean;
  commFromDentry: boolean;
  argv: string[];
  envp: string[];
  /** Bytes of strings copied into the new stack so far, and the limit for them (bprm_stack_limits). */
  stringBytes: number;
  limit: number;
  rlimStack: number;
  cred: Credentials;
  unsafe: Set<Unsafe>;
  secureexec: boolean;
  pointOfNoReturn: boolean;
  /** The ELF program interpreter (PT_INTERP) opened by load_elf_binary. */
  elfInterp: ExecFile | null;
  execfd: number | null;
}

/** _STK_LIM: 8 MiB (include/uapi/linux/resource.h). */
export const STK_LIM = 8 * 1024 * 1024;
export const PAGE_SIZE = 4096;
/** ARG_MAX: 32 pages (include/uapi/linux/limits.h), the floor of the argument space. */
export const ARG_MAX = 32 * PAGE_SIZE;
/** MAX_ARG_STRLEN: one string, NUL included (include/uapi/linux/binfmts.h). */
export const MAX_ARG_STRLEN = 32 * PAGE_SIZE;
export const MAX_ARG_STRINGS = 0x7fffffff;
export const POINTER_SIZE = 8;
