/**
 * A persistent map from small non-negative integers to values: a 32-way radix
 * trie with path copying, so that every kernel state the engine records shares
 * all untouched structure with its neighbours. That makes a snapshot free and
 * lets time travel keep one state per event (see engine/tape.ts).
 *
 * Keys are fd numbers, pids, description ids, inode numbers and Mach port
 * names: dense-ish small integers, which a radix trie handles in O(log32 n).
 * Each node counts the entries below it, so the lowest free key (the kernel's
 * "lowest unused fd" rule) is found without scanning full subtrees.
 *
 * Immutable.js was measured first: closing half of a 1M-entry table took
 * ~290 ms, over the whole budget of an exec with 1M fds; this trie does it in
 * a few milliseconds because bulk edits ({@link IntMap.filter},
 * {@link IntMap.withMutations}) rewrite each leaf once.
 */

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
/** Keys are kept below 2^30 so that shifts stay in 32-bit integer range. */
export const INT_MAP_MAX_KEY = 2 ** 30 - 1;

interface Node<T> {
  /** Transient owner: a node whose owner is the current edit may be changed in place. */
  owner: object | null;
  /** Number of entries in this subtree (never 0 except for an emptied root). */
  count: number;
  /** Children (inner node) or values (leaf, shift 0); trailing holes are trimmed in leaves. */
  slots: Array<Node<T> | T | undefined>;
}

/** Number of keys a node at `shift` covers: 2^(shift + 5), at most 2^30. */
function capacityAt(shift: number): number {
  return 1 << (shift + BITS);
}

function isKey(key: number): boolean {
  return Number.isInteger(key) && key >= 0 && key <= INT_MAP_MAX_KEY;
}

function getIn<T>(root: Node<T> | undefined, shift: number, key: number): T | undefined {
  if (!root || !isKey(key) || key >= capacityAt(shift)) return undefined;
  let node: Node<T> = root;
  for (let s = shift; s > 0; s -= BITS) {
    const child = node.slots[(key >>> s) & MASK] as Node<T> | undefined;
    if (!child) return undefined;
    node = child;
  }
  return node.slots[key & MASK] as T | undefined;
}

export class IntMap<T> {
  private static readonly EMPTY = new IntMap<never>(undefined, 0);

  private constructor(
    private readonly root: Node<T> | undefined,
    /** Level of the root: 0 means the root is a leaf. */
    private readonly shift: number,
  ) {}

  static empty<T>(): IntMap<T> {
    return IntMap.EMPTY as IntMap<T>;
  }

  /** A map of the given entries (a later entry for the same key wins). */
  static from<T>(entries: Iterable<readonly [number, T]>): IntMap<T> {
    return IntMap.empty<T>().withMutations((m) => {
      for (const [k, v] of entries) m.set(k, v);
    });
  }

  /** Number of keys present. */
  get size(): number {
    return this.root ? this.root.count : 0;
  }

  get(key: number): T | undefined {
    return getIn(this.root, this.shift, key);
  }

  has(key: number): boolean {
    return getIn(this.root, this.shift, key) !== undefined;
  }

  /**
   * A map with `key` bound to `value`; this map is unchanged. One path of
   * at most six nodes is copied (the engine does this for almost every event,
   * so it does not go through a mutator).
   */
  set(key: number, value: T): IntMap<T> {
    if (!isKey(key)) throw new RangeError(`IntMap key out of range: ${key}`);
    if (value === undefined) throw new TypeError('IntMap values cannot be undefined; use delete');
    const old = getIn(this.root, this.shift, key);
    if (old === value) return this;
    let root = this.root;
    let shift = this.shift;
    while (key >= capacityAt(shift)) {
      if (root && root.count > 0) root = { owner: null, count: root.count, slots: [root] };
      shift += BITS;
    }
    return new IntMap(setIn(root, shift, key, value, old === undefined ? 1 : 0), shift);
  }

  /** A map without `key`; this map is unchanged (and returned as is when the key is absent). */
  delete(key: number): IntMap<T> {
    if (getIn(this.root, this.shift, key) === undefined) return this;
    return IntMap.make(deleteIn(this.root!, this.shift, key), this.shift);
  }

  /** Applies many edits, copying each touched node once. */
  withMutations(fn: (m: IntMapMutator<T>) => void): IntMap<T> {
    const m = new IntMapMutator<T>(this.root, this.shift);
    fn(m);
    return m.freeze();
  }

