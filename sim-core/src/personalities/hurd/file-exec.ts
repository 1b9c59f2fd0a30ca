/**
 * file_exec_paths on the filesystem that serves the file (phases 8–10):
 * libdiskfs (HURD libdiskfs/file-exec.c), libnetfs (libnetfs/file-exec.c),
 * libtrivfs (libtrivfs/file-exec.c, always EOPNOTSUPP); setuid through
 * fshelp_exec_reauth (libfshelp/exec-reauth.c) and exec_reauth
 * (libshouldbeinlibc/exec-reauth.c); then exec_exec_paths to the exec server.
 */
import { SysError, type Kernel } from '../../engine/kernel.js';
import { inodeAt, mountOf, S_ISGID, S_ISUID } from '../../model/filesystem.js';
import { authGetids, authMakeauth, reauthenticateIo } from './auth.js';
import { serveExec } from './exec-server.js';
import { makeProtid, protidAt } from './fs.js';
import { setid } from './idvec.js';
import { authText } from './labels.js';
import { dealloc, deallocMany, party, rpc, type Request } from './ipc.js';
import { createPort, entryOf, insertSend, portOf, withWorld, worldOf } from './mach-ports.js';
import { procReauthenticate, procSetowner } from './proc.js';
import type { ExecRequest } from './glibc-exec.js';
import { execArgs, execRights } from './glibc-exec.js';
import { EXEC_NEWTASK, EXEC_SECURE, INIT_PORT, INIT_PORT_NAMES, execFlagsText, type AuthIds, type PortName, type SpaceId } from './state.js';

/** The exec request as the filesystem holds it: names in the fs's space. */
export interface FsExecRequest extends Omit<ExecRequest, 'file'> {
  readonly server: SpaceId;
  /** The caller's protid (its port id) and the node. */
  readonly protid: number;
}

/** Maps the received names back onto the request's shape: [oldtask, dtable…, ports…]. */
function unpack(request: Omit<ExecRequest, 'file'>, req: Request): { task: PortName; dtable: PortName[]; ports: PortName[] } {
  const n = request.dtable.length;
  return { task: req.names[0]!, dtable: req.names.slice(1, 1 + n), ports: req.names.slice(1 + n, 1 + n + request.ports.length) };
}

function writeBack(req: Request, dtable: readonly PortName[], ports: readonly PortName[]): void {
  for (let i = 0; i < dtable.length; i++) req.names[1 + i] = dtable[i]!;
  for (let i = 0; i < ports.length; i++) req.names[1 + dtable.length + i] = ports[i]!;
}

