/**
 * The Hurd's state as plain readonly data: Mach ports and the port namespace
 * of every task, the servers, and the per-process state glibc keeps in the
 * task's memory. Added to the core state by module augmentation (KernelExt,
 * TaskExt); the core views (fd table, creds, cwd, umask, signals) mirror it.
 *
 * Sources: HURD hurd/hurd_types.h (INIT_PORT_*, INIT_*, EXEC_*), GNU Mach
 * ipc/ipc_entry.h (a name's rights and user references), GLIBC hurd/hurd.h,
 * hurd/fd.h (_hurd_ports, _hurd_dtable).
 */
import type { IntMap } from '../../persistent/int-map.js';
import type { DescId, DescTarget, Pid, Tid } from '../../model/state.js';
import type { HurdServerKind } from '../../scenario/scenario.js';

export type PortId = number;
/** A Mach task and its IPC space share one id. */
export type SpaceId = number;
/** A name in one task's port namespace; 0 is MACH_PORT_NULL. */
export type PortName = number;
export type PeropenId = number;

export const MACH_PORT_NULL = 0;

/** HURD hurd/hurd_types.h: indices of the port array passed through exec. */
export const INIT_PORT = { CWDIR: 0, CRDIR: 1, AUTH: 2, PROC: 3, CTTYID: 4, BOOTSTRAP: 5 } as const;
export const INIT_PORT_MAX = 6;
export const INIT_PORT_NAMES = ['CWDIR', 'CRDIR', 'AUTH', 'PROC', 'CTTYID', 'BOOTSTRAP'] as const;
export type InitPortName = (typeof INIT_PORT_NAMES)[number];

/** HURD hurd/hurd_types.h: indices of the int array passed through exec. */
export const INIT_INT = { UMASK: 0, SIGMASK: 1, SIGIGN: 2, SIGPENDING: 3, TRACEMASK: 4 } as const;
export const INIT_INT_MAX = 5;
export const INIT_INT_NAMES = ['UMASK', 'SIGMASK', 'SIGIGN', 'SIGPENDING', 'TRACEMASK'] as const;

/** HURD hurd/hurd_types.h: exec flags. */
export const EXEC_NEWTASK = 0x1;
export const EXEC_SECURE = 0x2;
export const EXEC_DEFAULTS = 0x4;
export const EXEC_SIGTRAP = 0x8;
export const EXEC_STACK_ARGS = 0x10;

/** The standard umask when the exec server has none (HURD: CMASK, 022). */
export const CMASK = 0o022;

export function execFlagsText(flags: number): string {
  const names: string[] = [];
  if (flags & EXEC_NEWTASK) names.push('EXEC_NEWTASK');
  if (flags & EXEC_SECURE) names.push('EXEC_SECURE');
  if (flags & EXEC_DEFAULTS) names.push('EXEC_DEFAULTS');
  if (flags & EXEC_SIGTRAP) names.push('EXEC_SIGTRAP');
  if (flags & EXEC_STACK_ARGS) names.push('EXEC_STACK_ARGS');
  return names.length ? names.join('|') : '0';
}

/** Effective and available id vectors of an auth handle (HURD auth/auth.c: struct authhandle). */
export interface AuthIds {
  readonly euids: readonly number[];
  readonly auids: readonly number[];
  readonly egids: readonly number[];
  readonly agids: readonly number[];
}

/** How a file was opened: the peropen's openmodes (O_READ, O_WRITE, O_EXEC). */
export interface OpenModes {
  readonly read: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}

/** What a port stands for. */
export type PortObject =
  /** A Mach task's kernel port. */
  | { readonly kind: 'task'; readonly task: SpaceId }
  /** A Mach thread's kernel port. */
  | { readonly kind: 'thread'; readonly task: SpaceId; readonly tid: Tid }
  /** A protid: a peropen seen with one user's ids (libdiskfs/libnetfs/libtrivfs). */
  | { readonly kind: 'io'; readonly peropen: PeropenId; readonly uids: readonly number[]; readonly gids: readonly number[] }
  /** The terminal's ctty port for one descriptor (term_open_ctty). */
  | { readonly kind: 'ctty'; readonly peropen: PeropenId; readonly tty: string }
  /** The terminal's id port (INIT_PORT_CTTYID). */
  | { readonly kind: 'cttyid'; readonly tty: string }
  | { readonly kind: 'auth'; readonly ids: AuthIds }
  /** A process port of the proc server. */
  | { readonly kind: 'proc'; readonly pid: Pid }
  /** The exec server's bootinfo for one exec, or the root fs's execboot port at boot. */
  | { readonly kind: 'execboot'; readonly boot: BootInfo | null }
  /** A protid of the exec server on /servers/exec (libtrivfs). */
  | { readonly kind: 'exec'; readonly isroot: boolean }
  /** A translator's control port (fsys). */
  | { readonly kind: 'fsys' }
  /** A task's signal port (glibc _hurd_msgport). */
  | { readonly kind: 'msgport'; readonly pid: Pid }
  /** A thread's MIG reply port. */
  | { readonly kind: 'reply'; readonly tid: Tid }
  /** A Mach device (the console). */
  | { readonly kind: 'device'; readonly device: string }
  /** A port a scenario declared. */
  | { readonly kind: 'plain' }
  | { readonly kind: 'port-set' };