  /**
   * The entries for which `keep` holds, in one pass over the trie: untouched
   * subtrees are shared, each changed leaf is rewritten once. `keep` sees the
   * entries in key order, so it may also collect the ones it drops.
   */
  filter(keep: (value: T, key: number) => boolean): IntMap<T> {
    if (!this.root) return this;
    const root = filterNode(this.root, this.shift, 0, keep);
    if (root === this.root) return this;
    return IntMap.make(root, this.shift);
  }

  /**
   * Rewrites the entries at `keys` (ascending, no repeats) in one pass over
   * the trie: `update` gets the current value (undefined if absent) and returns
   * the new one, or undefined to delete. Each touched node is copied once, so
   * releasing 500k descriptions costs one walk, not 500k path copies.
   */
  updateMany(keys: ArrayLike<number>, update: (value: T | undefined, key: number) => T | undefined): IntMap<T> {
    const n = keys.length;
    if (n === 0) return this;
    for (let j = 0; j < n; j++) {
      const key = keys[j]!;
      if (!isKey(key)) throw new RangeError(`IntMap key out of range: ${key}`);
      if (j > 0 && key <= keys[j - 1]!) throw new RangeError('IntMap.updateMany needs ascending keys without repeats');
    }
    let root = this.root;
    let shift = this.shift;
    while (keys[n - 1]! >= capacityAt(shift)) {
      if (root && root.count > 0) root = { owner: null, count: root.count, slots: [root] };
      shift += BITS;
    }
    const patched = patchNode(root, shift, 0, keys, 0, n, update);
    if (patched === this.root) return this;
    return IntMap.make(patched, shift);
  }

  /** Smallest key present, or -1. */
  minKey(): number {
    let found = -1;
    this.forEach((_, k) => {
      found = k;
      return false;
    });
    return found;
  }

  /** Largest key present, or -1. */
  maxKey(): number {
    let node = this.root;
    if (!node || node.count === 0) return -1;
    let key = 0;
    for (let shift = this.shift; ; shift -= BITS) {
      let i = node.slots.length - 1;
      while (i >= 0 && node.slots[i] === undefined) i--;
      key += i * (1 << shift);
      if (shift === 0) return key;
      node = node.slots[i] as Node<T>;
    }
  }

  /** Smallest key >= from that is absent (the lowest free fd). */
  lowestFree(from = 0): number {
    return lowestFreeOf(this.root, this.shift, from);
  }

  /**
   * Visits entries in key order starting at `from`; the visitor returns false to stop.
   * Callback iteration: a generator costs several times more per entry.
   */
  forEach(visit: (value: T, key: number) => boolean | void, from = 0): void {
    if (this.root) visitNode(this.root, this.shift, 0, Math.max(0, from), visit);
  }

  /** Up to `count` entries with key >= from, in key order (paging in the debugger). */
  page(from: number, count: number): Array<[number, T]> {
    const out: Array<[number, T]> = [];
    if (count <= 0) return out;
    this.forEach((v, k) => {
      out.push([k, v]);
      return out.length < count;
    }, from);
    return out;
  }

  /**
   * Up to `count` entries starting at the `rank`-th one in key order (0-based):
   * paging by position, as the debugger's indexed variables ask for. Each node
   * counts its entries, so finding the start is O(log n), not a scan.
   */
  entriesAt(rank: number, count: number): Array<[number, T]> {
    if (!this.root || count <= 0 || !Number.isInteger(rank) || rank < 0 || rank >= this.root.count) return [];
    return this.page(keyAtRank(this.root, this.shift, 0, rank), count);
  }

  // Preallocated to the size: pushing into a large array is several times slower.
  keys(): number[] {
    const out = new Array<number>(this.size);
    let i = 0;
    this.forEach((_, k) => void (out[i++] = k));
    return out;
  }

  values(): T[] {
    const out = new Array<T>(this.size);
    let i = 0;
    this.forEach((v) => void (out[i++] = v));
    return out;
  }

  entries(): Array<[number, T]> {
    const out = new Array<[number, T]>(this.size);
    let i = 0;
    this.forEach((v, k) => void (out[i++] = [k, v]));
    return out;
  }

  toJSON(): Array<[number, T]> {
    return this.entries();
  }

  /** @internal a map of this trie, its root shrunk while it has only a first child (so equal maps have equal depths) */
  static make<T>(root: Node<T> | undefined, shift: number): IntMap<T> {
    if (!root || root.count === 0) return IntMap.empty<T>();
    while (shift > 0 && root.slots.length === 1) {
      root = root.slots[0] as Node<T>;
      shift -= BITS;
    }
    return new IntMap(root, shift);
  }
}

/** A transient view used inside {@link IntMap.withMutations}. */
export class IntMapMutator<T> {
  private owner: object = {};

  constructor(
    private root: Node<T> | undefined,
    private shift: number,
  ) {}