/** The server routine of file_exec_paths, run on the file's server. */
export function serveFileExec(k: Kernel, request: ExecRequest, req: Request, callerSpace: SpaceId): { value: undefined } {
  const server = req.space;
  const w0 = worldOf(k.state);
  const info = w0.servers.get(server);
  const library = info?.library ?? 'libdiskfs';
  const protidPort = protidAt(k, callerSpace, request.file);
  if (!protidPort) throw new Error('internal: file_exec_paths without a protid');
  const po = protidPort.peropen;
  let flags = request.flags;
  const { task } = unpack(request, req);
  let { dtable, ports } = unpack(request, req);
  let execPort: PortName = 0;

  k.phase('hurd.fs.file_exec', () => {
    if (library === 'libtrivfs') k.fail('EOPNOTSUPP', 'libtrivfs translators never exec their node (trivfs_S_file_exec_paths)');
    k.pc(2);
    execPort = execServerPort(k, server);
    if (po.target.kind !== 'file') k.fail('EOPNOTSUPP', 'not a file');
    const inode = inodeAt(k.state.fs, po.target.ino);
    const mount = mountOf(k.state.fs, inode);
    if (library === 'libnetfs') {
      k.pc(4);
      if (!po.modes.exec) k.fail('EBADF', `the port on ${po.path} was not opened with O_EXEC (libnetfs checks this first)`);
    } else {
      k.pc(3);
      if (mount.noexec) k.fail('EACCES', `${mount.path} is mounted noexec (libdiskfs _diskfs_noexec)`);
      k.pc(4);
      if (!po.modes.exec) k.fail('EBADF', `the port on ${po.path} was not opened with O_EXEC`);
    }
    k.pc(5);
    if ((inode.mode & 0o111) === 0) k.fail('EACCES', `${po.path} has no execute bit for anyone (mode ${inode.mode.toString(8).padStart(4, '0')})`);
    k.pc(6);
    if (inode.kind === 'dir') k.fail('EACCES', `${po.path} is a directory`);
  });

  k.phase('hurd.fs.setuid', () => {
    if (po.target.kind !== 'file') return;
    const inode = inodeAt(k.state.fs, po.target.ino);
    const mount = mountOf(k.state.fs, inode);
    const suid = (inode.mode & S_ISUID) !== 0;
    const sgid = (inode.mode & S_ISGID) !== 0;
    if (!suid && !sgid) {
      k.note('not set-user-ID or set-group-ID');
      return;
    }
    if (library === 'libdiskfs' && mount.nosuid) {
      k.note(`${mount.path} is mounted nosuid: the set-id bits are ignored`);
      return;
    }
    k.pc(2);
    const ids: AuthIds = authGetids(k, server, ports[INIT_PORT.AUTH]!);
    k.pc(3);
    const alreadyRoot = ids.euids.includes(0) || ids.auids.includes(0);
    k.pc(4);
    let secure = false;
    let eu = [...ids.euids];
    let au = [...ids.auids];
    let eg = [...ids.egids];
    let ag = [...ids.agids];
    if (suid) {
      const r = setid(eu, au, inode.uid);
      [eu, au] = [r.eff, r.avail];
      secure ||= r.secure;
    }
    if (sgid) {
      const r = setid(eg, ag, inode.gid);
      [eg, ag] = [r.eff, r.avail];
      secure ||= r.secure;
    }
    k.note(`idvec_setid: ${suid ? `uid ${inode.uid}` : ''}${suid && sgid ? ' and ' : ''}${sgid ? `gid ${inode.gid}` : ''} ${secure ? 'is new to the caller' : 'is already held by the caller'}`);
    k.pc(5);
    const want = { euids: eu, auids: au, egids: eg, agids: ag };
    const newauth = authMakeauth(k, server, info?.authPort ?? 0, [ports[INIT_PORT.AUTH]!], want);
    k.pc(6);
    if (alreadyRoot && secure) {
      secure = false;
      k.note('the caller already has uid 0: not secure ("executive privilege")');
    }
    k.pc(7);
    ({ dtable, ports } = execReauth(k, server, newauth, secure, dtable, ports));
    writeBack(req, dtable, ports);
    k.pc(8);
    try {
      procSetowner(k, server, ports[INIT_PORT.PROC]!, eu[0] ?? 0);
    } catch (e) {
      if (!(e instanceof SysError) || e.errno !== 'EOPNOTSUPP') throw e;
    }
    k.pc(9);
    if (secure) {
      flags |= EXEC_SECURE | EXEC_NEWTASK;
      k.note(`secure: flags |= EXEC_SECURE|EXEC_NEWTASK → ${execFlagsText(flags)}`);
    } else k.note(`new ids ${authText(want)}; not secure: same task`);
  });

  k.phase('hurd.fs.forward', () => {
    const modes = library === 'libnetfs' ? { read: true, write: false, exec: false } : { read: true, write: false, exec: true };
    const made = makeProtid(k, server, po.target, modes, protidPort.user, 'for the exec server to read the file');
    let w = worldOf(k.state);
    const newpiPort = entryOf(w, server, made.name)!.port;
    let right: PortName;
    [w, right] = insertSend(w, server, newpiPort);
    let credRight: PortName;
    [w, credRight] = insertSend(w, server, protidPort.portId);
    k.change(withWorld(k.state, w), {
      kind: 'hurd-rights',
      op: 'insert',
      space: server,
      pid: party(k, server).pid,
      names: [right, credRight],
      detail: `send rights on the new protid (${right}) and a gratuitous one on the caller's (${credRight}) so no no-senders interrupts the exec`,
    });
    k.pc(3);
    const fwd = { ...request, flags, task, dtable, ports };
    const forward = () =>
      rpc(k, { from: server, dest: execPort, rpc: 'exec_exec_paths', args: execArgs(fwd), rights: execRights(fwd, right) }, (r) => serveExec(k, fwd, r));
    try {
      const cached = entryOf(worldOf(k.state), server, execPort);
      if (cached && cached.dead > 0) {
        // The send fails with MACH_SEND_INVALID_DEST: look the exec server up again, once.
        k.pc(4);
        k.note('exec_exec_paths: MACH_SEND_INVALID_DEST (the cached exec server port is dead): look it up again');
        dealloc(k, server, execPort, 'the dead cached exec server port');
        execPort = execServerPort(k, server, true);
      }
      forward();
    } catch (e) {
      k.pc(5);
      deallocMany(k, server, [right, credRight], 'file_exec_paths is done with them');
      throw e;
    }
    k.pc(5);
    deallocMany(k, server, [right, credRight], 'file_exec_paths is done with them');
    k.pc(6);
    deallocMany(k, server, [task, ...dtable, ...ports], 'the exec succeeded: the fs drops its copies of the task, fds and ports');
    writeBack(req, dtable.map(() => 0), ports.map(() => 0));
    req.names[0] = 0;
  });
  return { value: undefined };
}

