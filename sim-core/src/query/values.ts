/**
 * What the query language returns: typed values with a short display text,
 * the expression that names them (`shell.fd[3]`) and, for what may be changed
 * mid-run, a setter that turns the new text into an edit of the state.
 *
 * Records and tables are lazy: a table knows its size and hands out pages, so
 * a 1M-entry fd table is shown without ever listing its rows.
 */
import type { KernelState } from '../model/state.js';
import type { IntMap } from '../persistent/int-map.js';

/** A "what if" change of the state, applied by Engine.edit at the cursor. */
export interface EditPlan {
  /** Recorded as the user-edit event: `shell: fd 3 close-on-exec cleared`. */
  readonly description: string;
  readonly apply: (state: KernelState) => KernelState;
}

/** Parses the text a user typed for a value and plans the edit (throws QueryError on bad text). */
export type Setter = (text: string) => EditPlan;

interface Common {
  /** Type name shown by the debugger: `fd`, `uid`, `task`, `signal set`. */
  readonly type: string;
  /** A query expression that evaluates to this value again (the debugger's evaluateName). */
  readonly path?: string;
  readonly set?: Setter;
  /** Display under its key in a table, when shorter than the display on its own. */
  readonly brief?: string;
  /** What a data breakpoint compares when the display alone would miss a change (an fd's description). */
  readonly identity?: string;
}

export interface QField {
  readonly name: string;
  readonly value: QValue;
}

export type QValue =
  | (Common & { readonly kind: 'number'; readonly value: number; readonly display: string })
  | (Common & { readonly kind: 'string'; readonly value: string; readonly display: string })
  | (Common & { readonly kind: 'bool'; readonly value: boolean; readonly display: string })
  /** Nothing there: a closed fd, a task that does not exist yet, an absent auxv entry. */
  | (Common & { readonly kind: 'none'; readonly display: string })
  | (Common & {
      readonly kind: 'record';
      readonly display: string;
      /** The fields shown when the value is expanded. */
      fields(): readonly QField[];
      /** A field by name, including aliases that are not listed (`shell.euid` for `shell.creds.euid`). */
      field(name: string): QValue | undefined;
      /** Names `field` accepts besides the listed ones, for completion. */
      readonly aliases?: readonly string[];
      /** Number of fields listed, when known without building them. */
      readonly count?: number;
    })
  | (Common & {
      readonly kind: 'table';
      readonly display: string;
      /** Number of entries (fds open, list items, port names). */
      readonly size: number;
      /** Entries by position in key order: `count` of them from position `start`. */
      entries(start: number, count: number): ReadonlyArray<readonly [number, QValue]>;
      /** The entry with this key, or undefined when there is none. */
      at(key: number): QValue | undefined;
      /** What a missing key reads as: `closed` for an fd table. */
      readonly missing?: string;
      /** Named views of the table (`ports(shell).send`: the names holding send rights). */
      member?(name: string): QValue | undefined;
      /** The names `member` knows, for completion and messages. */
      readonly members?: readonly string[];
    });

export type QKind = QValue['kind'];

type Opts = Omit<Common, 'type'> & { readonly type?: string };

// The constructors build objects of one fixed shape per kind (no conditional spreads): a
// page of a large table builds thousands of them, and stable shapes keep that fast.

export function num(value: number, opts: Opts & { display?: string } = {}): QValue {
  return { kind: 'number', value, type: opts.type ?? 'number', display: opts.display ?? String(value), path: opts.path, set: opts.set, brief: opts.brief, identity: opts.identity };
}

export function str(value: string, opts: Opts & { display?: string } = {}): QValue {
  return { kind: 'string', value, type: opts.type ?? 'string', display: opts.display ?? value, path: opts.path, set: opts.set, brief: opts.brief, identity: opts.identity };
}

export function bool(value: boolean, opts: Opts = {}): QValue {
  return { kind: 'bool', value, type: opts.type ?? 'bool', display: value ? 'true' : 'false', path: opts.path, set: opts.set, brief: opts.brief, identity: opts.identity };
}

export function none(display: string, opts: Opts = {}): QValue {
  return { kind: 'none', type: opts.type ?? 'none', display, path: opts.path, set: opts.set, brief: opts.brief, identity: opts.identity };
}

