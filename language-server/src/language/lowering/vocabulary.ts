/**
 * The closed sets of words the language checks names against. Each list is
 * tied to the sim-core type it feeds, and the compiler checks that the list
 * covers the type, so the language cannot drift from the simulator.
 */
import type { CloneFlag, ExecveatFlag, OpenFlag } from '../../../../sim-core/src/scenario/actions.js';
import type { CoreActionCall } from '../../../../sim-core/src/scenario/actions.js';
import type { Access, ElfContent, SystemId } from '../../../../sim-core/src/scenario/scenario.js';

/** Compile-time check that a list names every member of a union. */
type Covers<Union, List extends readonly Union[]> = [Exclude<Union, List[number]>] extends [never] ? List : never;

type Extract2<C extends CoreActionCall['call'], K extends string> = Extract<CoreActionCall, { call: C }> extends infer A
  ? A extends Record<K, infer V>
    ? V
    : never
  : never;

export const SYSTEM_NAMES = ['linux', 'hurd', 'cloudabi', 'l4hurd'] as const satisfies Covers<SystemId, readonly SystemId[]>;

// AT_EXE_FILE is not here: it was proposed (SEEDS 002) and never merged (lowering/actions.ts says so).
export const EXECVEAT_FLAGS = ['AT_EMPTY_PATH', 'AT_SYMLINK_NOFOLLOW', 'AT_EXECVE_CHECK'] as const;
const _execveat: Covers<Exclude<ExecveatFlag, 'AT_EXE_FILE'>, typeof EXECVEAT_FLAGS> = EXECVEAT_FLAGS;

export const OPEN_FLAGS = [
  'O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_EXEC', 'O_PATH',
  'O_CLOEXEC', 'O_CREAT', 'O_TRUNC', 'O_APPEND', 'O_NONBLOCK', 'O_DIRECTORY', 'O_NOFOLLOW',
] as const;
const _open: Covers<OpenFlag, typeof OPEN_FLAGS> = OPEN_FLAGS;

export const CLONE_FLAGS = ['CLONE_VM', 'CLONE_VFORK', 'CLONE_FILES', 'CLONE_FS', 'CLONE_SIGHAND', 'CLONE_THREAD'] as const;
const _clone: Covers<CloneFlag, typeof CLONE_FLAGS> = CLONE_FLAGS;

export const CLOEXEC_FLAGS = ['O_CLOEXEC'] as const;

export const FCNTL_COMMANDS = ['F_GETFD', 'F_SETFD', 'F_DUPFD', 'F_DUPFD_CLOEXEC'] as const;
const _fcntl: Covers<Extract2<'fcntl', 'cmd'>, typeof FCNTL_COMMANDS> = FCNTL_COMMANDS;

export const SIGPROCMASK_HOWS = ['SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'] as const;
const _how: Covers<Extract2<'sigprocmask', 'how'>, typeof SIGPROCMASK_HOWS> = SIGPROCMASK_HOWS;

export const RLIMIT_RESOURCES = ['RLIMIT_STACK', 'RLIMIT_NPROC'] as const;
const _rlimit: Covers<Extract2<'setrlimit', 'resource'>, typeof RLIMIT_RESOURCES> = RLIMIT_RESOURCES;

export const PRCTL_OPTIONS = ['PR_SET_NO_NEW_PRIVS'] as const;
const _prctl: Covers<Extract2<'prctl', 'option'>, typeof PRCTL_OPTIONS> = PRCTL_OPTIONS;

export const ACCESS_MODES = ['ro', 'wo', 'rw', 'exec', 'path'] as const;
const _access: Covers<Access, typeof ACCESS_MODES> = ACCESS_MODES;

/** File status flags an fd of the initial world may carry (what open keeps of its flags). */
export const STATUS_FLAGS = ['O_APPEND', 'O_NONBLOCK'] as const;

export const ELF_OSABIS = ['sysv', 'gnu', 'freebsd', 'cloudabi'] as const;
const _osabi: Covers<NonNullable<ElfContent['osabi']>, typeof ELF_OSABIS> = ELF_OSABIS;

export const BINFMT_MISC_FLAGS = ['P', 'O', 'C', 'F'] as const;

/**
 * The program interpreter a dynamically linked glibc binary names in PT_INTERP, by
 * machine (glibc sysdeps/unix/sysv/linux/{x86_64,i386,aarch64}/ldconfig.h:
 * SYSDEP_KNOWN_INTERPRETER_NAMES). `elf dynamic` uses it; other machines write `interp PATH`.
 */
export const STANDARD_LOADERS: Readonly<Record<string, string>> = {
  x86_64: '/lib64/ld-linux-x86-64.so.2',
  i386: '/lib/ld-linux.so.2',
  aarch64: '/lib/ld-linux-aarch64.so.1',
};

void [_execveat, _open, _clone, _fcntl, _how, _rlimit, _prctl, _access, _osabi];

/** Task kinds (kernel/fork.c: PF_KTHREAD for kernel_thread, none for user_mode_thread). */
export const TASK_KINDS = ['user', 'kernel-thread', 'user-mode-thread'] as const;

/** Where copy_thread makes a new task resume (arch/x86/kernel/process.c: copy_thread). */
export const RESUME_POINTS = ['ret_from_fork', 'ret_from_kernel_thread'] as const;