  get size(): number {
    return this.root ? this.root.count : 0;
  }

  get(key: number): T | undefined {
    return getIn(this.root, this.shift, key);
  }

  has(key: number): boolean {
    return getIn(this.root, this.shift, key) !== undefined;
  }

  lowestFree(from = 0): number {
    return lowestFreeOf(this.root, this.shift, from);
  }

  set(key: number, value: T): this {
    if (!isKey(key)) throw new RangeError(`IntMap key out of range: ${key}`);
    if (value === undefined) throw new TypeError('IntMap values cannot be undefined; use delete');
    const added = getIn(this.root, this.shift, key) === undefined;
    while (key >= capacityAt(this.shift)) {
      // Grow: the old root becomes child 0 of a new root.
      const old = this.root;
      this.shift += BITS;
      if (old && old.count > 0) this.root = { owner: this.owner, count: old.count, slots: [old] };
      else this.root = undefined;
    }
    let node: Node<T> = this.root ? this.writable(this.root) : { owner: this.owner, count: 0, slots: [] };
    this.root = node;
    if (added) node.count++;
    for (let shift = this.shift; shift > 0; shift -= BITS) {
      const i = (key >>> shift) & MASK;
      const child = node.slots[i] as Node<T> | undefined;
      const next: Node<T> = child ? this.writable(child) : { owner: this.owner, count: 0, slots: [] };
      if (added) next.count++;
      node.slots[i] = next;
      node = next;
    }
    node.slots[key & MASK] = value;
    return this;
  }

  delete(key: number): this {
    if (getIn(this.root, this.shift, key) === undefined) return this;
    let node = this.writable(this.root!);
    this.root = node;
    node.count--;
    for (let shift = this.shift; shift > 0; shift -= BITS) {
      const i = (key >>> shift) & MASK;
      const child = node.slots[i] as Node<T>;
      if (child.count === 1) {
        // The subtree holds only this key: drop it whole, so the trie stays proportional to its contents.
        dropSlot(node.slots, i);
        return this;
      }
      const next = this.writable(child);
      next.count--;
      node.slots[i] = next;
      node = next;
    }
    dropSlot(node.slots, key & MASK);
    return this;
  }

  freeze(): IntMap<T> {
    const map = IntMap.make(this.root, this.shift);
    // Later edits through this mutator must not change the frozen map.
    this.owner = {};
    return map;
  }

  private writable(node: Node<T>): Node<T> {
    if (node.owner === this.owner) return node;
    return { owner: this.owner, count: node.count, slots: node.slots.slice() };
  }
}

/** A copy of the path to `key` with `value` there; `added` is 1 when the key is new. */
function setIn<T>(node: Node<T> | undefined, shift: number, key: number, value: T, added: number): Node<T> {
  const slots = node ? node.slots.slice() : [];
  if (shift === 0) slots[key & MASK] = value;
  else {
    const i = (key >>> shift) & MASK;
    slots[i] = setIn(slots[i] as Node<T> | undefined, shift - BITS, key, value, added);
  }
  return { owner: null, count: (node ? node.count : 0) + added, slots };
}

/** A copy of the path to `key` without it; undefined when the subtree held only that key. */
function deleteIn<T>(node: Node<T>, shift: number, key: number): Node<T> | undefined {
  if (node.count === 1) return undefined;
  const slots = node.slots.slice();
  if (shift === 0) dropSlot(slots, key & MASK);
  else {
    const i = (key >>> shift) & MASK;
    const child = deleteIn(slots[i] as Node<T>, shift - BITS, key);
    if (child) slots[i] = child;
    else dropSlot(slots, i);
  }
  return { owner: null, count: node.count - 1, slots };
}

/** Empties slot i, trimming trailing holes so that `slots.length - 1` is the last child. */
function dropSlot(slots: unknown[], i: number): void {
  slots[i] = undefined;
  if (i !== slots.length - 1) return;
  let n = i;
  while (n > 0 && slots[n - 1] === undefined) n--;
  slots.length = n;
}

function filterNode<T>(
  node: Node<T>,
  shift: number,
  base: number,
  keep: (value: T, key: number) => boolean,
): Node<T> | undefined {
  const slots = node.slots;
  let out: Array<Node<T> | T | undefined> | undefined;
  let count = 0;
  if (shift === 0) {
    const n = slots.length;
    for (let i = 0; i < n; i++) {
      const v = slots[i];
      if (v === undefined) continue;
      if (keep(v as T, base + i)) {
        count++;
        if (out) out[i] = v;
      } else if (!out) {
        out = new Array(n);
        for (let j = 0; j < i; j++) out[j] = slots[j];
      }
    }
  } else {
    const span = 1 << shift;
    for (let i = 0; i < slots.length; i++) {
      const child = slots[i] as Node<T> | undefined;
      if (child === undefined) continue;
      const kept = filterNode(child, shift - BITS, base + i * span, keep);
      if (kept) count += kept.count;
      if (kept !== child && !out) out = slots.slice(0, i);
      if (out && kept) out[i] = kept;
    }
  }
  if (!out) return node;
  if (count === 0) return undefined;
  let n = out.length;
  while (n > 0 && out[n - 1] === undefined) n--;
  out.length = n;
  return { owner: null, count, slots: out };
}

