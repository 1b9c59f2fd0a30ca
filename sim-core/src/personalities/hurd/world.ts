/**
 * The Hurd world before the first action: the servers (proc, auth, one
 * filesystem per mount, the exec server, pflocal for sockets and pipes) as
 * tasks with their own port namespaces, and every scenario task with the
 * rights a running glibc program holds: its task port, thread ports, the init
 * ports, its message port, MIG reply ports, an io port per open file (dups
 * share a name, one user reference each), ctty ports, and declared extras.
 */
import { IntMap } from '../../persistent/int-map.js';
import { fdTableOf, descriptionOf } from '../../model/fds.js';
import { lookup } from '../../model/filesystem.js';
import type { DescId, Inode, KernelState, Pid, Task } from '../../model/state.js';
import type { HurdTaskSpec, IdVectorsSpec, PortSpec, Scenario, TaskSpec } from '../../scenario/scenario.js';
import { authLabel, ioLabel } from './labels.js';
import { createPort, entryOf, insertSend, insertSendOnce, portDied, portOf, withWorld, worldOf } from './mach-ports.js';
import { registerProcess, newProcess } from './proc.js';
import { addThread, addThreadPort, createMachTask, machTaskOf, setMachTask, updateHurd } from './tasks.js';
import { syncCoreView } from './glibc-state.js';
import {
  CMASK,
  INIT_PORT_MAX,
  INIT_PORT,
  type AuthIds,
  type GlibcState,
  type HurdFd,
  type HurdWorld,
  type OpenModes,
  type Peropen,
  type PortName,
  type ServerInfo,
  type ServerRole,
  type SpaceId,
} from './state.js';

/** HURD include/pids.h: HURD_PID_PROC. */
export const PROC_PID = 4;

/** The auth server's first handle: uid 0 effective, available twice (auth/auth.c main). */
export const ROOT_IDS: AuthIds = { euids: [0], auids: [0, 0], egids: [0], agids: [0, 0] };
/** The standard auth port of secure execs has no ids at all (exec.c: "has no UID's at all"). */
export const NO_IDS: AuthIds = { euids: [], auids: [], egids: [], agids: [] };

export function emptyWorld(): HurdWorld {
  return {
    procs: IntMap.empty(),
    ports: IntMap.empty(),
    spaces: IntMap.empty(),
    tasks: IntMap.empty(),
    peropens: IntMap.empty(),
    servers: IntMap.empty(),
    proc: 0,
    auth: 0,
    exec: 0,
    fs: [],
    pflocal: null,
    next: { port: 1, space: 1, peropen: 1, call: 1 },
  };
}

/** Default id vectors from the generic credentials. */
export function idsOfSpec(spec: TaskSpec, creds: Task['creds']): AuthIds {
  const a: IdVectorsSpec | undefined = spec.hurd?.auth;
  if (a) return { euids: [...a.euids], auids: [...a.auids], egids: [...a.egids], agids: [...a.agids] };
  const groups = creds.groups.filter((g) => g !== creds.egid);
  return { euids: [creds.euid], auids: [creds.uid, creds.suid], egids: [creds.egid, ...groups], agids: [creds.gid, creds.sgid] };
}

/** Pids the servers take: proc is HURD_PID_PROC, the others the next pids free of the scenario's. */
export function serverPids(scenario: Scenario, count: number): Pid[] {
  const used = new Set<number>();
  for (const t of scenario.tasks) {
    used.add(t.pid);
    for (const th of t.threads ?? []) if (th.tid !== undefined) used.add(th.tid);
  }
  const out: Pid[] = [PROC_PID];
  for (let pid = PROC_PID + 1; out.length < count; pid++) if (!used.has(pid)) out.push(pid);
  return out;
}

export interface ServerSpec {
  readonly role: ServerRole;
  readonly name: string;
  readonly image: string;
  readonly info: Partial<ServerInfo>;
}