/**
 * The fs's exec server port: libdiskfs's cached cell, else a lookup of
 * /servers/exec (none: EOPNOTSUPP, "No exec server, no exec").
 */
function execServerPort(k: Kernel, server: SpaceId, again = false): PortName {
  let w = worldOf(k.state);
  const info = w.servers.get(server)!;
  if (info.execPort !== undefined && !again) {
    const e = entryOf(w, server, info.execPort);
    if (e && (e.send > 0 || e.dead > 0)) return info.execPort;
  }
  const exec = w.exec;
  const execInfo = exec ? w.servers.get(exec) : undefined;
  if (!exec || !execInfo?.serving) k.fail('EOPNOTSUPP', 'file_name_lookup(/servers/exec) found no exec server');
  let port: number;
  [w, port] = createPort(w, { kind: 'exec', isroot: false }, 'exec /servers/exec', exec, { armed: true });
  let name: PortName;
  [w, name] = insertSend(w, server, port);
  w = { ...w, servers: w.servers.set(server, { ...info, execPort: name }) };
  k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'insert', space: server, pid: party(k, server).pid, names: [name], detail: 'file_name_lookup(/servers/exec): a protid of the exec server, now cached' });
  return name;
}

/**
 * exec_reauth (must_reauth = 0: a port that fails to reauthenticate is kept
 * as it was): every fd, CRDIR (set to NULL when secure — the exec server puts
 * the standard root there; the fs's reference on the old one is not released),
 * PROC (only when not secure), CWDIR; then AUTH := the new auth port.
 */
function execReauth(k: Kernel, server: SpaceId, auth: PortName, secure: boolean, dtable: PortName[], ports: PortName[]): { dtable: PortName[]; ports: PortName[] } {
  const reauth = (name: PortName, isproc: boolean, why: string): PortName => {
    if (!name) return name;
    try {
      const fresh = isproc ? procReauthenticate(k, server, name, auth) : reauthenticateIo(k, server, name, auth, why);
      dealloc(k, server, name, 'exec_reauth replaces it');
      return fresh;
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      k.note(`exec_reauth: ${why} could not be reauthenticated (${e.errno}); it is passed on as it was`);
      return name;
    }
  };
  const fds = dtable.map((name, fd) => reauth(name, false, `fd ${fd}`));
  const out = [...ports];
  if (secure) {
    if (out[INIT_PORT.CRDIR]) k.note(`secure: CRDIR set to NULL without releasing the fs's reference on name ${out[INIT_PORT.CRDIR]} (exec_reauth)`);
    out[INIT_PORT.CRDIR] = 0;
  } else out[INIT_PORT.CRDIR] = reauth(out[INIT_PORT.CRDIR]!, false, INIT_PORT_NAMES[INIT_PORT.CRDIR]);
  if (!secure) out[INIT_PORT.PROC] = reauth(out[INIT_PORT.PROC]!, true, 'PROC');
  out[INIT_PORT.CWDIR] = reauth(out[INIT_PORT.CWDIR]!, false, INIT_PORT_NAMES[INIT_PORT.CWDIR]);
  dealloc(k, server, out[INIT_PORT.AUTH]!, 'exec_reauth: AUTH is replaced by the new auth port');
  out[INIT_PORT.AUTH] = auth;
  return { dtable: fds, ports: out };
}
