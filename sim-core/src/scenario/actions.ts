/**
 * Scenario actions, named after the real calls. Each system runs the subset its
 * personality implements (personalities/registry.ts says which); the others are
 * rejected up front with the name of a system that has them.
 */
import type { Disposition, SignalName } from '../model/signals.js';
import type { Access } from './scenario.js';

export type ExecveatFlag = 'AT_EMPTY_PATH' | 'AT_SYMLINK_NOFOLLOW' | 'AT_EXECVE_CHECK' | 'AT_EXE_FILE';
export type OpenFlag =
  | 'O_RDONLY' | 'O_WRONLY' | 'O_RDWR' | 'O_EXEC' | 'O_PATH'
  | 'O_CLOEXEC' | 'O_CREAT' | 'O_TRUNC' | 'O_APPEND' | 'O_NONBLOCK' | 'O_DIRECTORY' | 'O_NOFOLLOW';
export type CloneFlag = 'CLONE_VM' | 'CLONE_VFORK' | 'CLONE_FILES' | 'CLONE_FS' | 'CLONE_SIGHAND' | 'CLONE_THREAD';

/** argv as given; null models a NULL argv pointer (argc == 0). */
export type Argv = readonly string[];

export type CoreActionCall =
  // exec family
  | { readonly call: 'execve'; readonly path: string; readonly argv: Argv; readonly envp?: Argv }
  | {
      readonly call: 'execveat';
      readonly dirfd: number | 'AT_FDCWD';
      readonly path: string;
      readonly argv: Argv;
      readonly envp?: Argv;
      readonly flags: readonly ExecveatFlag[];
    }
  | { readonly call: 'fexecve'; readonly fd: number; readonly argv: Argv; readonly envp?: Argv }
  // files
  | {
      readonly call: 'open';
      readonly path: string;
      readonly flags: readonly OpenFlag[];
      readonly mode?: number;
      readonly dirfd?: number | 'AT_FDCWD';
    }
  | { readonly call: 'close'; readonly fd: number }
  | { readonly call: 'dup'; readonly fd: number }
  | { readonly call: 'dup2'; readonly oldfd: number; readonly newfd: number }
  | { readonly call: 'dup3'; readonly oldfd: number; readonly newfd: number; readonly flags: readonly 'O_CLOEXEC'[] }
  | {
      readonly call: 'fcntl';
      readonly fd: number;
      readonly cmd: 'F_GETFD' | 'F_SETFD' | 'F_DUPFD' | 'F_DUPFD_CLOEXEC';
      readonly arg?: number;
    }
  | { readonly call: 'pipe'; readonly name: string; readonly flags: readonly 'O_CLOEXEC'[] }
  | { readonly call: 'chdir'; readonly path: string }
  | { readonly call: 'umask'; readonly mask: number }
  // processes and threads
  | { readonly call: 'fork'; readonly child: string }
  | { readonly call: 'vfork'; readonly child: string }
  | { readonly call: 'clone'; readonly child: string; readonly flags: readonly CloneFlag[] }
  /** `newThread` names the created thread (`thread`, from TaskRef, is the calling one). */
  | { readonly call: 'pthread_create'; readonly newThread: string }
  | { readonly call: 'exit'; readonly status: number }
  | { readonly call: 'store'; readonly variable: string; readonly value: string }
  // credentials and limits
  | { readonly call: 'setuid'; readonly uid: number }
  | { readonly call: 'setgid'; readonly gid: number }
  | { readonly call: 'prctl'; readonly option: 'PR_SET_NO_NEW_PRIVS' }
  | { readonly call: 'setrlimit'; readonly resource: 'RLIMIT_STACK' | 'RLIMIT_NPROC'; readonly value: number }
  // signals
  | { readonly call: 'sigaction'; readonly signal: SignalName; readonly disposition: Disposition }
  | {
      readonly call: 'sigprocmask';
      readonly how: 'SIG_BLOCK' | 'SIG_UNBLOCK' | 'SIG_SETMASK';
      readonly signals: readonly SignalName[];
    }
  | { readonly call: 'kill'; readonly target: string; readonly signal: SignalName };

/**
 * Calls only one system has. A personality adds its own by augmenting this interface
 * (`declare module '…/scenario/actions.js' { interface ExtActions { proc_exec: {call: 'proc_exec', …} } }`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ExtActions {}

export type ActionCall = CoreActionCall | ExtActions[keyof ExtActions];

export type ActionName = ActionCall['call'];

/** Accesses implied by open flags (O_RDONLY is 0, so absence of WRONLY/RDWR means read). */
export function accessOfOpenFlags(flags: readonly OpenFlag[]): Access {
  if (flags.includes('O_PATH')) return 'path';
  if (flags.includes('O_EXEC')) return 'exec';
  if (flags.includes('O_RDWR')) return 'rw';
  if (flags.includes('O_WRONLY')) return 'wo';
  return 'ro';
}
