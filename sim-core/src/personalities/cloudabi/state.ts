/**
 * CloudABI's part of the kernel state: the exec messages in flight (the
 * argdata tree, its serialized bytes and the fds array, as they pass from the
 * caller's libc through the kernel to the new program) and what
 * cloudabi64_fixup left in each new program's memory.
 */
import type { Errno } from '../../model/errno.js';
import type { FilesId, KernelState, MmId, Pid, Tid } from '../../model/state.js';
import type { Argdata } from './argdata/value.js';

/** How far an exec message got (exec-reference §2, phases 1 to 12). */
export type ExecStage =
  /** Phase 1: serialized by the caller; the fds array is built. */
  | 'serialized'
  /** Phase 3: copied into the kernel's argument buffer with a NUL appended. */
  | 'copied-in'
  /** Phase 4: fdcopy_remapped built the new table (not installed yet). */
  | 'remapped'
  /** Phase 8: copied out to the new program's stack. */
  | 'copied-out'
  /** Phase 12: the new program read it. */
  | 'delivered'
  /** The exec failed; the message is gone with the error. */
  | 'failed';

export interface ExecMessage {
  /** Index of the scenario action that sent it. */
  readonly action: number;
  readonly pid: Pid;
  readonly tid: Tid;
  /** Who built it: cloudlibc's program_exec, a raw cloudabi_sys_proc_exec, or a native execve (cloudabi-run). */
  readonly via: 'program_exec' | 'cloudabi_sys_proc_exec' | 'execve';
  /** The executable: an fd (proc_exec) or a path (native execve). */
  readonly execfd: number | null;
  readonly path: string | null;
  /** The tree the caller serialized (null for a native execve's argv). */
  readonly tree: Argdata | null;
  /** The serialized bytes passed as data/datalen, in hex. */
  readonly data: string;
  readonly datalen: number;
  /** The fds array passed as fds/fdslen: caller fd numbers, index = fd in the new table. */
  readonly fds: readonly number[];
  readonly stage: ExecStage;
  /** The kernel's argc: NUL bytes in the copied buffer, the appended one included. */
  readonly argc?: number;
  /** fd_lastfile of the caller's table when the kernel looked (-1 when empty). */
  readonly fdLastfile?: number;
  /** The table fdcopy_remapped built, while it is not installed. */
  readonly newTable?: FilesId;
  /** Threads parked by thread_single(SINGLE_BOUNDARY) while the exec runs. */
  readonly parked?: readonly Tid[];
  /** The error the kernel returned, and what the caller finally saw after the conversions. */
  readonly kernelErrno?: Errno;
  readonly returnedErrno?: Errno;
  readonly failedPhase?: string;
}

/** One entry of the auxiliary vector cloudabi64_fixup writes; pointers are named, not numbered. */
export interface CloudabiAuxEntry {
  readonly type: CloudabiAuxType;
  readonly value: number | string;
}

export type CloudabiAuxType =
  | 'CLOUDABI_AT_ARGDATA'
  | 'CLOUDABI_AT_ARGDATALEN'
  | 'CLOUDABI_AT_BASE'
  | 'CLOUDABI_AT_CANARY'
  | 'CLOUDABI_AT_CANARYLEN'
  | 'CLOUDABI_AT_NCPUS'
  | 'CLOUDABI_AT_PAGESZ'
  | 'CLOUDABI_AT_PHDR'
  | 'CLOUDABI_AT_PHNUM'
  | 'CLOUDABI_AT_PID'
  | 'CLOUDABI_AT_SYSINFO_EHDR'
  | 'CLOUDABI_AT_TID';

export const CLOUDABI_AUX_TYPES: readonly CloudabiAuxType[] = [
  'CLOUDABI_AT_ARGDATA',
  'CLOUDABI_AT_ARGDATALEN',
  'CLOUDABI_AT_BASE',
  'CLOUDABI_AT_CANARY',
  'CLOUDABI_AT_CANARYLEN',
  'CLOUDABI_AT_NCPUS',
  'CLOUDABI_AT_PAGESZ',
  'CLOUDABI_AT_PHDR',
  'CLOUDABI_AT_PHNUM',
  'CLOUDABI_AT_PID',
  'CLOUDABI_AT_SYSINFO_EHDR',
  'CLOUDABI_AT_TID',
];

/** What a CloudABI image finds at startup. */
export interface CloudabiImage {
  readonly path: string;
  /** The bytes at CLOUDABI_AT_ARGDATA, CLOUDABI_AT_ARGDATALEN of them, in hex. */
  readonly argdata: string;
  readonly auxv: readonly CloudabiAuxEntry[];
}

export interface CloudabiState {
  /** Every exec message of the run, oldest first; those not delivered or failed are in flight. */
  readonly messages: readonly ExecMessage[];
  /** CloudABI images by address space. */
  readonly images: Readonly<Record<MmId, CloudabiImage>>;
}

declare module '../../model/state.js' {
  interface KernelExt {
    cloudabi?: CloudabiState;
  }
}

const EMPTY: CloudabiState = { messages: [], images: {} };

export function cloudabiOf(state: KernelState): CloudabiState {
  return state.ext.cloudabi ?? EMPTY;
}

export function withCloudabi(state: KernelState, fn: (c: CloudabiState) => CloudabiState): KernelState {
  return { ...state, ext: { ...state.ext, cloudabi: fn(cloudabiOf(state)) } };
}

/** The message of the exec running on this thread, if any. */
export function messageInFlight(state: KernelState, pid: Pid): ExecMessage | undefined {
  const msgs = cloudabiOf(state).messages;
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i]!;
    if (m.pid === pid && m.stage !== 'delivered' && m.stage !== 'failed') return m;
  }
  return undefined;
}

/** Replaces the newest message (the one being worked on). */
export function updateLastMessage(state: KernelState, fn: (m: ExecMessage) => ExecMessage): KernelState {
  return withCloudabi(state, (c) => {
    if (c.messages.length === 0) throw new Error('internal: no exec message');
    return { ...c, messages: [...c.messages.slice(0, -1), fn(c.messages[c.messages.length - 1]!)] };
  });
}

export function lastMessage(state: KernelState): ExecMessage | undefined {
  const msgs = cloudabiOf(state).messages;
  return msgs[msgs.length - 1];
}