/** The servers of a scenario's world, in the order they get their pids. */
export function serverSpecs(scenario: Scenario, state: KernelState): ServerSpec[] {
  const specs: ServerSpec[] = [
    { role: 'proc', name: 'proc', image: '/hurd/proc', info: {} },
    { role: 'auth', name: 'auth', image: '/hurd/auth', info: {} },
  ];
  const names = mountServerNames(scenario);
  state.fs.mounts.forEach((m, i) => {
    specs.push({ role: 'fs', name: names[i]!, image: `/hurd/${m.fstype}`, info: { library: m.server, mount: i } });
  });
  if (scenario.hurd?.execServer !== false) specs.push({ role: 'exec', name: 'exec', image: '/hurd/exec', info: {} });
  const needsPflocal = scenario.tasks.some((t) => (t.fds ?? []).some((f) => f.target && !('path' in f.target)));
  if (needsPflocal) specs.push({ role: 'pflocal', name: 'pflocal', image: '/hurd/pflocal', info: {} });
  return specs;
}

/**
 * The translator task of each mount, in FsState.mounts order (the root first):
 * its serverName, else its fstype, else (taken) the fstype and the mount's index.
 */
export function mountServerNames(scenario: Scenario): string[] {
  const root = scenario.filesystem.mounts.find((m) => m.path === '/');
  const mounts = [root ?? { path: '/', fstype: 'rootfs' }, ...scenario.filesystem.mounts.filter((m) => m.path !== '/')];
  const used = new Set<string>(['proc', 'auth', 'exec', 'pflocal']);
  return mounts.map((m, i) => {
    let name = m.serverName ?? m.fstype;
    if (!m.serverName && used.has(name)) name = `${m.fstype}${i}`;
    used.add(name);
    return name;
  });
}

export function initializeHurd(state: KernelState, scenario: Scenario): KernelState {
  let s = withWorld(state, emptyWorld());
  const specs = serverSpecs(scenario, s);
  const pids = serverPids(scenario, specs.length);
  const boot = scenario.hurd?.boot === true;

  // ---------------------------------------------------------------- servers
  const spaces: SpaceId[] = [];
  specs.forEach((spec) => {
    const [w, space] = createMachTask(worldOf(s), spec.name, null);
    spaces.push(space);
    let w2 = w;
    if (spec.role === 'proc') w2 = { ...w2, proc: space };
    if (spec.role === 'auth') w2 = { ...w2, auth: space };
    if (spec.role === 'exec') w2 = { ...w2, exec: space };
    if (spec.role === 'pflocal') w2 = { ...w2, pflocal: space };
    if (spec.role === 'fs') w2 = { ...w2, fs: [...w2.fs, space] };
    w2 = { ...w2, servers: w2.servers.set(space, { role: spec.role, ...spec.info }) };
    s = withWorld(s, w2);
  });
  specs.forEach((spec, i) => {
    const space = spaces[i]!;
    const root = { uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [0] };
    [s] = newProcess(s, { name: spec.name, ppid: 1, space, creds: root, cwd: '/', root: '/', umask: CMASK, server: spec.role }, pids[i]!);
    const pid = pids[i]!;
    const task = s.tasks.get(pid)!;
    const mm = s.mms.get(task.mm)!;
    s = { ...s, tasks: s.tasks.set(pid, { ...task, exe: spec.image, comm: spec.name }), mms: s.mms.set(mm.id, { ...mm, image: spec.image, mappings: [{ name: spec.image, kind: 'text' }, { name: '[stack]', kind: 'stack' }], argv: [spec.image] }) };
    [s] = addThread(s, pid, 'main', []);
    const exeSuspended = spec.role === 'exec' && boot;
    if (!exeSuspended) [s] = addThread(s, pid, 'worker', []);
    let w = worldOf(s);
    w = setMachTask(w, { ...machTaskOf(w, space), name: `${spec.name}(${pid})`, suspend: exeSuspended ? 1 : 0 });
    s = withWorld(s, w);
  });
  // Every server but auth holds a send right to the first (root) auth handle.
  let w = worldOf(s);
  let rootAuth: number;
  [w, rootAuth] = createPort(w, { kind: 'auth', ids: ROOT_IDS }, authLabel(ROOT_IDS), w.auth, { armed: true });
  for (const space of spaces) {
    if (space === w.auth) continue;
    if (space === w.exec && boot) continue;
    let name: PortName;
    [w, name] = insertSend(w, space, rootAuth);
    w = { ...w, servers: w.servers.set(space, { ...w.servers.get(space)!, authPort: name }) };
  }
  s = withWorld(s, w);

  // ---------------------------------------------------------------- the exec server
  if (scenario.hurd?.execServer !== false) s = setUpExecServer(s, scenario, boot);

  // ---------------------------------------------------------------- scenario tasks
  // Tasks first, then the names the scenario chose, then glibc's own names (which avoid the chosen ones).
  const ttys = new Map<string, number>();
  for (const spec of scenario.tasks) s = createTask(s, spec);
  for (const spec of scenario.tasks) for (const p of spec.hurd?.ports ?? []) if (!p.peer) s = declaredPort(s, spaceOf(s, spec.name), p);
  for (const spec of scenario.tasks) {
    for (const p of spec.hurd?.ports ?? []) {
      if (p.peer) s = declaredPort(s, spaceOf(s, spec.name), p, { space: spaceOf(s, p.peer.task), name: p.peer.name });
    }
  }
  for (const spec of scenario.tasks) s = setUpTask(s, spec, ttys);
  for (const spec of scenario.tasks) s = bootstrapPort(s, spec);
  for (const spec of scenario.tasks) s = syncCoreView(s, s.names[spec.name]!);
  return s;
}