function patchNode<T>(
  node: Node<T> | undefined,
  shift: number,
  base: number,
  keys: ArrayLike<number>,
  lo: number,
  hi: number,
  update: (value: T | undefined, key: number) => T | undefined,
): Node<T> | undefined {
  const old = node ? node.slots : [];
  let slots: Array<Node<T> | T | undefined> | undefined;
  let count = node ? node.count : 0;
  if (shift === 0) {
    for (let j = lo; j < hi; j++) {
      const key = keys[j]!;
      const i = key - base;
      const before = (slots ?? old)[i] as T | undefined;
      const after = update(before, key);
      if (after === before) continue;
      slots ??= old.slice();
      slots[i] = after;
      if (before === undefined) count++;
      else if (after === undefined) count--;
    }
  } else {
    const span = 1 << shift;
    for (let j = lo; j < hi; ) {
      const i = Math.floor((keys[j]! - base) / span);
      const end = base + (i + 1) * span;
      let k = j + 1;
      while (k < hi && keys[k]! < end) k++;
      const child = old[i] as Node<T> | undefined;
      const patched = patchNode(child, shift - BITS, base + i * span, keys, j, k, update);
      if (patched !== child) {
        slots ??= old.slice();
        slots[i] = patched;
        count += (patched ? patched.count : 0) - (child ? child.count : 0);
      }
      j = k;
    }
  }
  if (!slots) return node;
  if (count === 0) return undefined;
  let n = slots.length;
  while (n > 0 && slots[n - 1] === undefined) n--;
  slots.length = n;
  return { owner: null, count, slots };
}

function visitNode<T>(
  node: Node<T>,
  shift: number,
  base: number,
  from: number,
  visit: (value: T, key: number) => boolean | void,
): boolean {
  const slots = node.slots;
  let start = 0;
  if (from > base) {
    start = Math.floor((from - base) / (1 << shift));
    if (start >= WIDTH) return true;
  }
  if (shift === 0) {
    for (let i = start; i < slots.length; i++) {
      const v = slots[i];
      if (v !== undefined && visit(v as T, base + i) === false) return false;
    }
    return true;
  }
  const span = 1 << shift;
  for (let i = start; i < slots.length; i++) {
    const child = slots[i] as Node<T> | undefined;
    if (child && !visitNode(child, shift - BITS, base + i * span, from, visit)) return false;
  }
  return true;
}

/** Key of the `rank`-th entry (0-based) below `node`; the caller checks rank < node.count. */
function keyAtRank<T>(node: Node<T>, shift: number, base: number, rank: number): number {
  const slots = node.slots;
  for (let i = 0; i < slots.length; i++) {
    const child = slots[i];
    if (child === undefined) continue;
    if (shift === 0) {
      if (rank === 0) return base + i;
      rank--;
      continue;
    }
    const c = (child as Node<T>).count;
    if (rank < c) return keyAtRank(child as Node<T>, shift - BITS, base + i * (1 << shift), rank);
    rank -= c;
  }
  throw new Error('internal: rank beyond the entries of a node');
}

function lowestFreeOf<T>(root: Node<T> | undefined, shift: number, from: number): number {
  const start = Number.isInteger(from) && from > 0 ? from : 0;
  if (!root || root.count === 0 || start >= capacityAt(shift)) return start;
  const found = lowestFreeIn(root, shift, 0, start);
  return found === -1 ? capacityAt(shift) : found;
}

function lowestFreeIn<T>(node: Node<T>, shift: number, base: number, from: number): number {
  if (node.count === capacityAt(shift)) return -1;
  const span = 1 << shift;
  const start = from > base ? Math.floor((from - base) / span) : 0;
  for (let i = start; i < WIDTH; i++) {
    const lo = base + i * span;
    const child = node.slots[i];
    if (shift === 0) {
      if (child === undefined) return lo;
      continue;
    }
    if (child === undefined) return Math.max(lo, from);
    const found = lowestFreeIn(child as Node<T>, shift - BITS, lo, from);
    if (found !== -1) return found;
  }
  return -1;
}
