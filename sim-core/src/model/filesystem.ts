/**
 * The simulated filesystem: inodes in a persistent map, directories as name →
 * inode records, mounts with their flags, path walking with the Linux limits
 * (fs/namei.c: link_path_walk, MAXSYMLINKS = 40; include/uapi/linux/limits.h:
 * NAME_MAX = 255, PATH_MAX = 4096) and the DAC permission rules
 * (fs/namei.c: generic_permission; root needs one x bit to execute).
 */
import { IntMap } from '../persistent/int-map.js';
import type { Errno } from './errno.js';
import type { Credentials, FileContent, FilesystemSpec, FsNodeSpec, MountSpec } from '../scenario/scenario.js';
import type { FsState, Ino, Inode, InodeKind, Mount } from './state.js';

export const NAME_MAX = 255;
export const PATH_MAX = 4096;
export const MAXSYMLINKS = 40;

export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;

export function defaultMode(node: FsNodeSpec): number {
  switch (node.kind) {
    case 'dir':
      return 0o755;
    case 'device':
      return 0o666;
    case 'symlink':
      return 0o777;
    case 'fifo':
    case 'socket':
      return 0o644;
    case 'file':
      return node.content.type === 'data' ? 0o644 : 0o755;
  }
}

const SLASH = 0x2f;

const ROOT_MOUNT: MountSpec = { path: '/', fstype: 'rootfs' };

/** Splits an absolute or relative path into components, dropping empty ones and ".". */
export function pathComponents(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

/** Lexical join used for cwd-relative names in messages and bprm->filename. */
export function joinPath(dir: string, name: string): string {
  if (isAbsolute(name)) return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Canonical absolute path without symlink resolution ("." and ".." folded lexically). */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const c of pathComponents(path)) {
    if (c === '..') out.pop();
    else out.push(c);
  }
  return '/' + out.join('/');
}

export function dirname(path: string): string {
  const n = normalizePath(path);
  const i = n.lastIndexOf('/');
  return i <= 0 ? '/' : n.slice(0, i);
}

/** The last non-empty component ("/" when there is none), found by scanning: an exec asks this of every name. */
export function basename(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === SLASH) end--;
  if (end === 0) return '/';
  const start = path.lastIndexOf('/', end - 1) + 1;
  return start === 0 && end === path.length ? path : path.slice(start, end);
}

/** Builds the initial filesystem; the scenario validator has already rejected bad specs. */
export function buildFilesystem(spec: FilesystemSpec): FsState {
  const mounts: MountSpec[] = [ROOT_MOUNT, ...spec.mounts.filter((m) => m.path !== '/')];
  const rootSpec = spec.mounts.find((m) => m.path === '/');
  if (rootSpec) mounts[0] = rootSpec;
  let next = 1;
  const inodes = new Map<Ino, Inode>();
  const rootIno = next++;
  inodes.set(rootIno, makeInode(rootIno, 'dir', 0o755, 0, 0, 0, undefined, rootIno));

  function mountIndexFor(path: string): number {
    let best = 0;
    let bestLen = 0;
    mounts.forEach((m, i) => {
      const p = normalizePath(m.path);
      if ((path === p || path.startsWith(p === '/' ? '/' : p + '/')) && p.length >= bestLen) {
        best = i;
        bestLen = p.length;
      }
    });
    return best;
  }

  function ensureDir(path: string): Ino {
    let cur = rootIno;
    let curPath = '';
    for (const name of pathComponents(path)) {
      curPath += '/' + name;
      const dir = inodes.get(cur)!;
      const existing = dir.entries?.[name];
      if (existing !== undefined) {
        cur = existing;
        continue;
      }
      const ino = next++;
      inodes.set(ino, makeInode(ino, 'dir', 0o755, 0, 0, mountIndexFor(curPath), undefined, cur));
      inodes.set(cur, { ...dir, entries: { ...dir.entries, [name]: ino } });
      cur = ino;
    }
    return cur;
  }

  const mountRoots: Ino[] = mounts.map((m) => ensureDir(normalizePath(m.path)));

  for (const node of spec.nodes) {
    const path = normalizePath(node.path);
    if (node.kind === 'dir') {
      const ino = ensureDir(path);
      const d = inodes.get(ino)!;
      inodes.set(ino, { ...d, mode: node.mode ?? 0o755, uid: node.owner?.uid ?? 0, gid: node.owner?.gid ?? 0 });
      continue;
    }
    const parent = ensureDir(dirname(path));
    const name = basename(path);
    const dir = inodes.get(parent)!;
    const ino = dir.entries?.[name] ?? next++;
    const base = makeInode(
      ino,
      node.kind,
      node.mode ?? defaultMode(node),
      node.owner?.uid ?? 0,
      node.owner?.gid ?? 0,
      mountIndexFor(path),
      node.kind === 'file' ? node.content : undefined,
      parent,
    );
    inodes.set(ino, {
      ...base,
      ...(node.kind === 'symlink' ? { target: node.target } : {}),
      externalWriters: node.kind === 'file' ? (node.writers ?? 0) : 0,
    });
    inodes.set(parent, { ...dir, entries: { ...dir.entries, [name]: ino } });
  }

  const mountStates: Mount[] = mounts.map((m, i) => ({
    path: normalizePath(m.path),
    fstype: m.fstype,
    noexec: m.noexec ?? false,
    nosuid: m.nosuid ?? false,
    readonly: m.readonly ?? false,
    server: m.server ?? 'libdiskfs',
    root: mountRoots[i]!,
  }));
  return { inodes: IntMap.from(inodes), rootIno, mounts: mountStates };
}