function rootInode(state: KernelState): Inode {
  return state.fs.inodes.get(state.fs.rootIno)!;
}

/** A protid made while building the world (no events). */
function quietProtid(state: KernelState, server: SpaceId | 'kernel', target: Peropen['target'], modes: OpenModes, uids: readonly number[], gids: readonly number[]): [KernelState, number, number] {
  let w = worldOf(state);
  const id = w.next.peropen;
  const path = target.kind === 'file' ? target.path : target.kind === 'socket' ? `socket:${target.name}` : target.kind === 'pipe' ? `pipe:${target.name}[${target.end}]` : `kqueue:${target.name}`;
  const po: Peropen = { id, server, target, path, modes, desc: null };
  w = { ...w, peropens: w.peropens.set(id, po), next: { ...w.next, peropen: id + 1 } };
  let port: number;
  [w, port] = createPort(w, { kind: 'io', peropen: id, uids, gids }, ioLabel(po, uids), server, { armed: server !== 'kernel' });
  return [withWorld(state, w), port, id];
}

function setUpExecServer(s: KernelState, scenario: Scenario, boot: boolean): KernelState {
  let w = worldOf(s);
  const exec = w.exec;
  const rootFs = w.fs[0]!;
  // Its trivfs control port.
  [w] = createPort(w, { kind: 'fsys' }, 'fsys control of /servers/exec', exec);
  if (boot) return withWorld(s, { ...w, servers: w.servers.set(exec, { ...w.servers.get(exec)!, std: null, serving: false }) });
  // The protid the root fs caches for its file_exec (fsys_getroot at boot).
  let execProtid: number;
  [w, execProtid] = createPort(w, { kind: 'exec', isroot: true }, 'exec /servers/exec (root)', exec, { armed: true });
  let execPort: PortName;
  [w, execPort] = insertSend(w, rootFs, execProtid);
  w = { ...w, servers: w.servers.set(rootFs, { ...w.servers.get(rootFs)!, execPort }) };
  // Its proc port (procserver = getproc()).
  const execPid = machTaskOf(w, exec).pid!;
  let procPort: PortName;
  [w, procPort] = insertSend(w, exec, w.procs.get(execPid)!.port);
  w = { ...w, servers: w.servers.set(exec, { ...w.servers.get(exec)!, procPort, serving: true, std: null }) };
  s = withWorld(s, w);
  if (scenario.hurd?.execServerReady === false) return s;
  // std_ports / std_ints from exec_setexecdata: root and cwd on /, an auth port with no ids.
  const root = rootInode(s);
  let crdirPort: number, cwdirPort: number;
  [s, crdirPort] = quietProtid(s, rootFs, { kind: 'file', ino: root.ino, path: '/' }, { read: false, write: false, exec: false }, [0], [0]);
  [s, cwdirPort] = quietProtid(s, rootFs, { kind: 'file', ino: root.ino, path: '/' }, { read: false, write: false, exec: false }, [0], [0]);
  w = worldOf(s);
  let noAuth: number;
  [w, noAuth] = createPort(w, { kind: 'auth', ids: NO_IDS }, authLabel(NO_IDS), w.auth, { armed: true });
  const names: PortName[] = new Array(INIT_PORT_MAX).fill(0);
  [w, names[INIT_PORT.CWDIR]] = insertSend(w, exec, cwdirPort);
  [w, names[INIT_PORT.CRDIR]] = insertSend(w, exec, crdirPort);
  [w, names[INIT_PORT.AUTH]] = insertSend(w, exec, noAuth);
  const ints = [scenario.hurd?.standardUmask ?? CMASK, 0, 0, 0, 0];
  w = { ...w, servers: w.servers.set(exec, { ...w.servers.get(exec)!, std: { ports: names, ints } }) };
  return withWorld(s, w);
}

