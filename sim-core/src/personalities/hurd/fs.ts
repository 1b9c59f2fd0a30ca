/**
 * Filesystem servers (libdiskfs, libnetfs, libtrivfs) as far as exec needs
 * them: peropens and protids, dir_lookup with the permission checks of
 * libdiskfs/dir-lookup.c and libfshelp/perms-access.c, io_map/io_stat, and
 * glibc's client side (hurd_file_name_lookup: start at CRDIR or CWDIR,
 * follow FS_RETRY_REAUTH into another translator).
 */
import type { Kernel } from '../../engine/kernel.js';
import { inodeAt, isAbsolute, lookup } from '../../model/filesystem.js';
import type { DescTarget, Inode } from '../../model/state.js';
import type { Credentials } from '../../scenario/scenario.js';
import { contains } from './idvec.js';
import { fileSize } from './elf.js';
import { dealloc, party, rpc } from './ipc.js';
import { ioLabel, modesText } from './labels.js';
import { createPort, entryOf, insertSend, portOf, withWorld, worldOf } from './mach-ports.js';
import type { OpenModes, Peropen, PeropenId, PortName, SpaceId } from './state.js';

export interface OpenFlags extends OpenModes {
  /** O_NOLINK: do not follow a final symlink (execveat AT_SYMLINK_NOFOLLOW). */
  readonly nolink?: boolean;
  readonly directory?: boolean;
}

export function flagsText(f: OpenFlags): string {
  return [modesText(f), f.nolink && 'O_NOLINK', f.directory && 'O_DIRECTORY'].filter((x) => x && x !== '0').join('|') || '0';
}

export interface UserIds {
  readonly uids: readonly number[];
  readonly gids: readonly number[];
}

/** A new peropen on a node and a protid for it in the server's space; returns the server's name for the protid. */
export function makeProtid(k: Kernel, server: SpaceId | 'kernel', target: DescTarget, modes: OpenModes, user: UserIds, why: string): { name: PortName; peropen: PeropenId } {
  let w = worldOf(k.state);
  const id = w.next.peropen;
  const path = target.kind === 'file' ? target.path : target.kind === 'socket' ? `socket:${target.name}` : target.kind === 'pipe' ? `pipe:${target.name}[${target.end}]` : `kqueue:${target.name}`;
  const po: Peropen = { id, server, target, path, modes, desc: null };
  w = { ...w, peropens: w.peropens.set(id, po), next: { ...w.next, peropen: id + 1 } };
  let name: PortName;
  [w, , name] = createPort(w, { kind: 'io', peropen: id, uids: user.uids, gids: user.gids }, ioLabel(po, user.uids), server, { armed: server !== 'kernel' });
  k.change(withWorld(k.state, w), {
    kind: 'hurd-rights',
    op: 'allocate',
    space: server === 'kernel' ? null : server,
    pid: server === 'kernel' ? null : party(k, server).pid,
    names: name ? [name] : [],
    detail: `new peropen ${path} (${modesText(modes)}) and its protid${why ? ` (${why})` : ''}`,
  });
  return { name, peropen: id };
}

/** The ids the Hurd's permission checks use for path search, as core credentials (the lookup walk uses them). */
export function searchCreds(user: UserIds): Credentials {
  const fsuid = contains(user.uids, 0) ? 0 : (user.uids[0] ?? -1);
  const fsgid = user.gids[0] ?? -1;
  return { uid: fsuid, euid: fsuid, suid: fsuid, fsuid, gid: fsgid, egid: fsgid, sgid: fsgid, fsgid, groups: [...user.gids] };
}

/** fshelp_isowner (libfshelp/perms-isowner.c). */
function isOwner(inode: Inode, user: UserIds): boolean {
  return contains(user.uids, inode.uid) || contains(user.uids, 0) || (contains(user.gids, inode.gid) && contains(user.uids, inode.gid));
}

/**
 * fshelp_access (libfshelp/perms-access.c): root may do anything except
 * execute a regular file with no x bit; otherwise owner, group or other bits.
 */
export function fshelpAccess(inode: Inode, op: 'read' | 'write' | 'exec', user: UserIds): boolean {
  const bit = op === 'read' ? 4 : op === 'write' ? 2 : 1;
  if (contains(user.uids, 0)) return op !== 'exec' || inode.kind !== 'file' || (inode.mode & 0o111) !== 0;
  if (isOwner(inode, user)) return ((inode.mode >> 6) & bit) !== 0;
  if (contains(user.gids, inode.gid)) return ((inode.mode >> 3) & bit) !== 0;
  return (inode.mode & bit) !== 0;
}

