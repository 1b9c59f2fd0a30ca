/**
 * The Hurd's own events: every RPC (request and reply, with the rights the
 * messages carry and their dispositions) and every change of port rights
 * outside messages (deallocate, destroy, dead names, no-senders).
 */
import type { Pid } from '../../model/state.js';
import type { Disposition } from './mach-ports.js';
import type { PortId, PortName, SpaceId } from './state.js';

/** A task taking part in an RPC: its space, its process (if proc knows it) and a display label. */
export interface Party {
  /** null: the Mach kernel. */
  readonly space: SpaceId | null;
  readonly pid: Pid | null;
  readonly label: string;
}

/** One right in a message: where it came from, how, and the name it got at the other end. */
export interface RightMove {
  /** Its place in the message: `file`, `dtable[3]`, `portarray[AUTH]`, `task`. */
  readonly what: string;
  readonly disposition: Disposition;
  readonly port: PortId;
  /** Name in the sender's space (0: MACH_PORT_NULL, nothing carried). */
  readonly from: PortName;
  /** Name in the receiver's space. */
  readonly to: PortName;
}

export interface RpcRequestEvent {
  readonly kind: 'hurd-rpc';
  /** Call number within the run, pairs the request with its reply. */
  readonly call: number;
  readonly rpc: string;
  readonly from: Party;
  readonly to: Party;
  /** The destination port and its name in the sender's space. */
  readonly dest: { readonly port: PortId; readonly name: PortName; readonly label: string };
  readonly args: readonly string[];
  readonly rights: readonly RightMove[];
}

export interface RpcReplyEvent {
  readonly kind: 'hurd-reply';
  readonly call: number;
  readonly rpc: string;
  /** The server that replies. */
  readonly from: Party;
  readonly to: Party;
  /** `ok`, an errno name, or a Mach/MIG code. */
  readonly result: string;
  readonly out: readonly string[];
  readonly rights: readonly RightMove[];
}

export type RightsOp =
  | 'allocate'
  | 'insert'
  | 'deallocate'
  | 'destroy'
  | 'mod-refs'
  | 'dead-name'
  | 'port-died'
  | 'no-senders'
  | 'space-destroyed'
  | 'special-port';

export interface RightsEvent {
  readonly kind: 'hurd-rights';
  readonly op: RightsOp;
  readonly space: SpaceId | null;
  readonly pid: Pid | null;
  readonly names: readonly PortName[];
  readonly detail: string;
}

declare module '../../engine/events.js' {
  interface ExtEvents {
    'hurd-rpc': RpcRequestEvent;
    'hurd-reply': RpcReplyEvent;
    'hurd-rights': RightsEvent;
  }
}

export type HurdEvent = RpcRequestEvent | RpcReplyEvent | RightsEvent;