function serverForTarget(state: KernelState, target: Peropen['target']): SpaceId | 'kernel' {
  const w = worldOf(state);
  if (target.kind === 'file') return w.fs[state.fs.inodes.get(target.ino)!.mount]!;
  return w.pflocal ?? 'kernel';
}

function modesOfAccess(access: string): OpenModes {
  return { read: access === 'ro' || access === 'rw', write: access === 'wo' || access === 'rw', exec: access === 'exec' };
}

function spaceOf(s: KernelState, name: string): SpaceId {
  return s.tasks.get(s.names[name]!)!.ext.hurd!.task;
}

/** The scenario task's Mach task, its process record at proc, the signal thread and the threads' kernel ports. */
function createTask(s: KernelState, spec: TaskSpec): KernelState {
  const pid = s.names[spec.name]!;
  let task = s.tasks.get(pid)!;
  let w = worldOf(s);
  let space: SpaceId;
  [w, space] = createMachTask(w, `${task.comm}(${pid})`, pid);
  s = withWorld(s, w);
  s = { ...s, tasks: s.tasks.set(pid, { ...task, ext: { ...task.ext, hurd: { task: space, originalTask: space, glibc: null } } }) };
  s = registerProcess(s, pid, space);
  // The signal thread glibc starts in every program (_hurdsig_init).
  [s] = addSignalThread(s, pid);
  task = s.tasks.get(pid)!;
  w = worldOf(s);
  for (const th of task.threads) if (!machTaskOf(w, space).threadPorts[th.tid]) w = addThreadPort(w, space, th.tid, `${spec.name}.${th.name}`);
  return withWorld(s, w);
}