/** The io object a name denotes in a space (a protid), with its peropen. */
export function protidAt(k: Kernel, space: SpaceId, name: PortName): { server: SpaceId | 'kernel'; peropen: Peropen; user: UserIds; portId: number } | null {
  const w = worldOf(k.state);
  const e = entryOf(w, space, name);
  if (!e) return null;
  const p = portOf(w, e.port);
  if (p.object.kind !== 'io' || !p.receiver) return null;
  const po = w.peropens.get(p.object.peropen)!;
  return { server: p.receiver === 'kernel' ? 'kernel' : p.receiver.space, peropen: po, user: { uids: p.object.uids, gids: p.object.gids }, portId: p.id };
}

/** The server that implements a node: the translator of the mount it is on. */
export function serverOfInode(k: Kernel, inode: Inode): SpaceId {
  return worldOf(k.state).fs[inode.mount]!;
}

/**
 * dir_lookup on a server, as libdiskfs/libnetfs/libtrivfs check it: the walk
 * (ENOENT, ENOTDIR, EACCES on search, ELOOP), then for an existing node:
 * O_DIRECTORY on a non-directory → ENOTDIR; a device, fifo or socket opened
 * O_EXEC → EACCES; a symlink opened O_EXEC or O_WRITE (O_NOLINK) → ELOOP;
 * fshelp_access for O_READ, then O_EXEC; O_WRITE on a directory → EISDIR,
 * on a read-only mount → EROFS.
 */
export function dirLookup(k: Kernel, client: SpaceId, start: PortName, name: string, flags: OpenFlags, rootPath: string): PortName {
  const dir = protidAt(k, client, start);
  if (!dir) k.fail('EBADF', `dir_lookup: name ${start} is not an io port`);
  const startPath = dir.peropen.path;
  // Where does the walk end? A node on another translator needs a second lookup there.
  const res = lookup(k.state.fs, name === '' ? startPath : name, { base: startPath, root: rootPath, creds: searchCreds(dir.user), followFinal: !flags.nolink });
  const firstServer = dir.server;
  if (res.ok && firstServer !== 'kernel') {
    const target = serverOfInode(k, res.inode);
    if (target !== firstServer && name !== '') {
      // The first server hands back FS_RETRY_REAUTH and a port on the translator's root.
      const mount = k.state.fs.mounts[res.inode.mount]!;
      const rest = res.path === mount.path ? '' : res.path.slice(mount.path === '/' ? 1 : mount.path.length + 1);
      const retry = rpc(k, { from: client, dest: start, rpc: 'dir_lookup', args: [JSON.stringify(name), flagsText(flags)] }, (req) => {
        // The parent fs asks the translator for its root (fsys_getroot) and hands that port back.
        const rootInode = inodeAt(k.state.fs, mount.root);
        const made = makeProtid(k, target, { kind: 'file', ino: rootInode.ino, path: mount.path }, { read: false, write: false, exec: false }, dir.user, `fsys_getroot: the root of the translator on ${mount.path}`);
        let w = worldOf(k.state);
        let mine: PortName;
        [w, mine] = insertSend(w, req.space, entryOf(w, target, made.name)!.port);
        k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'insert', space: req.space, pid: party(k, req.space).pid, names: [mine], detail: `fsys_getroot's reply: a send right on ${mount.path}'s root` });
        return { value: undefined, out: ['FS_RETRY_REAUTH', JSON.stringify(rest)], rights: [{ what: 'retry port', name: mine, disposition: 'MOVE_SEND' }] };
      }).names[0]!;
      const got = dirLookupHere(k, client, retry, rest, flags, rootPath, mount.path);
      dealloc(k, client, retry, 'the retry port is used up');
      return got;
    }
  }
  return dirLookupHere(k, client, start, name, flags, rootPath, startPath);
}

