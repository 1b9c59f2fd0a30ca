/**
 * What a scenario can assert about the state after an action. The engine
 * evaluates them (engine/expectations.ts) and reports the values it saw.
 */
import type { Disposition, SignalName } from '../model/signals.js';
import type { Errno } from '../model/errno.js';
import type { Access, Credentials, TaskRef } from './scenario.js';

export type CredField = keyof Omit<Credentials, 'groups'> | 'groups';

/** One row of an exact fd table expectation. */
export interface FdRowSpec {
  readonly fd: number;
  /** Path of the file (or `socket:NAME`, `pipe:NAME`, `kqueue:NAME`). */
  readonly target: string;
  readonly access?: Access;
  readonly cloexec?: boolean;
}

export type CoreExpectationBody =
  | ({ readonly what: 'fd-open'; readonly fd: number } & TaskRef & Partial<Omit<FdRowSpec, 'fd'>>)
  | ({ readonly what: 'fd-closed'; readonly fd: number } & TaskRef)
  /** The task's whole fd table, slot by slot. */
  | ({ readonly what: 'fd-table'; readonly rows: readonly FdRowSpec[] } & TaskRef)
  | ({ readonly what: 'cred'; readonly field: CredField; readonly value: number | readonly number[] } & TaskRef)
  | ({ readonly what: 'pid'; readonly pid: number } & TaskRef)
  | ({ readonly what: 'ppid'; readonly ppid: number } & TaskRef)
  | ({ readonly what: 'tid'; readonly tid: number } & TaskRef)
  | ({ readonly what: 'comm'; readonly comm: string } & TaskRef)
  | ({ readonly what: 'exe'; readonly path: string } & TaskRef)
  | ({ readonly what: 'argv'; readonly argv: readonly string[] } & TaskRef)
  | ({ readonly what: 'umask'; readonly umask: number } & TaskRef)
  | ({ readonly what: 'cwd'; readonly path: string } & TaskRef)
  | ({ readonly what: 'threads'; readonly count: number } & TaskRef)
  | ({ readonly what: 'disposition'; readonly signal: SignalName; readonly disposition: Disposition } & TaskRef)
  | ({ readonly what: 'blocked'; readonly signals: readonly SignalName[] } & TaskRef)
  | ({ readonly what: 'pending'; readonly signals: readonly SignalName[] } & TaskRef)
  | ({ readonly what: 'auxv'; readonly key: 'AT_SECURE' | 'AT_EXECFD'; readonly value: number | null } & TaskRef)
  | ({ readonly what: 'state'; readonly state: 'running' | 'blocked' | 'exited' | 'killed' } & TaskRef)
  | ({ readonly what: 'killed'; readonly signal: SignalName } & TaskRef)
  | ({ readonly what: 'exited'; readonly status: number } & TaskRef)
  | ({ readonly what: 'memory'; readonly variable: string; readonly value: string | null } & TaskRef)
  /** The outcome of an earlier action: success, or the errno it returned. */
  | { readonly what: 'result'; readonly action: number; readonly outcome: 'ok' | Errno }
  /** Whether an action's exec crossed its point of no return. */
  | { readonly what: 'ponr'; readonly action: number; readonly crossed: boolean }
  /** The phase in which an action failed. */
  | { readonly what: 'failed-in'; readonly action: number; readonly phase: string };

/** Expectations only one system has, added by augmentation like ExtActions. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ExtExpectations {}

export type ExpectationBody = CoreExpectationBody | ExtExpectations[keyof ExtExpectations];

export type ExpectationKind = ExpectationBody['what'];