export type PortKind = PortObject['kind'];

export type Receiver = { readonly space: SpaceId; readonly name: PortName } | 'kernel';

export interface Port {
  readonly id: PortId;
  readonly object: PortObject;
  /** Short display, e.g. `io /bin/su (read exec)`. */
  readonly label: string;
  /** Who holds the receive right (a task's space and its name there), the kernel, or nobody (a dead port). */
  readonly receiver: Receiver | null;
  /**
   * Send rights outstanding: one per namespace entry holding send rights
   * (whatever its user references), plus one per kernel-held copy such as a
   * task's bootstrap special port (GNU Mach ipc/ipc_port.h: ip_srights).
   */
  readonly srights: number;
  readonly sorights: number;
  /** Whether the receiver asked for a no-senders notification (libports does for its objects). */
  readonly noSendersArmed: boolean;
}

/** One name in a namespace (GNU Mach ipc/ipc_entry.h: type bits and user references). */
export interface PortEntry {
  readonly name: PortName;
  readonly port: PortId;
  /** User references of the send right; 0: no send right. */
  readonly send: number;
  readonly receive: boolean;
  readonly sendOnce: boolean;
  /** User references of a dead name; 0: not a dead name. */
  readonly dead: number;
  readonly portSet: boolean;
}

/** A persistent stack of freed names (GNU Mach reuses the last freed entry first: is_free_list). */
export interface FreeNames {
  readonly name: PortName;
  readonly next: FreeNames | null;
}

export interface PortSpace {
  readonly id: SpaceId;
  readonly entries: IntMap<PortEntry>;
  /** Port → the name denoting it here (send/receive/dead name; send-once rights each have their own name). */
  readonly byPort: IntMap<PortName>;
  readonly free: FreeNames | null;
  /** Lowest name never allocated (rdxtree_insert_alloc hands out fresh keys in order). */
  readonly nextName: PortName;
}

export interface MachTask {
  readonly id: SpaceId;
  /** The task's kernel port. */
  readonly port: PortId;
  /** The proc server's process for this task (the core Task), null once terminated. */
  readonly pid: Pid | null;
  /** task_set_name: "argv0(pid)". */
  readonly name: string;
  readonly suspend: number;
  /** TASK_BOOTSTRAP_PORT: the kernel holds one send right (counted in the port's srights). */
  readonly bootstrap: PortId | null;
  readonly alive: boolean;
  /** Kernel ports of the task's threads, by tid. */
  readonly threadPorts: Readonly<Record<number, PortId>>;
}

/** A peropen: one open of a node (the POSIX open file description), shared by protids. */
export interface Peropen {
  readonly id: PeropenId;
  /** Space of the server that implements it, or the kernel for a device. */
  readonly server: SpaceId | 'kernel';
  /** The node (or socket, pipe) opened, as the core fd table shows it. */
  readonly target: DescTarget;
  /** Display path: the file's path or `socket:NAME`, `pipe:NAME[end]`. */
  readonly path: string;
  readonly modes: OpenModes;
  /** The core open file description currently standing for this peropen (stale once freed). */
  readonly desc: DescId | null;
}

/**
 * struct bootinfo (HURD exec/priv.h): what the exec server keeps for one exec
 * until the new program asks for it. Port entries are names in the exec
 * server's own space; 0 is MACH_PORT_NULL.
 */
export interface BootInfo {
  readonly flags: number;
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  readonly dtable: readonly PortName[];
  readonly portarray: readonly PortName[];
  readonly intarray: readonly number[];
  readonly entry: number;
  readonly phdr: number;
  readonly stackBase: number;
  /** Set by S_exec_startup_get_info: a second call gets empty arrays. */
  readonly taken: boolean;
}

