/**
 * Calls only the Hurd personality has: posix_spawn as exec into a fresh task
 * (GLIBC sysdeps/mach/hurd/spawni.c), file_exec_paths into another task (what
 * _hurd_exec_paths does with a task that is not ours), and the steps of the
 * exec server's own boot (HURD libdiskfs/boot-start.c, exec/main.c).
 */
import type { SignalName } from '../../model/signals.js';
import type { Argv, OpenFlag } from '../../scenario/actions.js';

/** posix_spawn_file_actions_add*. */
export type SpawnFileAction =
  | { readonly action: 'close'; readonly fd: number }
  | { readonly action: 'dup2'; readonly fd: number; readonly newfd: number }
  | { readonly action: 'open'; readonly fd: number; readonly path: string; readonly flags: readonly OpenFlag[]; readonly mode?: number }
  | { readonly action: 'chdir'; readonly path: string }
  | { readonly action: 'fchdir'; readonly fd: number }
  | { readonly action: 'closefrom'; readonly fd: number };

export type SpawnFlag =
  | 'POSIX_SPAWN_SETSID'
  | 'POSIX_SPAWN_SETPGROUP'
  | 'POSIX_SPAWN_RESETIDS'
  | 'POSIX_SPAWN_SETSIGMASK'
  | 'POSIX_SPAWN_SETSIGDEF';

export const SPAWN_FLAGS: readonly SpawnFlag[] = ['POSIX_SPAWN_SETSID', 'POSIX_SPAWN_SETPGROUP', 'POSIX_SPAWN_RESETIDS', 'POSIX_SPAWN_SETSIGMASK', 'POSIX_SPAWN_SETSIGDEF'];

/** posix_spawnattr_t. */
export interface SpawnAttributes {
  readonly flags?: readonly SpawnFlag[];
  /** posix_spawnattr_setsigmask (used with POSIX_SPAWN_SETSIGMASK). */
  readonly sigmask?: readonly SignalName[];
  /** posix_spawnattr_setpgroup (used with POSIX_SPAWN_SETPGROUP). */
  readonly pgroup?: number;
}

export type HurdBootStep = 'start_execserver' | 'exec_init';

declare module '../../scenario/actions.js' {
  interface ExtActions {
    posix_spawn: {
      readonly call: 'posix_spawn';
      /** Scenario name of the new process. */
      readonly child: string;
      readonly path: string;
      readonly argv: Argv;
      readonly envp?: Argv;
      /** posix_spawnp: search $PATH (SPAWN_XFLAGS_USE_PATH). */
      readonly usePath?: boolean;
      /** SPAWN_XFLAGS_TRY_SHELL: run ENOEXEC files with /bin/sh. */
      readonly tryShell?: boolean;
      readonly fileActions?: readonly SpawnFileAction[];
      readonly attributes?: SpawnAttributes;
    };
    file_exec_paths: {
      readonly call: 'file_exec_paths';
      /** The task to exec in (its task port comes from proc_pid2task). */
      readonly target: string;
      /** The file to run, opened O_EXEC with the caller's ports… */
      readonly path?: string;
      /** …or the port of one of the caller's descriptors, used as it is (not reopened: no O_EXEC added). */
      readonly fd?: number;
      readonly argv: Argv;
      readonly envp?: Argv;
    };
    hurd_boot: {
      readonly call: 'hurd_boot';
      readonly step: HurdBootStep;
    };
  }
}

export function describeFileAction(a: SpawnFileAction): string {
  switch (a.action) {
    case 'close':
      return `close ${a.fd}`;
    case 'dup2':
      return `dup2 ${a.fd} ${a.newfd}`;
    case 'open':
      return `open ${a.fd} ${a.path} ${a.flags.join('|') || 'O_RDONLY'}`;
    case 'chdir':
      return `chdir ${a.path}`;
    case 'fchdir':
      return `fchdir ${a.fd}`;
    case 'closefrom':
      return `closefrom ${a.fd}`;
  }
}
