/**
 * Id vectors (HURD libshouldbeinlibc/idvec.c), as pure functions on readonly
 * arrays. By Hurd convention the available ids start with the real id and
 * the saved id: avail[0] = real, avail[1] = saved; eff[0] is the effective id
 * (GLIBC sysdeps/mach/hurd/getresuid.c reads them that way).
 */

export type IdVec = readonly number[];

export function contains(v: IdVec, id: number): boolean {
  return v.includes(id);
}

/** idvec_tail_contains. */
function tailContains(v: IdVec, pos: number, id: number): boolean {
  for (let i = pos; i < v.length; i++) if (v[i] === id) return true;
  return false;
}

/** idvec_merge_ids: appends each id not present in the vector as it was (duplicates among `ids` are kept). */
export function mergeIds(v: IdVec, ids: IdVec): number[] {
  const out = [...v];
  for (const id of ids) if (!v.includes(id)) out.push(id);
  return out;
}

/** idvec_add_new. */
export function addNew(v: IdVec, id: number): number[] {
  return v.includes(id) ? [...v] : [...v, id];
}

/** idvec_insert: past the end, the gap is filled with zeros. */
export function insert(v: IdVec, pos: number, id: number): number[] {
  const out = [...v];
  while (out.length < pos) out.push(0);
  out.splice(pos, 0, id);
  return out;
}

/** idvec_remove: drops every occurrence of `id` at or after `pos`. */
export function remove(v: IdVec, pos: number, id: number): number[] {
  return v.filter((x, i) => i < pos || x !== id);
}

/** idvec_insert_only: `id` at `pos`, and nowhere after it. */
export function insertOnly(v: IdVec, pos: number, id: number): number[] {
  if (v.length > pos && v[pos] === id) return [...v];
  return insert(remove(v, pos, id), pos, id);
}

export interface SetIdResult {
  readonly eff: number[];
  readonly avail: number[];
  /** True if `id` was in neither vector before (idvec_setid's SECURE). */
  readonly secure: boolean;
}

/**
 * idvec_setid: `id` replaces eff[0]; the old eff[0] is kept as an available
 * id; if there are available ids, `id` also becomes avail[1] (the saved id).
 */
export function setid(eff: IdVec, avail: IdVec, id: number): SetIdResult {
  const secure = !contains(eff, id) && !contains(avail, id);
  let e: number[];
  let a: number[];
  if (eff.length > 0) {
    a = addNew(avail, eff[0]!);
    e = [id, ...eff.slice(1)];
  } else {
    a = [...avail];
    e = [id];
  }
  if (a.length > 0) a = insertOnly(a, 1, id);
  return { eff: e, avail: a, secure };
}

export function idsText(v: IdVec): string {
  return v.length ? v.join(' ') : '-';
}

export { tailContains };