function setUpTask(s: KernelState, spec: TaskSpec, ttys: Map<string, number>): KernelState {
  const pid = s.names[spec.name]!;
  const task = s.tasks.get(pid)!;
  const space = task.ext.hurd!.task;
  let w = worldOf(s);
  const ids = idsOfSpec(spec, task.creds);
  const mt = machTaskOf(w, space);

  // __mach_task_self_ and the threads' ports.
  let taskSelf: PortName;
  [w, taskSelf] = insertSend(w, space, mt.port);
  for (const th of task.threads) [w] = insertSend(w, space, machTaskOf(w, space).threadPorts[th.tid]!);
  s = withWorld(s, w);

  // Init ports.
  const ports: PortName[] = new Array(INIT_PORT_MAX).fill(0);
  const rootFs = (path: string) => {
    const res = lookup(s.fs, path, { base: '/', root: '/', creds: task.creds, followFinal: true, noPermission: true });
    return res.ok ? res.inode : rootInode(s);
  };
  for (const [slot, path] of [[INIT_PORT.CWDIR, task.cwd], [INIT_PORT.CRDIR, task.root]] as const) {
    const inode = rootFs(path);
    let port: number;
    [s, port] = quietProtid(s, serverForTarget(s, { kind: 'file', ino: inode.ino, path }), { kind: 'file', ino: inode.ino, path }, { read: false, write: false, exec: false }, ids.euids, ids.egids);
    w = worldOf(s);
    [w, ports[slot]] = insertSend(w, space, port);
    s = withWorld(s, w);
  }
  w = worldOf(s);
  let authPort: number;
  [w, authPort] = createPort(w, { kind: 'auth', ids }, authLabel(ids), w.auth, { armed: true });
  [w, ports[INIT_PORT.AUTH]] = insertSend(w, space, authPort);
  [w, ports[INIT_PORT.PROC]] = insertSend(w, space, w.procs.get(pid)!.port);
  const ctty = spec.hurd?.ctty;
  if (ctty) {
    let id = ttys.get(ctty);
    if (id === undefined) {
      const inode = rootFs(ctty);
      [w, id] = createPort(w, { kind: 'cttyid', tty: ctty }, `cttyid ${ctty}`, w.fs[inode.mount]!);
      ttys.set(ctty, id);
    }
    [w, ports[INIT_PORT.CTTYID]] = insertSend(w, space, id);
  }

  // The message port, and proc's send right to it.
  let msgport: PortName;
  [w, , msgport] = createPort(w, { kind: 'msgport', pid }, `msgport ${spec.name}(${pid})`, space);
  [w] = insertSend(w, space, entryOf(w, space, msgport)!.port);
  let procName: PortName;
  [w, procName] = insertSend(w, w.proc, entryOf(w, space, msgport)!.port);
  w = { ...w, procs: w.procs.set(pid, { ...w.procs.get(pid)!, msgport: procName, execed: true, parentSet: true, exe: task.exe }) };
  // MIG reply ports, one per thread.
  for (const th of task.threads) [w] = createPort(w, { kind: 'reply', tid: th.tid }, `reply port of ${spec.name}.${th.name}`, space);
  s = withWorld(s, w);

  // The descriptor table: one protid per open file description, dups share the name.
  const dtable = new Map<number, HurdFd>();
  const byDesc = new Map<DescId, PortName>();
  const cttyOf = new Map<PortName, PortName>();
  const slots = fdTableOf(s, pid).slots.entries();
  for (const [fd, slot] of slots) {
    let name = byDesc.get(slot.desc);
    w = worldOf(s);
    if (name === undefined) {
      const d = descriptionOf(s, slot.desc);
      let port: number, peropen: number;
      [s, port, peropen] = quietProtid(s, serverForTarget(s, d.target), d.target, modesOfAccess(d.access), ids.euids, ids.egids);
      w = worldOf(s);
      w = { ...w, peropens: w.peropens.set(peropen, { ...w.peropens.get(peropen)!, desc: slot.desc }) };
      [w, name] = insertSend(w, space, port);
      byDesc.set(slot.desc, name);
    } else {
      [w] = insertSend(w, space, entryOf(w, space, name)!.port);
    }
    let cttyName: PortName = 0;
    const d = descriptionOf(s, slot.desc);
    if (ctty && d.target.kind === 'file' && d.target.path === ctty) {
      const existing = cttyOf.get(name);
      if (existing !== undefined) {
        [w] = insertSend(w, space, entryOf(w, space, existing)!.port);
        cttyName = existing;
      } else {
        const po = (portOf(w, entryOf(w, space, name)!.port).object as { peropen: number }).peropen;
        let cport: number;
        [w, cport] = createPort(w, { kind: 'ctty', peropen: po, tty: ctty }, `ctty ${ctty} for ${spec.name}`, w.fs[rootFs(ctty).mount]!, { armed: true });
        [w, cttyName] = insertSend(w, space, cport);
        cttyOf.set(name, cttyName);
      }
    }
    s = withWorld(s, w);
    dtable.set(fd, { port: name, ctty: cttyName, cloexec: slot.cloexec });
  }

  const glibc: GlibcState = {
    dtable: IntMap.from(dtable),
    ports,
    traced: spec.ptraced ?? false,
    execFlags: 0,
    taskSelf,
    msgport,
  };
  return updateHurd(s, pid, (h) => ({ ...h, glibc }));
}