export function record(
  type: string,
  display: string,
  fields: () => readonly QField[],
  opts: Omit<Opts, 'type'> & {
    lookup?: (name: string) => QValue | undefined;
    aliases?: readonly string[];
    /** How many fields `fields()` lists, when known without building them. */
    count?: number;
  } = {},
): QValue {
  let cached: readonly QField[] | undefined;
  const list = () => (cached ??= fields());
  const lookup = opts.lookup;
  return {
    kind: 'record',
    type,
    display,
    fields: list,
    field: (name) => lookup?.(name) ?? list().find((f) => f.name === name)?.value,
    aliases: opts.aliases,
    count: opts.count,
    path: opts.path,
    set: opts.set,
    brief: opts.brief,
    identity: opts.identity,
  };
}

/** A list as a table keyed 0..n-1. */
export function list(type: string, items: readonly QValue[], opts: Omit<Opts, 'type'> & { display?: string } = {}): QValue {
  return {
    kind: 'table',
    type,
    display: opts.display ?? `[${items.map((i) => i.brief ?? i.display).join(', ')}]`,
    size: items.length,
    entries: (start, count) => items.slice(Math.max(0, start), Math.max(0, start) + Math.max(0, count)).map((v, i) => [start + i, v] as const),
    at: (key) => (Number.isInteger(key) ? items[key] : undefined),
    missing: 'out of range',
    path: opts.path,
    set: opts.set,
    brief: opts.brief,
    identity: opts.identity,
  };
}

/** A table over a persistent int map: size and pages come straight from the map, rows are built on demand. */
export function intTable<T>(
  type: string,
  map: IntMap<T>,
  row: (key: number, value: T) => QValue,
  opts: Omit<Opts, 'type'> & { display: string; missing: string; member?: (name: string) => QValue | undefined; members?: readonly string[] },
): QValue {
  return {
    kind: 'table',
    type,
    display: opts.display,
    size: map.size,
    entries: (start, count) => map.entriesAt(Math.max(0, start), count).map(([k, v]) => [k, row(k, v)] as const),
    at: (key) => {
      if (!Number.isInteger(key) || key < 0) return undefined;
      const v = map.get(key);
      return v === undefined ? undefined : row(key, v);
    },
    missing: opts.missing,
    member: opts.member,
    members: opts.members,
    path: opts.path,
    set: opts.set,
    brief: opts.brief,
    identity: opts.identity,
  };
}

/** Number of fields a record lists (without building them when the record knows). */
export function fieldCount(v: Extract<QValue, { kind: 'record' }>): number {
  return v.count ?? v.fields().length;
}

/** What a value reads as under its key in a table or record. */
export function briefOf(v: QValue): string {
  return v.brief ?? v.display;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifier(name: string): boolean {
  return IDENT.test(name);
}

/** The expression naming a field of `parent`: `shell.euid`, or `shell.memory.variables["a-b"]`. */
export function fieldPath(parent: string | undefined, name: string): string | undefined {
  if (parent === undefined) return undefined;
  return isIdentifier(name) ? `${parent}.${name}` : `${parent}[${JSON.stringify(name)}]`;
}

export function indexPath(parent: string | undefined, key: number): string | undefined {
  return parent === undefined ? undefined : `${parent}[${key}]`;
}

/** Truthiness for breakpoint conditions: false, 0, "" and nothing are false. */
export function truthy(v: QValue): boolean {
  switch (v.kind) {
    case 'bool':
      return v.value;
    case 'number':
      return v.value !== 0;
    case 'string':
      return v.value !== '';
    case 'none':
      return false;
    case 'record':
      return true;
    case 'table':
      return v.size > 0;
  }
}

/** The key two values compare by with == and !=: the primitive, or the display text of a composite. */
export function equalityKey(v: QValue): string | number | boolean | null {
  switch (v.kind) {
    case 'bool':
    case 'number':
    case 'string':
      return v.value;
    case 'none':
      return null;
    default:
      return v.display;
  }
}

/** `0755`: modes and umasks are octal. */
export function octal(n: number, width = 4): string {
  return n.toString(8).padStart(width, '0');
}