function makeInode(
  ino: Ino,
  kind: InodeKind,
  mode: number,
  uid: number,
  gid: number,
  mount: number,
  content: FileContent | undefined,
  parent: Ino,
): Inode {
  return {
    ino,
    kind,
    mode,
    uid,
    gid,
    mount,
    parent,
    ...(content ? { content } : {}),
    ...(kind === 'dir' ? { entries: {} } : {}),
    externalWriters: 0,
    writers: 0,
  };
}

// ---------------------------------------------------------------- permission

export interface PermissionMask {
  readonly read?: boolean;
  readonly write?: boolean;
  readonly exec?: boolean;
}

/**
 * generic_permission: the owner, group or other class decides; the fs ids are
 * the ones checked. uid 0 stands for CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH: it
 * may read, write and search anything, but executes a non-directory only if
 * some x bit is set (fs/namei.c: generic_permission).
 */
export function permits(inode: Inode, creds: Credentials, mask: PermissionMask): boolean {
  if (creds.fsuid === 0) {
    if (mask.exec && inode.kind !== 'dir') return (inode.mode & 0o111) !== 0;
    return true;
  }
  let bits: number;
  if (creds.fsuid === inode.uid) bits = (inode.mode >> 6) & 7;
  else if (creds.fsgid === inode.gid || creds.groups.includes(inode.gid)) bits = (inode.mode >> 3) & 7;
  else bits = inode.mode & 7;
  if (mask.read && !(bits & 4)) return false;
  if (mask.write && !(bits & 2)) return false;
  if (mask.exec && !(bits & 1)) return false;
  return true;
}

// ---------------------------------------------------------------- lookup

export interface LookupOptions {
  /** Absolute path of the starting directory for relative names (cwd or dirfd's directory). */
  readonly base: string;
  /** The task's root directory. */
  readonly root: string;
  readonly creds: Credentials;
  /** Follow a symlink in the last component (false for O_NOFOLLOW / AT_SYMLINK_NOFOLLOW). */
  readonly followFinal: boolean;
  /** Search permission is not checked (kernel-internal lookups such as the Hurd exec server's own). */
  readonly noPermission?: boolean;
}

export type LookupResult =
  | { readonly ok: true; readonly ino: Ino; readonly inode: Inode; readonly path: string }
  | { readonly ok: false; readonly errno: Errno; readonly detail: string };

function fail(errno: Errno, detail: string): LookupResult {
  return { ok: false, errno, detail };
}

export function inodeAt(fs: FsState, ino: Ino): Inode {
  const inode = fs.inodes.get(ino);
  if (!inode) throw new Error(`internal: no inode ${ino}`);
  return inode;
}

export function mountOf(fs: FsState, inode: Inode): Mount {
  return fs.mounts[inode.mount]!;
}

/**
 * The last few lookups and their results. A lookup is a pure function of the
 * filesystem record (never changed in place), the name and the options; a
 * program opening and exec'ing the same few names again and again, with the
 * filesystem unchanged in between, finds them here instead of walking them.
 * A fixed number of entries, reused in turn: it never grows.
 */
