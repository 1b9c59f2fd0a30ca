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
  readonly server?: HurdServerKind;
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
  /** PT_LOAD segments as file offset + size (the Hurd rejects a segment ending at or past EOF). */
  readonly segments?: readonly { readonly offset: number; readonly filesz: number }[];
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

/** Hurd-only task state: extra port rights and auth id vectors (filled in by the Hurd personality). */
export interface HurdTaskSpec {
  readonly auth?: IdVectorsSpec;
  readonly ports?: readonly PortSpec[];
}

export interface IdVectorsSpec {
  readonly euids: readonly number[];
  readonly auids: readonly number[];
  readonly egids: readonly number[];
  readonly agids: readonly number[];
}

export interface PortSpec {
  /** Port name in the task's namespace. */
  readonly name: number;
  readonly label: string;
  readonly right: 'send' | 'receive' | 'send-once' | 'dead-name' | 'port-set';
  readonly refs?: number;
  readonly loc?: SourceLoc;
}

/** Hurd world state: whether the exec server already has its standard ports (§1.3). */
export interface HurdWorldSpec {
  readonly execServerReady?: boolean;
  readonly bootSequence?: boolean;
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
