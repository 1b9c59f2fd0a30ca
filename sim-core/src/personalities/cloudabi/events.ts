/**
 * Events only CloudABI has: the exec message as it moves (serialized, copied
 * in, each fd remapped), capability mode, the errno conversions on the way
 * back, and what the new program reads at startup.
 */
import type { Errno } from '../../model/errno.js';
import type { Pid } from '../../model/state.js';

export interface CloudabiEvents {
  /** Phase 1: the caller serialized the tree; data and fds are what proc_exec receives. */
  'argdata-serialized': {
    readonly kind: 'argdata-serialized';
    readonly pid: Pid;
    readonly via: 'program_exec' | 'cloudabi_sys_proc_exec' | 'execve';
    readonly datalen: number;
    readonly fds: readonly number[];
    /** Hex of the data (shortened in the middle when long). */
    readonly hex: string;
  };
  /** Phase 3: exec_copyin_data_fds copied the data and the fds array. */
  'exec-args-copied': {
    readonly kind: 'exec-args-copied';
    readonly pid: Pid;
    readonly datalen: number;
    readonly argc: number;
    readonly fdslen: number;
    readonly fdLastfile: number;
  };
  /** Phase 4: fdcopy_remapped put the caller's fd `from` into slot `slot` of the new table. */
  'fd-remapped': {
    readonly kind: 'fd-remapped';
    readonly pid: Pid;
    readonly slot: number;
    readonly from: number;
    readonly target: string;
    readonly cloexec: boolean;
  };
  /** fdescfree_remapped: a table that was never installed is dropped (references released, nothing closed). */
  'remapped-table-freed': { readonly kind: 'remapped-table-freed'; readonly pid: Pid; readonly count: number };
  /** cap_enter: from now on the process has no global namespaces. */
  'capability-mode-entered': { readonly kind: 'capability-mode-entered'; readonly pid: Pid };
  /** An errno turned into another on its way back to the program. */
  'errno-converted': { readonly kind: 'errno-converted'; readonly pid: Pid; readonly from: Errno; readonly to: Errno; readonly by: string };
  /** A program wrote a message to an fd (cloudabi-run and cloudabi-reexec report failures on stderr). */
  'program-output': { readonly kind: 'program-output'; readonly pid: Pid; readonly fd: number; readonly text: string };
  /** Phase 12: the new program's startup code read its argdata. */
  'argdata-received': {
    readonly kind: 'argdata-received';
    readonly pid: Pid;
    readonly argdatalen: number;
    /** The tree in one line, fds as numbers of the new program. */
    readonly tree: string;
  };
}

declare module '../../engine/events.js' {
  interface ExtEvents extends CloudabiEvents {}
}
