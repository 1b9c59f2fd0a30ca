/**
 * A scenario as plain JSON-able data: the world before the first action, the
 * ordered actions and the expectations checked between them. The scenario
 * language lowers to this type; the engine runs it; nothing here knows about
 * text, files or protocols.
 */
import type { Disposition, SignalName } from '../model/signals.js';
import type { Errno } from '../model/errno.js';
import type { ActionCall } from './actions.js';
import type { ExpectationBody } from './expectations.js';

export type SystemId = 'linux' | 'hurd' | 'cloudabi' | 'l4hurd';
export const SYSTEMS: readonly SystemId[] = ['linux', 'hurd', 'cloudabi', 'l4hurd'];

/** A source range, 1-based lines and columns, end exclusive. */
export interface SourceLoc {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface Scenario {
  readonly system: SystemId;
  /** Name of the file the scenario came from, for messages. */
  readonly file?: string;
  readonly machine: MachineSpec;
  readonly filesystem: FilesystemSpec;
  readonly tasks: readonly TaskSpec[];
  readonly actions: readonly ActionSpec[];
  readonly expectations: readonly ExpectationSpec[];
  /** System-specific world description (Hurd servers and boot state, …), owned by each personality. */
  readonly hurd?: HurdWorldSpec;
}

export interface MachineSpec {
  /** ELF machine of the host, e.g. "x86_64"; a binary for another machine gives ENOEXEC. */
  readonly arch: string;
  /** False for a !CONFIG_MMU kernel: fork() is unavailable, vfork() works. */
  readonly mmu: boolean;
  /** Linux version whose rules apply where they changed (e.g. "6.12"); see personalities/linux/version.ts. */
  readonly kernelVersion?: string;
  /** binfmt_misc registrations (Linux). */
  readonly binfmtMisc?: readonly BinfmtMiscSpec[];
  readonly loc?: SourceLoc;
}

export interface BinfmtMiscSpec {
  readonly name: string;
  /** Match by file name extension (E) or by magic bytes at offset 0 (M). */
  readonly match: { readonly extension: string } | { readonly magic: string };
  readonly interpreter: string;
  /** binfmt_misc flags: P preserve argv[0], O open binary (AT_EXECFD), C credentials, F fix binary. */
  readonly flags: readonly ('P' | 'O' | 'C' | 'F')[];
  readonly loc?: SourceLoc;
}

export interface FilesystemSpec {
  readonly mounts: readonly MountSpec[];
  readonly nodes: readonly FsNodeSpec[];
}

/** Hurd translator libraries answer file_exec differently (exec-reference §1.1 phase 8). */
export type HurdServerKind = 'libdiskfs' | 'libnetfs' | 'libtrivfs';

export interface MountSpec {
  readonly path: string;
  readonly fstype: string;
  readonly noexec?: boolean;
  readonly nosuid?: boolean;
  readonly readonly?: boolean;
  /** Hurd: the translator library serving the mount (default libdiskfs). */
  readonly server?: HurdServerKind;
  /** Hurd: the translator task's scenario name (default: the fstype, e.g. "ext2fs"). */
  readonly serverName?: string;
  readonly loc?: SourceLoc;
}

export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

interface NodeCommon {
  /** Absolute path. Missing parent directories are created 0755 root:root. */
  readonly path: string;
  /** Permission bits including S_ISUID (04000), S_ISGID (02000), sticky (01000). */
  readonly mode?: number;
  readonly owner?: Owner;
  readonly loc?: SourceLoc;
}

export type FsNodeSpec =
  | (NodeCommon & { readonly kind: 'file'; readonly content: FileContent; readonly writers?: number })
  | (NodeCommon & { readonly kind: 'dir' })
  | (NodeCommon & { readonly kind: 'device'; readonly device: 'char' | 'block' })
  | (NodeCommon & { readonly kind: 'fifo' })
  | (NodeCommon & { readonly kind: 'socket' })
  | (NodeCommon & { readonly kind: 'symlink'; readonly target: string });

export type FileContent = ElfContent | ScriptContent | DataContent;

/** The facts of an ELF file the exec paths look at. */
export interface ElfContent {
  readonly type: 'elf';
  readonly machine: string;
  readonly class?: 32 | 64;
  /** ELF OS ABI: CloudABI binaries carry ELFOSABI_CLOUDABI (17). */
  readonly osabi?: 'sysv' | 'gnu' | 'freebsd' | 'cloudabi';
  readonly elfType?: 'exec' | 'dyn';
  readonly entry?: number;
  /** PT_INTERP: the dynamic loader's path; absent for a static binary. */
  readonly interp?: string;
  /**
   * PT_LOAD segments as file offset + size (the Hurd rejects a segment ending at
   * or past EOF), with the memory size when it matters (one too big for the
   * address space makes the Hurd exec server's load fail with KERN_NO_SPACE).
   */
  readonly segments?: readonly { readonly offset: number; readonly filesz: number; readonly memsz?: number }[];
  /** File size in bytes. */
  readonly size?: number;
  /** PT_GNU_STACK asks for an executable stack. */
  readonly execStack?: boolean;
  /** Broken header (bad magic/class/version): the ELF loader says ENOEXEC. */
  readonly corrupt?: boolean;
}

/** A file starting with "#!": the exact bytes from the start of the file. */
export interface ScriptContent {
  readonly type: 'script';
  readonly text: string;
}

export interface DataContent {
  readonly type: 'data';
  readonly text?: string;
  readonly size?: number;
}

export interface Credentials {
  readonly uid: number;
  readonly euid: number;
  readonly suid: number;
  readonly fsuid: number;
  readonly gid: number;
  readonly egid: number;
  readonly sgid: number;
  readonly fsgid: number;
  readonly groups: readonly number[];
}

export interface TaskSpec {
  /** The scenario's name for the process (not its comm). */
  readonly name: string;
  readonly pid: number;
  readonly ppid?: number;
  /** Command name; defaults to the basename of exe, else the task name. */
  readonly comm?: string;
  /** Path of the program the task is running, if any. */
  readonly exe?: string;
  readonly creds?: Partial<Credentials>;
  readonly noNewPrivs?: boolean;
  readonly ptraced?: boolean;
  readonly cwd?: string;
  readonly root?: string;
  readonly umask?: number;
  readonly fds?: readonly FdSpec[];
  /** Threads besides the main thread (whose tid is the pid). */
  readonly threads?: readonly ThreadSpec[];
  readonly signals?: SignalsSpec;
  readonly rlimits?: { readonly stack?: number; readonly nproc?: number };
  /** Linux: what kind of task this is (a kernel thread cannot become a process by exec). */
  readonly kind?: 'user' | 'kernel-thread' | 'user-mode-thread';
  /** CloudABI: the process runs in capability mode. */
  readonly capabilityMode?: boolean;
  readonly hurd?: HurdTaskSpec;
  readonly loc?: SourceLoc;
}

export type Access = 'ro' | 'wo' | 'rw' | 'exec' | 'path';

export type FdTargetSpec =
  | { readonly path: string }
  | { readonly socket: string }
  | { readonly pipe: string; readonly end: 'read' | 'write' }
  | { readonly kqueue: string };

export interface FdSpec {
  readonly fd: number;
  /** What the fd refers to; absent with dupOf. */
  readonly target?: FdTargetSpec;
  readonly access?: Access;
  readonly cloexec?: boolean;
  readonly statusFlags?: readonly string[];
  /** Shares the open file description of this earlier fd of the same task (as dup does). */
  readonly dupOf?: number;
  /** CloudABI capability rights on the fd; absent means all. */
  readonly rights?: readonly string[];
  readonly loc?: SourceLoc;
}

export interface ThreadSpec {
  readonly name: string;
  readonly tid?: number;
  readonly blocked?: readonly SignalName[];
  readonly loc?: SourceLoc;
}

export interface SignalsSpec {
  /** Blocked mask of the main thread. */
  readonly blocked?: readonly SignalName[];
  readonly pending?: readonly SignalName[];
  readonly dispositions?: Readonly<Partial<Record<SignalName, Disposition>>>;
}

/**
 * Hurd-only task state (personalities/hurd). Everything has a default derived
 * from the generic task spec, so a Hurd task needs none of it.
 */
export interface HurdTaskSpec {
  /**
   * The id vectors of the task's auth port (HURD auth/auth.c: struct authhandle).
   * Default from creds: effective uids [euid], available uids [uid, suid],
   * effective gids [egid, ...groups], available gids [gid, sgid].
   */
  readonly auth?: IdVectorsSpec;
  /** Extra rights in the task's port namespace, besides the ones glibc holds. */
  readonly ports?: readonly PortSpec[];
  /** Path of the terminal that is the task's controlling tty (INIT_PORT_CTTYID); fds open on it get a ctty port. */
  readonly ctty?: string;
  /** INIT_PORT_BOOTSTRAP and the task's bootstrap special port: none (a normal program) or a port of another task. */
  readonly bootstrap?: { readonly task: string; readonly name: number };
  readonly loc?: SourceLoc;
}

/** Effective and available uid/gid vectors of an auth port (HURD libshouldbeinlibc/idvec.h). */
export interface IdVectorsSpec {
  readonly euids: readonly number[];
  readonly auids: readonly number[];
  readonly egids: readonly number[];
  readonly agids: readonly number[];
}

/** A right a task holds under a name of its choosing (Mach port names are per task). */
export interface PortSpec {
  /** Port name in the task's namespace (1 to 2^30 - 1). */
  readonly name: number;
  /** What the port stands for, as the debugger shows it. */
  readonly label: string;
  readonly right: 'send' | 'receive' | 'send-once' | 'dead-name' | 'port-set';
  /** User references of a send right or dead name (default 1). */
  readonly refs?: number;
  /**
   * For a send or send-once right: the port is the one another task holds the
   * receive right for, under this name (so destroying it there makes a dead name here).
   */
  readonly peer?: { readonly task: string; readonly name: number };
  readonly loc?: SourceLoc;
}

/** The Hurd servers' state before the first action (exec-reference §1.3). */
export interface HurdWorldSpec {
  /**
   * Whether the exec server has its standard ports and ints (exec_setexecdata
   * has run). Default true; false makes EXEC_SECURE and EXEC_DEFAULTS execs fail with EIEIO.
   */
  readonly execServerReady?: boolean;
  /** Whether a server answers on /servers/exec (default true; false: file_exec gives EOPNOTSUPP). */
  readonly execServer?: boolean;
  /**
   * Start at boot: the exec server task exists but is suspended with no
   * bootstrap port and no standard ports; the `hurd_boot` actions run §1.3.
   */
  readonly boot?: boolean;
  /** The standard umask the exec server gives a secure exec (std_ints[INIT_UMASK]; default 022). */
  readonly standardUmask?: number;
  readonly loc?: SourceLoc;
}

/** Which task (and optionally which thread) issues an action or is inspected. */
export interface TaskRef {
  readonly task: string;
  readonly thread?: string;
}

export type ActionSpec = TaskRef & {
  /** Position in the scenario's action list. */
  readonly index: number;
  readonly loc: SourceLoc;
  /** Optional name for the action, used by expectations and the debugger. */
  readonly label?: string;
} & ActionCall;

export type ExpectationSpec = {
  readonly index: number;
  /** Index of the action this expectation follows; -1 checks the initial state. */
  readonly after: number;
  readonly loc: SourceLoc;
} & ExpectationBody;

export type { ActionCall, ExpectationBody, Errno };
