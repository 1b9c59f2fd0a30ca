/**
 * The simulated kernel's state: plain readonly records and persistent int maps,
 * never mutated in place. Each event the engine records keeps the state after
 * it, so time travel is a lookup (engine/tape.ts).
 */
import type { IntMap } from '../persistent/int-map.js';
import type { Disposition, SignalName, SignalSet } from './signals.js';
import type {
  Access,
  Credentials,
  FileContent,
  HurdServerKind,
  MachineSpec,
  SystemId,
} from '../scenario/scenario.js';

export type Pid = number;
export type Tid = number;
export type Fd = number;
export type DescId = number;
export type Ino = number;
export type FilesId = number;
export type MmId = number;

export interface KernelState {
  readonly system: SystemId;
  readonly machine: MachineSpec;
  readonly fs: FsState;
  /** Open file descriptions, shared by dup/fork, counted by the slots that point at them. */
  readonly descriptions: IntMap<OpenFileDescription>;
  /** fd tables (Linux files_struct): tasks created with CLONE_FILES share one. */
  readonly fdTables: IntMap<FdTable>;
  /** Address spaces: a vfork child borrows its parent's until exec or exit. */
  readonly mms: IntMap<AddressSpace>;
  /** Processes by pid (thread group id). */
  readonly tasks: IntMap<Task>;
  /** Scenario names of processes → pid. */
  readonly names: Readonly<Record<string, Pid>>;
  readonly next: { readonly pid: Pid; readonly desc: DescId; readonly files: FilesId; readonly mm: MmId; readonly ino: Ino };
  /** Personality-owned global state (Hurd ports and servers, …), plain data. */
  readonly ext: KernelExt;
}

/**
 * Per-system extensions of the state. Each personality adds its own fields by
 * module augmentation (`declare module '…/model/state.js' { interface KernelExt { hurd?: … } }`),
 * so the core types stay closed while personalities stay typed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KernelExt {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TaskExt {}

// ---------------------------------------------------------------- filesystem

export type InodeKind = 'file' | 'dir' | 'device' | 'fifo' | 'socket' | 'symlink';

export interface Inode {
  readonly ino: Ino;
  readonly kind: InodeKind;
  /** Permission bits incl. setuid/setgid/sticky. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Which mount the inode lives on (index into FsState.mounts). */
  readonly mount: number;
  readonly content?: FileContent;
  /** Directory entries: name → inode. */
  readonly entries?: Readonly<Record<string, Ino>>;
  readonly parent?: Ino;
  readonly target?: string;
  /** Writers outside the scenario (the scenario said the file is busy). */
  readonly externalWriters: number;
  /** Open file descriptions with write access to this inode (deny_write_access → ETXTBSY). */
  readonly writers: number;
}

export interface Mount {
  readonly path: string;
  readonly fstype: string;
  readonly noexec: boolean;
  readonly nosuid: boolean;
  readonly readonly: boolean;
  readonly server: HurdServerKind;
  /** Inode of the mount point directory (the root of this mount). */
  readonly root: Ino;
}

export interface FsState {
  readonly inodes: IntMap<Inode>;
  readonly rootIno: Ino;
  readonly mounts: readonly Mount[];
}

// ---------------------------------------------------------------- open files

export type DescTarget =
  | { readonly kind: 'file'; readonly ino: Ino; readonly path: string }
  | { readonly kind: 'socket'; readonly name: string }
  | { readonly kind: 'pipe'; readonly name: string; readonly end: 'read' | 'write' }
  | { readonly kind: 'kqueue'; readonly name: string };

export interface OpenFileDescription {
  readonly id: DescId;
  readonly target: DescTarget;
  readonly access: Access;
  readonly statusFlags: readonly string[];
  readonly offset: number;
  /** Number of fd slots (in every table) that point here. */
  readonly refs: number;
  /** CloudABI capability rights; absent means all rights. */
  readonly rights?: readonly string[];
}

export interface FdSlot {
  readonly desc: DescId;
  /** Close-on-exec belongs to the slot, not the description (dup clears it). */
  readonly cloexec: boolean;
}

export interface FdTable {
  readonly id: FilesId;
  readonly slots: IntMap<FdSlot>;
  /** Tasks using this table (CLONE_FILES sharers). */
  readonly users: number;
}

// ---------------------------------------------------------------- memory

export interface Mapping {
  readonly name: string;
  readonly kind: 'text' | 'data' | 'interp' | 'stack' | 'heap' | 'vdso' | 'guard';
}

export interface AddressSpace {
  readonly id: MmId;
  /** Path of the program image mapped, null for a kernel thread's (borrowed) nothing. */
  readonly image: string | null;
  readonly mappings: readonly Mapping[];
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  readonly auxv: Readonly<Partial<Record<AuxKey, number>>>;
  /** Named variables a scenario stored into this memory (vfork children share them). */
  readonly variables: Readonly<Record<string, string>>;
  /** Tasks using this address space. */
  readonly users: number;
}

export type AuxKey = 'AT_SECURE' | 'AT_EXECFD' | 'AT_ENTRY' | 'AT_BASE' | 'AT_UID' | 'AT_EUID' | 'AT_GID' | 'AT_EGID' | 'AT_PAGESZ';

// ---------------------------------------------------------------- tasks

export type ThreadState =
  | { readonly state: 'running' }
  /** Waiting for something another task does (a vfork parent until the child execs or exits). */
  | { readonly state: 'blocked'; readonly reason: string; readonly until: 'vfork-done'; readonly child: Pid };

export interface Thread {
  readonly tid: Tid;
  /** Scenario name ("main" for the thread created with the process). */
  readonly name: string;
  readonly blocked: SignalSet;
  readonly run: ThreadState;
}

export type TaskStatus =
  | { readonly state: 'running' }
  | { readonly state: 'exited'; readonly status: number }
  | { readonly state: 'killed'; readonly signal: SignalName };

export interface SignalState {
  /** Dispositions that are not SIG_DFL. */
  readonly dispositions: Readonly<Partial<Record<SignalName, Exclude<Disposition, 'default'>>>>;
  /** Process-wide pending set. */
  readonly pending: SignalSet;
}

export interface Task {
  readonly pid: Pid;
  readonly ppid: Pid;
  readonly name: string;
  readonly comm: string;
  readonly exe: string | null;
  readonly kind: 'user' | 'kernel-thread' | 'user-mode-thread';
  readonly leader: Tid;
  readonly threads: readonly Thread[];
  readonly creds: Credentials;
  readonly noNewPrivs: boolean;
  readonly ptraced: boolean;
  readonly cwd: string;
  readonly root: string;
  readonly umask: number;
  /** The fd table; -1 once the process has ended (exit_files). */
  readonly files: FilesId;
  /** The address space; -1 once the process has ended (exit_mm). */
  readonly mm: MmId;
  readonly signals: SignalState;
  readonly rlimits: { readonly stack: number; readonly nproc: number | null };
  /** PF_NPROC_EXCEEDED: set by an earlier set*uid over RLIMIT_NPROC. */
  readonly nprocExceeded: boolean;
  readonly capabilityMode: boolean;
  readonly status: TaskStatus;
  /** Set while this task is a vfork child that has not yet released its parent. */
  readonly vforkParent: { readonly pid: Pid; readonly tid: Tid } | null;
  /** Personality-owned per-task state (Hurd port namespace, dtable, …). */
  readonly ext: TaskExt;
}