export type ServerRole = 'proc' | 'auth' | 'exec' | 'fs' | 'pflocal';

export interface ServerInfo {
  readonly role: ServerRole;
  /** For a filesystem: the library and the mount it serves. */
  readonly library?: HurdServerKind;
  readonly mount?: number;
  /** libdiskfs _diskfs_exec_portcell / libnetfs _netfs_exec: the cached exec server port (a name here). */
  readonly execPort?: PortName;
  /** The fs's privileged auth port (diskfs_auth_server_port), a name here. */
  readonly authPort?: PortName;
  /** exec: the server's own proc port (procserver), a name here. */
  readonly procPort?: PortName;
  /** exec: std_ports / std_ints set by exec_setexecdata; null until then (EIEIO for secure execs). */
  readonly std?: { readonly ports: readonly PortName[]; readonly ints: readonly number[] } | null;
  /** exec: whether it was started (boot) and serves /servers/exec. */
  readonly serving?: boolean;
  /** Root fs during boot: the exec server's control port once fsys_startup arrived (diskfs_exec_ctl). */
  readonly execControl?: PortName;
}

/** What the proc server keeps about a process (HURD proc/proc.h: struct proc). */
export interface ProcRecord {
  readonly pid: Pid;
  /** The process port (p->p_pi): its receive right is in proc's space. */
  readonly port: PortId;
  /** The Mach task the process is (p->p_task). */
  readonly task: SpaceId;
  /** The message port given by proc_setmsgport (a name in proc's space), 0 if none. */
  readonly msgport: PortName;
  /** proc_child was called (p_parentset). */
  readonly parentSet: boolean;
  /** proc_set_exe. */
  readonly exe: string | null;
  /** proc_mark_exec has been called since the process was created. */
  readonly execed: boolean;
  /** proc_mark_stop: stopped with this signal. */
  readonly stopped: string | null;
}

/** Global Hurd state: KernelState.ext.hurd. */
export interface HurdWorld {
  /** The proc server's processes by pid. */
  readonly procs: IntMap<ProcRecord>;
  readonly ports: IntMap<Port>;
  readonly spaces: IntMap<PortSpace>;
  readonly tasks: IntMap<MachTask>;
  readonly peropens: IntMap<Peropen>;
  readonly servers: IntMap<ServerInfo>;
  /** Well-known server tasks (space ids). */
  readonly proc: SpaceId;
  readonly auth: SpaceId;
  readonly exec: SpaceId;
  /** Filesystem server of each mount (index as in FsState.mounts). */
  readonly fs: readonly SpaceId[];
  readonly pflocal: SpaceId | null;
  readonly next: { readonly port: PortId; readonly space: SpaceId; readonly peropen: PeropenId; readonly call: number };
}

/** One descriptor in glibc's table (GLIBC hurd/fd.h: struct hurd_fd). */
export interface HurdFd {
  readonly port: PortName;
  /** The ctty port for a descriptor on our controlling terminal, else 0. */
  readonly ctty: PortName;
  readonly cloexec: boolean;
}

/** What glibc keeps in the task's memory (gone when the exec server trashes it). */
export interface GlibcState {
  /** _hurd_dtable: fd → descriptor. */
  readonly dtable: IntMap<HurdFd>;
  /** _hurd_ports[INIT_PORT_*]: names in the task's space, 0 for null. */
  readonly ports: readonly PortName[];
  /** _hurdsig_traced: PTRACE_TRACEME sets every bit. */
  readonly traced: boolean;
  /** _hurd_exec_flags as the exec server gave them. */
  readonly execFlags: number;
  /** glibc's cached __mach_task_self_. */
  readonly taskSelf: PortName;
  /** _hurd_msgport: the signal thread's receive right. */
  readonly msgport: PortName;
}

/** Per process: TaskExt.hurd. */
export interface HurdTask {
  /** The Mach task the process runs in now. */
  readonly task: SpaceId;
  /** The Mach task it had when the scenario started (or when it was created). */
  readonly originalTask: SpaceId;
  /** null while glibc's memory is gone (after the exec server trashed it, before the new program starts). */
  readonly glibc: GlibcState | null;
  /** Set for the Hurd's own servers. */
  readonly server?: ServerRole;
}

declare module '../../model/state.js' {
  interface KernelExt {
    hurd?: HurdWorld;
  }
  interface TaskExt {
    hurd?: HurdTask;
  }
}