function addSignalThread(s: KernelState, pid: Pid): [KernelState, number] {
  const task = s.tasks.get(pid)!;
  const tid = s.next.pid;
  const threads = [...task.threads, { tid, name: 'msgport', blocked: [], run: { state: 'running' as const } }];
  return [{ ...s, tasks: s.tasks.set(pid, { ...task, threads }), next: { ...s.next, pid: tid + 1 } }, tid];
}

function declaredPort(s: KernelState, space: SpaceId, p: PortSpec, peer?: { space: SpaceId; name: PortName }): KernelState {
  let w = worldOf(s);
  switch (p.right) {
    case 'receive':
      [w] = createPort(w, { kind: 'plain' }, p.label, space, { name: p.name });
      break;
    case 'port-set':
      [w] = createPort(w, { kind: 'port-set' }, p.label, space, { name: p.name });
      break;
    case 'send':
    case 'send-once':
    case 'dead-name': {
      let port: number;
      if (peer) port = entryOf(w, peer.space, peer.name)!.port;
      else [w, port] = createPort(w, { kind: 'plain' }, p.label, 'kernel');
      if (p.right === 'send-once') {
        const [w2, n] = insertSendOnce(w, space, port);
        w = w2;
        if (n !== p.name) w = renameEntry(w, space, n, p.name);
      } else {
        [w] = insertSend(w, space, port, p.refs ?? 1, p.name);
        if (p.right === 'dead-name') [w] = portDied(w, port);
      }
      break;
    }
  }
  return withWorld(s, w);
}

/** Moves an entry to a chosen name (only while building the world). */
function renameEntry(w: HurdWorld, space: SpaceId, from: PortName, to: PortName): HurdWorld {
  const sp = w.spaces.get(space)!;
  const e = sp.entries.get(from)!;
  return { ...w, spaces: w.spaces.set(space, { ...sp, entries: sp.entries.delete(from).set(to, { ...e, name: to }), free: { name: from, next: sp.free } }) };
}

/** INIT_PORT_BOOTSTRAP and the bootstrap special port: a send right to a port another task declared. */
function bootstrapPort(s: KernelState, spec: TaskSpec): KernelState {
  const pid = s.names[spec.name]!;
  const space = s.tasks.get(pid)!.ext.hurd!.task;
  const h: HurdTaskSpec | undefined = spec.hurd;
  if (h?.bootstrap) {
    const peerSpace = s.tasks.get(s.names[h.bootstrap.task]!)!.ext.hurd!.task;
    let w = worldOf(s);
    const port = entryOf(w, peerSpace, h.bootstrap.name)!.port;
    let name: PortName;
    [w, name] = insertSend(w, space, port);
    const mt = machTaskOf(w, space);
    w = setMachTask(w, { ...mt, bootstrap: port });
    w = { ...w, ports: w.ports.set(port, { ...portOf(w, port), srights: portOf(w, port).srights + 1 }) };
    s = withWorld(s, w);
    s = updateHurd(s, pid, (x) => ({ ...x, glibc: { ...x.glibc!, ports: x.glibc!.ports.map((n, i) => (i === INIT_PORT.BOOTSTRAP ? name : n)) } }));
  }
  return s;
}

