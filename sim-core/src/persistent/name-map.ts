/**
 * The scenario's process names (`KernelState.names`: name → pid) as a
 * persistent map that still reads as a plain record. A fork adds one name; a
 * plain object copied per fork made the n-th fork cost O(n) (a run of 10k
 * forks spent most of its time copying names). Here adding a name copies one
 * path of two {@link IntMap} tries, O(log n), and every earlier state keeps
 * its own view.
 *
 * The record the state holds is a read-only Proxy over the map: `names[x]`,
 * `x in names`, `Object.keys/entries`, spreading and JSON see exactly the
 * entries, in insertion order, as they would on a plain object. Writing to it
 * throws; code that edits names copies them first (`{ ...names }`), as before.
 */
import { IntMap } from './int-map.js';

type Entry = readonly [name: string, value: number];

class NameTable {
  constructor(
    /** Entries by insertion number (the order Object.keys reports). */
    readonly bySeq: IntMap<Entry>,
    /** Insertion numbers by hash of the name (a bucket holds the rare collisions). */
    readonly byHash: IntMap<readonly number[]>,
    readonly nextSeq: number,
  ) {}

  seqOf(name: string): number {
    const bucket = this.byHash.get(hash(name));
    if (bucket) for (const seq of bucket) if (this.bySeq.get(seq)![0] === name) return seq;
    return -1;
  }

  get(name: string): number | undefined {
    const seq = this.seqOf(name);
    return seq < 0 ? undefined : this.bySeq.get(seq)![1];
  }

  with(name: string, value: number): NameTable {
    const seq = this.seqOf(name);
    if (seq >= 0) return new NameTable(this.bySeq.set(seq, [name, value]), this.byHash, this.nextSeq);
    const h = hash(name);
    const bucket = this.byHash.get(h);
    return new NameTable(this.bySeq.set(this.nextSeq, [name, value]), this.byHash.set(h, bucket ? [...bucket, this.nextSeq] : [this.nextSeq]), this.nextSeq + 1);
  }

  keys(): string[] {
    const out: string[] = [];
    this.bySeq.forEach((e) => void out.push(e[0]));
    return out;
  }
}

/** FNV-1a over UTF-16 units, kept below IntMap's key limit. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x3fffffff;
}

const tables = new WeakMap<object, NameTable>();

function readOnly(): never {
  throw new TypeError('process names are read-only: copy them ({ ...names }) to edit');
}

const handler: ProxyHandler<Record<string, number>> = {
  get(target, key, receiver) {
    if (typeof key === 'string') {
      const v = tables.get(proxyOf.get(target)!)!.get(key);
      if (v !== undefined) return v;
    }
    return Reflect.get(target, key, receiver);
  },
  has(target, key) {
    return (typeof key === 'string' && tables.get(proxyOf.get(target)!)!.seqOf(key) >= 0) || Reflect.has(target, key);
  },
  ownKeys(target) {
    return tables.get(proxyOf.get(target)!)!.keys();
  },
  getOwnPropertyDescriptor(target, key) {
    if (typeof key !== 'string') return undefined;
    const v = tables.get(proxyOf.get(target)!)!.get(key);
    return v === undefined ? undefined : { value: v, writable: false, enumerable: true, configurable: true };
  },
  set: readOnly,
  defineProperty: readOnly,
  deleteProperty: readOnly,
  setPrototypeOf: readOnly,
};

/** Each proxy's (empty) target, back to its proxy, for the traps that only get the target. */
const proxyOf = new WeakMap<object, object>();

/**
 * Node's inspector (console.log, assertion messages) shows a proxy's target
 * without running the traps: the target prints the entries instead (the hook
 * is found by its registered symbol name; nothing of Node is imported).
 */
const inspectHook = Symbol.for('nodejs.util.inspect.custom');
function inspectEntries(this: object): Record<string, number> {
  // Called on the target or, through the get trap, on the proxy itself.
  return { ...(proxyOf.get(this) ?? this) };
}

function view(table: NameTable): Readonly<Record<string, number>> {
  const target: Record<string, number> = {};
  Object.defineProperty(target, inspectHook, { value: inspectEntries, enumerable: false, configurable: true });
  const proxy = new Proxy(target, handler);
  tables.set(proxy, table);
  proxyOf.set(target, proxy);
  return proxy;
}

/**
 * `names` with `name` bound to `value`; `names` is unchanged. A plain record
 * is converted once (O(n)); after that each call costs O(log n).
 */
export function withName(names: Readonly<Record<string, number>>, name: string, value: number): Readonly<Record<string, number>> {
  let table = tables.get(names);
  if (!table) {
    table = new NameTable(IntMap.empty(), IntMap.empty(), 0);
    for (const [n, v] of Object.entries(names)) table = table.with(n, v);
  }
  return view(table.with(name, value));
}