interface Remembered {
  fs: FsState | undefined;
  path: string;
  base: string;
  root: string;
  creds: Credentials | undefined;
  followFinal: boolean;
  noPermission: boolean | undefined;
  result: LookupResult | undefined;
}
const REMEMBERED = 4;
const remembered: Remembered[] = Array.from({ length: REMEMBERED }, () => ({
  fs: undefined,
  path: '',
  base: '',
  root: '',
  creds: undefined,
  followFinal: false,
  noPermission: undefined,
  result: undefined,
}));
let nextRemembered = 0;

/**
 * Walks a path the way link_path_walk does: each directory must be a directory
 * (ENOTDIR) and searchable (EACCES); missing names give ENOENT; more than
 * MAXSYMLINKS symlinks give ELOOP; a component over NAME_MAX or a whole name of
 * PATH_MAX bytes or more gives ENAMETOOLONG (getname). An empty name is ENOENT.
 */
export function lookup(fs: FsState, path: string, opts: LookupOptions): LookupResult {
  for (let i = 0; i < REMEMBERED; i++) {
    const r = remembered[i]!;
    if (
      r.fs === fs &&
      r.path === path &&
      r.creds === opts.creds &&
      r.followFinal === opts.followFinal &&
      r.root === opts.root &&
      r.base === opts.base &&
      r.noPermission === opts.noPermission
    ) {
      return r.result!;
    }
  }
  const result = walkName(fs, path, opts);
  const r = remembered[nextRemembered]!;
  nextRemembered = (nextRemembered + 1) % REMEMBERED;
  r.fs = fs;
  r.path = path;
  r.base = opts.base;
  r.root = opts.root;
  r.creds = opts.creds;
  r.followFinal = opts.followFinal;
  r.noPermission = opts.noPermission;
  r.result = result;
  return result;
}

function walkName(fs: FsState, path: string, opts: LookupOptions): LookupResult {
  if (path === '') return fail('ENOENT', 'empty path');
  // A UTF-16 unit is at most 3 UTF-8 bytes: short names need no count.
  if (path.length * 3 >= PATH_MAX && utf8Length(path) >= PATH_MAX) return fail('ENAMETOOLONG', `path is ${utf8Length(path)} bytes (PATH_MAX ${PATH_MAX})`);
  // The root and the base are walked like any name, except "/" (most tasks' root and many
  // a cwd), which is the filesystem's root without a walk.
  let rootIno = fs.rootIno;
  if (opts.root !== '/') {
    const rootRes = walk(fs, opts.root, fs.rootIno, '/', following(opts), { links: 0 });
    if (!rootRes.ok) return rootRes;
    rootIno = rootRes.ino;
  }
  let start = rootIno;
  let startPath = '/';
  if (!isAbsolute(path) && opts.base !== '/') {
    const baseRes = walk(fs, opts.base, rootIno, '/', following(opts), { links: 0 });
    if (!baseRes.ok) return baseRes;
    start = baseRes.ino;
    startPath = baseRes.path;
  }
  return walkFrom(fs, path, start, startPath, rootIno, opts, { links: 0 });
}

/** The options with symlinks followed in the last component too (written out: a spread of them cost more than the walk). */
function following(opts: LookupOptions): LookupOptions {
  return opts.followFinal ? opts : { base: opts.base, root: opts.root, creds: opts.creds, followFinal: true, noPermission: opts.noPermission };
}

function walk(
  fs: FsState,
  path: string,
  rootIno: Ino,
  rootPath: string,
  opts: LookupOptions,
  counter: { links: number },
): LookupResult {
  return walkFrom(fs, path, rootIno, rootPath, rootIno, opts, counter);
}

const MAY_EXEC: PermissionMask = { exec: true };

/** Whether nothing but "/" and "." follows position `from` (the component before it is the last one). */
function onlyDotsAfter(path: string, from: number): boolean {
  for (let i = from; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === SLASH) continue;
    if (c !== DOT || (i + 1 < path.length && path.charCodeAt(i + 1) !== SLASH)) return false;
  }
  return true;
}

const DOT = 0x2e;

/** The path a walk has reached: `curPath`, or while that is null, the name's first `upTo` characters. */
function reached(path: string, curPath: string | null, upTo: number): string {
  return curPath ?? (upTo === 0 ? '/' : path.slice(0, upTo));
}

/**
 * The walk itself, component by component as link_path_walk scans the name
 * (no array of components is made). The canonical path of what was reached is
 * built only when it differs from a prefix of the name: for an absolute name
 * with no ".", "..", "//" or symlink on the way (most names), the result's
 * path is the name itself, and no string is made or kept.
 */
