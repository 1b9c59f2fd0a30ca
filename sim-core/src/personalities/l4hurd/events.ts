/**
 * Events only the L4-Hurd protocol has: messages between the caller, the
 * filesystem, exec and the other servers; send rights on task objects granted
 * and revoked; object handles allocated and deallocated; the stack area.
 */
import type { EventBody } from '../../engine/events.js';
import type { Pid } from '../../model/state.js';
import type { L4Server } from './state.js';

declare module '../../engine/events.js' {
  interface ExtEvents {
    /** A message (IPC) from one party to another: `glibc (pid 100)` → `fs`: `file_exec`. */
    'l4hurd-rpc': { readonly kind: 'l4hurd-rpc'; readonly from: string; readonly to: string; readonly op: string };
    /** A send right on the task object of `pid` given to, or taken from, `holder`. */
    'l4hurd-holder': { readonly kind: 'l4hurd-holder'; readonly pid: Pid; readonly holder: string; readonly change: 'granted' | 'revoked' | 'dropped' };
    /** An object handle of `pid` in a server. */
    'l4hurd-handle': {
      readonly kind: 'l4hurd-handle';
      readonly pid: Pid;
      readonly handle: number;
      readonly server: L4Server;
      readonly object: string;
      readonly change: 'allocated' | 'deallocated' | 'reauthenticated';
    };
    /** exec wrote the startup data on the new task's stack. */
    'l4hurd-stack': { readonly kind: 'l4hurd-stack'; readonly pid: Pid; readonly summary: string };
    /** A script's interpreter: returned to the caller (non-secure) or found by exec (secure). */
    'l4hurd-interpreter': { readonly kind: 'l4hurd-interpreter'; readonly pid: Pid; readonly interpreter: string; readonly by: 'exec returns it to the caller' | 'exec looks it up in its own root' };
  }
}

export function describeL4Event(e: EventBody): string | undefined {
  switch (e.kind) {
    case 'l4hurd-rpc':
      return `${e.from} → ${e.to}: ${e.op}`;
    case 'l4hurd-holder':
      return e.change === 'granted'
        ? `pid ${e.pid}: ${e.holder} gets a send right on the task object`
        : `pid ${e.pid}: ${e.holder}'s send right on the task object ${e.change === 'revoked' ? 'is revoked' : 'is dropped'}`;
    case 'l4hurd-handle':
      return `pid ${e.pid}: handle #${e.handle} (${e.server}:${e.object}) ${e.change}`;
    case 'l4hurd-stack':
      return `pid ${e.pid}: stack area: ${e.summary}`;
    case 'l4hurd-interpreter':
      return `pid ${e.pid}: interpreter ${e.interpreter}: ${e.by}`;
    default:
      return undefined;
  }
}