function dirLookupHere(k: Kernel, client: SpaceId, start: PortName, name: string, flags: OpenFlags, rootPath: string, base: string): PortName {
  const dir = protidAt(k, client, start)!;
  return rpc(k, { from: client, dest: start, rpc: 'dir_lookup', args: [JSON.stringify(name), flagsText(flags)] }, () => {
    const server = dir.server as SpaceId;
    const info = worldOf(k.state).servers.get(server);
    const mountIndex = info?.mount ?? 0;
    const mount = k.state.fs.mounts[mountIndex]!;
    if (info?.library === 'libtrivfs' && name !== '') k.fail('ENOTDIR', `${mount.path} is a libtrivfs node: it has no names under it (libtrivfs/dir-lookup.c)`);
    const res = lookup(k.state.fs, name === '' ? base : name, { base, root: rootPath, creds: searchCreds(dir.user), followFinal: !flags.nolink });
    if (!res.ok) k.fail(res.errno, res.detail);
    const inode = res.inode;
    k.pc(2);
    if (flags.directory && inode.kind !== 'dir') k.fail('ENOTDIR', `${res.path} is not a directory`);
    if (['device', 'fifo', 'socket'].includes(inode.kind) && flags.exec) k.fail('EACCES', `${res.path} is a ${inode.kind}: it cannot be opened O_EXEC`);
    k.pc(3);
    if (inode.kind === 'symlink' && (flags.write || flags.exec)) k.fail('ELOOP', `${res.path} is a symbolic link opened with O_NOLINK`);
    if (flags.read && !fshelpAccess(inode, 'read', dir.user)) k.fail('EACCES', `no read permission on ${res.path} for uids ${dir.user.uids.join(' ') || '(none)'}`);
    if (flags.exec && !fshelpAccess(inode, 'exec', dir.user)) {
      k.fail('EACCES', contains(dir.user.uids, 0) ? `${res.path} has no execute bit at all (mode ${inode.mode.toString(8)})` : `no execute permission on ${res.path} for uids ${dir.user.uids.join(' ') || '(none)'} (mode ${inode.mode.toString(8)})`);
    }
    if (flags.write) {
      if (inode.kind === 'dir') k.fail('EISDIR', `${res.path} is a directory`);
      if (mount.readonly) k.fail('EROFS', `${mount.path} is read-only`);
      if (!fshelpAccess(inode, 'write', dir.user)) k.fail('EACCES', `no write permission on ${res.path}`);
    }
    const made = makeProtid(k, server, { kind: 'file', ino: inode.ino, path: res.path }, { read: flags.read, write: flags.write, exec: flags.exec }, dir.user, '');
    return { value: undefined, out: ['FS_RETRY_NORMAL', '""'], rights: [{ what: 'result', name: made.name, disposition: 'MAKE_SEND' }] };
  }).names[0]!;
}

/** hurd_file_name_lookup: absolute names start at CRDIR, others at CWDIR (or a dirfd's port). */
export function fileNameLookup(
  k: Kernel,
  client: SpaceId,
  dirs: { crdir: PortName; cwdir: PortName },
  name: string,
  flags: OpenFlags,
): PortName {
  const crdir = protidAt(k, client, dirs.crdir);
  const rootPath = crdir?.peropen.path ?? '/';
  if (isAbsolute(name)) {
    if (!crdir) k.fail('EBADF', 'no root directory port');
    const rel = name.replace(/^\/+/, '');
    return dirLookup(k, client, dirs.crdir, rel, flags, rootPath);
  }
  if (!protidAt(k, client, dirs.cwdir)) k.fail('EBADF', 'no current directory port');
  return dirLookup(k, client, dirs.cwdir, name, flags, rootPath);
}

/** io_stat: the node's size, mode and owner. */
export function ioStat(k: Kernel, from: SpaceId, file: PortName): Inode {
  return rpc(k, { from, dest: file, rpc: 'io_stat' }, () => {
    const pi = protidAt(k, from, file);
    if (!pi || pi.peropen.target.kind !== 'file') k.fail('EOPNOTSUPP', 'not a file');
    const inode = inodeAt(k.state.fs, pi.peropen.target.ino);
    const size = fileSize(inode);
    return { value: inode, out: [`st_size ${size}`, `st_mode ${inode.mode.toString(8)}`, `uid ${inode.uid}`, `gid ${inode.gid}`] };
  }).value;
}

/** io_map: the read memory object (needs O_READ on the peropen). */
export function ioMap(k: Kernel, from: SpaceId, file: PortName): boolean {
  return rpc(k, { from, dest: file, rpc: 'io_map' }, () => {
    const pi = protidAt(k, from, file);
    if (!pi) k.fail('EOPNOTSUPP', 'not an io port');
    const readable = pi.peropen.modes.read;
    return { value: readable, out: [readable ? 'rdobj' : 'rdobj MACH_PORT_NULL', 'wrobj MACH_PORT_NULL'] };
  }).value;
}

/** io_identity: which node (for the exec server's $PATH guess). */
export function ioIdentity(k: Kernel, from: SpaceId, file: PortName): number {
  return rpc(k, { from, dest: file, rpc: 'io_identity' }, () => {
    const pi = protidAt(k, from, file);
    if (!pi || pi.peropen.target.kind !== 'file') k.fail('EOPNOTSUPP', 'not a file');
    return { value: pi.peropen.target.ino, out: [`fileno ${pi.peropen.target.ino}`] };
  }).value;
}