function walkFrom(
  fs: FsState,
  path: string,
  start: Ino,
  startPath: string,
  rootIno: Ino,
  opts: LookupOptions,
  counter: { links: number },
): LookupResult {
  const n = path.length;
  const trailingSlash = n > 1 && path.charCodeAt(n - 1) === SLASH;
  const absolute = n > 0 && path.charCodeAt(0) === SLASH;
  let cur = absolute ? rootIno : start;
  // The path reached: curPath, or while that is null, path.slice(0, upTo) ("/" for 0).
  let curPath: string | null = absolute ? null : startPath;
  let upTo = 0;
  let i = 0;
  for (;;) {
    while (i < n && path.charCodeAt(i) === SLASH) i++;
    if (i >= n) break;
    let end = path.indexOf('/', i);
    if (end < 0) end = n;
    const from = i;
    i = end;
    if (end - from === 1 && path.charCodeAt(from) === DOT) {
      curPath = reached(path, curPath, upTo);
      continue;
    }
    const name = path.slice(from, end);
    if (end - from > NAME_MAX / 3 && utf8Length(name) > NAME_MAX) return fail('ENAMETOOLONG', `component "${name.slice(0, 20)}…" is longer than NAME_MAX`);
    const dir = inodeAt(fs, cur);
    if (dir.kind !== 'dir') return fail('ENOTDIR', `${reached(path, curPath, upTo)} is not a directory`);
    if (!opts.noPermission && !permits(dir, opts.creds, MAY_EXEC)) {
      return fail('EACCES', `no search permission on ${reached(path, curPath, upTo)}`);
    }
    if (name === '..') {
      curPath = reached(path, curPath, upTo);
      if (cur !== rootIno) {
        cur = dir.parent ?? cur;
        curPath = dirname(curPath);
      }
      continue;
    }
    const child = dir.entries?.[name];
    if (child === undefined) return fail('ENOENT', `${joinPath(reached(path, curPath, upTo), name)} does not exist`);
    const inode = inodeAt(fs, child);
    if (inode.kind === 'symlink' && (opts.followFinal || trailingSlash || !onlyDotsAfter(path, end))) {
      if (++counter.links > MAXSYMLINKS) return fail('ELOOP', `more than ${MAXSYMLINKS} symbolic links`);
      const target = inode.target ?? '';
      const res = walkFrom(fs, target, cur, reached(path, curPath, upTo), rootIno, following(opts), counter);
      if (!res.ok) return res;
      cur = res.ino;
      curPath = res.path;
      continue;
    }
    cur = child;
    if (curPath === null && from === upTo + 1) upTo = end;
    else curPath = joinPath(reached(path, curPath, upTo), name);
  }
  const inode = inodeAt(fs, cur);
  if (trailingSlash && inode.kind !== 'dir') return fail('ENOTDIR', `${reached(path, curPath, upTo)} is not a directory`);
  return { ok: true, ino: cur, inode, path: upTo === n && curPath === null ? path : reached(path, curPath, upTo) };
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Path of an inode as found by walking parents (for display of fds). */
export function pathOf(fs: FsState, ino: Ino): string {
  const parts: string[] = [];
  let cur = ino;
  for (let guard = 0; guard < 4096 && cur !== fs.rootIno; guard++) {
    const inode = inodeAt(fs, cur);
    const parent = inode.parent;
    if (parent === undefined) break;
    const dir = inodeAt(fs, parent);
    const name = Object.keys(dir.entries ?? {}).find((n) => dir.entries![n] === cur);
    if (name === undefined) break;
    parts.unshift(name);
    cur = parent;
  }
  return '/' + parts.join('/');
}

/** Replaces one inode. */
export function withInode(fs: FsState, inode: Inode): FsState {
  return { ...fs, inodes: fs.inodes.set(inode.ino, inode) };
}

/** Creates a regular data file in an existing directory (open with O_CREAT). */
export function createFile(fs: FsState, dirIno: Ino, name: string, mode: number, uid: number, gid: number, ino: Ino): FsState {
  const dir = inodeAt(fs, dirIno);
  const inode = makeInode(ino, 'file', mode, uid, gid, dir.mount, { type: 'data', size: 0 }, dirIno);
  return {
    ...fs,
    inodes: fs.inodes.set(ino, inode).set(dirIno, { ...dir, entries: { ...dir.entries, [name]: ino } }),
  };
}
