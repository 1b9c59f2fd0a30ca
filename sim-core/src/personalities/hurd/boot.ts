/**
 * How the exec server itself starts (exec-reference §1.3): the root
 * filesystem plays the exec server's exec server. HURD libdiskfs/boot-start.c
 * (start_execserver, diskfs_S_exec_startup_get_info,
 * diskfs_execboot_fsys_startup, diskfs_start_bootstrap, diskfs_S_fsys_init),
 * exec/main.c (main, S_exec_init), exec/exec.c (S_exec_setexecdata).
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import { lookup } from '../../model/filesystem.js';
import type { ActionContext } from '../personality.js';
import { makeProtid } from './fs.js';
import { dealloc, party, rpc, spaceLabel } from './ipc.js';
import { createPort, entryOf, insertSend, nameOf, portOf, withWorld, worldOf } from './mach-ports.js';
import { procCall, procChild, procTask2proc } from './proc.js';
import { initProgram, type StartupInfo } from './startup.js';
import { getBootstrapPort, setBootstrapPort, taskPortName, taskSuspend } from './task-ops.js';
import { hurdTaskOf, machTaskOf } from './tasks.js';
import { syncCoreView } from './glibc-state.js';
import { authLabel } from './labels.js';
import { NO_IDS } from './world.js';
import { CMASK, EXEC_STACK_ARGS, INIT_INT_MAX, INIT_PORT, INIT_PORT_MAX, type PortName, type SpaceId } from './state.js';

export function bootAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'hurd_boot') throw new Error('internal');
  const w = worldOf(k.state);
  const rootFs = w.fs[0]!;
  if (hurdTaskOf(k.state, ctx.pid).task !== rootFs) k.fail('EPERM', 'the boot steps are the root filesystem\'s (give them to its task)');
  if (!w.exec) k.fail('EOPNOTSUPP', 'this world has no exec server');
  return a.step === 'start_execserver' ? startExecserver(k, ctx, rootFs, w.exec) : execInit(k, ctx, rootFs, w.exec);
}

function rootPath(k: Kernel) {
  return lookup(k.state.fs, '/', { base: '/', root: '/', creds: k.state.tasks.get(k.state.names.proc ?? 0)?.creds ?? { uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [] }, followFinal: true, noPermission: true });
}

function startExecserver(k: Kernel, ctx: ActionContext, rootFs: SpaceId, exec: SpaceId): Outcome {
  const execInfo = worldOf(k.state).servers.get(exec)!;
  if (execInfo.serving) k.fail('EBUSY', 'the exec server is already running');
  let execboot: PortName = 0;
  const execTask = machTaskOf(worldOf(k.state), exec);
  k.actor('fs', 'diskfs_start_bootstrap', ctx.pid, ctx.tid, () => {
    k.phase('hurd.boot.start_execserver', () => {
      let w = worldOf(k.state);
      [w, , execboot] = createPort(w, { kind: 'execboot', boot: null }, 'execboot (root fs)', rootFs, { armed: false });
      let right: PortName;
      [w, right] = insertSend(w, rootFs, entryOf(w, rootFs, execboot)!.port);
      k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'allocate', space: rootFs, pid: ctx.pid, names: [execboot], detail: 'ports_create_port(diskfs_execboot_class) and a send right' });
      k.pc(2);
      const taskName = taskPortName(k, rootFs, exec);
      setBootstrapPort(k, rootFs, taskName, right, 'task_set_special_port(TASK_BOOTSTRAP_PORT)');
      dealloc(k, rootFs, right, 'the kernel holds the exec task\'s copy');
      k.pc(3);
      taskSuspend(k, rootFs, taskName, -1);
    });
  });
  // The exec server's own glibc, on its main thread.
  const execPid = execTask.pid!;
  const main = k.state.tasks.get(execPid)!.threads[0]!;
  k.actor('new-program', 'exec: _hurd_startup', execPid, main.tid, () => {
    let info: StartupInfo | null = null;
    let self: PortName = 0;
    k.phase('hurd.boot.exec_startup', () => {
      self = taskPortName(k, exec, exec);
      const bootstrap = getBootstrapPort(k, exec, self);
      info = rootfsStartupInfo(k, exec, bootstrap, rootFs);
      dealloc(k, exec, bootstrap, 'done with the bootstrap port');
      k.pc(5);
      k.note('EXEC_STACK_ARGS: argc, argv and envp come from the stack the boot loader made ("/hurd/exec")');
    });
    if (info) initProgram(k, execPid, exec, self, info);
  });
  // exec's main(): it must be a translator; trivfs_startup on the bootstrap port.
  const worker = k.state.tasks.get(execPid)!.threads.find((t) => t.name === 'main')!;
  k.actor('exec-server', 'main', execPid, worker.tid, () => {
    k.phase('hurd.boot.trivfs_startup', () => {
      const self = hurdTaskOf(k.state, execPid).glibc!.taskSelf;
      const bootstrap = getBootstrapPort(k, exec, self);
      if (!bootstrap) k.fail('EINVAL', 'Must be started as a translator');
      k.pc(2);
      let w = worldOf(k.state);
      const ctlPort = [...w.spaces.get(exec)!.entries.values()].find((e) => e.receive && portOf(w, e.port).object.kind === 'fsys')!;
      rpc(k, { from: exec, dest: bootstrap, rpc: 'fsys_startup', args: ['flags 0'], rights: [{ what: 'control', name: ctlPort.name, disposition: 'MAKE_SEND' }] }, (req) => {
        w = worldOf(k.state);
        k.change(withWorld(k.state, { ...w, servers: w.servers.set(rootFs, { ...w.servers.get(rootFs)!, execControl: req.names[0]! }) }), { kind: 'note', text: 'diskfs_execboot_fsys_startup: the exec server\'s control port is kept (diskfs_exec_ctl)' });
        const node = lookup(k.state.fs, '/servers/exec', { base: '/', root: '/', creds: rootCreds(), followFinal: true, noPermission: true });
        const ino = node.ok ? node.ino : k.state.fs.rootIno;
        const made = makeProtid(k, rootFs, { kind: 'file', ino, path: '/servers/exec' }, { read: false, write: false, exec: false }, { uids: [0], gids: [0] }, 'the underlying node of /servers/exec');
        return { value: undefined, out: ['realnode'], rights: [{ what: 'realnode', name: made.name, disposition: 'MAKE_SEND' as const }] };
      });
      dealloc(k, exec, bootstrap, 'trivfs_startup is done with the bootstrap port');
      w = worldOf(k.state);
      k.change(withWorld(k.state, { ...w, servers: w.servers.set(exec, { ...w.servers.get(exec)!, serving: true }) }), { kind: 'note', text: 'the exec server serves /servers/exec' });
    });
  });
  // The root fs gets an exec port from the exec server and caches it.
  k.actor('fs', 'diskfs_start_bootstrap', ctx.pid, ctx.tid, () => {
    k.phase('hurd.boot.trivfs_startup', () => {
      k.pc(3);
      const w = worldOf(k.state);
      const ctl = w.servers.get(rootFs)!.execControl!;
      const execPort = rpc(k, { from: rootFs, dest: ctl, rpc: 'fsys_getroot', args: ['uids 0 0 0', 'gids 0 0 0', 'flags 0'] }, (req) => {
        let w2 = worldOf(k.state);
        let name: PortName;
        [w2, , name] = createPort(w2, { kind: 'exec', isroot: true }, 'exec /servers/exec (root)', req.space, { armed: true });
        k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'allocate', space: req.space, pid: party(k, req.space).pid, names: [name], detail: 'a root protid for the root fs' });
        return { value: undefined, out: ['FS_RETRY_NORMAL'], rights: [{ what: 'root', name, disposition: 'MAKE_SEND' as const }] };
      }).names[0]!;
      k.pc(4);
      k.note('file_set_translator(/servers/exec, FS_TRANS_SET, control): other filesystems can now find the exec server');
      dealloc(k, rootFs, ctl, 'diskfs_exec_ctl is not used after this');
      const w3 = worldOf(k.state);
      k.change(withWorld(k.state, { ...w3, servers: w3.servers.set(rootFs, { ...w3.servers.get(rootFs)!, execPort, execControl: 0 }) }), { kind: 'note', text: `_diskfs_exec_portcell = ${execPort}: the root fs caches the exec port for file_exec` });
    });
  });
  return { ok: true, detail: 'the exec server runs; it has no standard ports yet (a secure exec would get EIEIO)' };
}

function rootCreds() {
  return { uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [0] };
}

/** diskfs_S_exec_startup_get_info: what the root fs tells the exec server. */
function rootfsStartupInfo(k: Kernel, exec: SpaceId, bootstrap: PortName, rootFs: SpaceId): StartupInfo {
  const answer = rpc(k, { from: exec, dest: bootstrap, rpc: 'exec_startup_get_info' }, (req) => {
    const root = rootPath(k);
    const ino = root.ok ? root.ino : k.state.fs.rootIno;
    const made = makeProtid(k, rootFs, { kind: 'file', ino, path: '/' }, { read: true, write: false, exec: true }, { uids: [], gids: [] }, 'root directory for the exec server');
    const w = worldOf(k.state);
    const console = consoleName(k, rootFs);
    const bootName = portOf(w, entryOf(w, exec, bootstrap)!.port).receiver as { name: PortName };
    void req;
    return {
      value: undefined,
      out: ['entry 0', `flags EXEC_STACK_ARGS`, 'argv ""', 'envp ""', 'ints {}'],
      rights: [
        { what: 'dtable[0]', name: console, disposition: 'COPY_SEND' as const },
        { what: 'dtable[1]', name: console, disposition: 'COPY_SEND' as const },
        { what: 'dtable[2]', name: console, disposition: 'COPY_SEND' as const },
        { what: 'portarray[CWDIR]', name: made.name, disposition: 'MAKE_SEND' as const },
        { what: 'portarray[CRDIR]', name: made.name, disposition: 'MAKE_SEND' as const },
        { what: 'portarray[AUTH]', name: 0, disposition: 'MAKE_SEND' as const },
        { what: 'portarray[PROC]', name: 0, disposition: 'MAKE_SEND' as const },
        { what: 'portarray[CTTYID]', name: 0, disposition: 'MAKE_SEND' as const },
        { what: 'portarray[BOOTSTRAP]', name: bootName.name, disposition: 'MAKE_SEND' as const },
      ],
    };
  });
  const n = answer.names;
  return { flags: EXEC_STACK_ARGS, argv: ['/hurd/exec'], envp: [], dtable: n.slice(0, 3), ports: n.slice(3, 3 + INIT_PORT_MAX), ints: [] };
}

/** get_console(): the root fs's send right to the console device (a kernel port). */
function consoleName(k: Kernel, rootFs: SpaceId): PortName {
  let w = worldOf(k.state);
  for (const e of w.spaces.get(rootFs)!.entries.values()) if (e.send > 0 && portOf(w, e.port).object.kind === 'device') return e.name;
  const peropenTarget = lookup(k.state.fs, '/dev/console', { base: '/', root: '/', creds: rootCreds(), followFinal: true, noPermission: true });
  const made = makeProtid(k, 'kernel', peropenTarget.ok ? { kind: 'file', ino: peropenTarget.ino, path: '/dev/console' } : { kind: 'socket', name: 'console' }, { read: true, write: true, exec: false }, { uids: [0], gids: [0] }, 'device_open("console")');
  void made;
  w = worldOf(k.state);
  const port = w.next.port - 1;
  let name: PortName;
  [w, name] = insertSend(w, rootFs, port);
  k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'insert', space: rootFs, pid: party(k, rootFs).pid, names: [name], detail: 'get_console(): a send right to the console device' });
  return name;
}

/** diskfs_S_fsys_init → exec_init: the exec server gets auth and proc, and proc gives it the standard ports. */
function execInit(k: Kernel, ctx: ActionContext, rootFs: SpaceId, exec: SpaceId): Outcome {
  let w = worldOf(k.state);
  const execInfo = w.servers.get(exec)!;
  if (!execInfo.serving) k.fail('EOPNOTSUPP', 'the exec server has not started (hurd_boot start_execserver first)');
  k.actor('fs', 'diskfs_S_fsys_init', ctx.pid, ctx.tid, () => {
    k.phase('hurd.boot.exec_init', () => {
      const info = worldOf(k.state).servers.get(rootFs)!;
      const procPort = procPortOf(k, rootFs);
      const execTask = taskPortName(k, rootFs, exec);
      const execprocess = procTask2proc(k, rootFs, procPort, execTask);
      procChild(k, rootFs, procPort, execTask);
      procCall(k, rootFs, execprocess, 'proc_mark_exec', [], (r) => ({ ...r, execed: true }));
      rpc(
        k,
        {
          from: rootFs,
          dest: info.execPort!,
          rpc: 'exec_init',
          rights: [
            { what: 'auth', name: info.authPort!, disposition: 'COPY_SEND' },
            { what: 'proc', name: execprocess, disposition: 'COPY_SEND' },
          ],
        },
        (req) => serveExecInit(k, exec, rootFs, req.names[0]!, req.names[1]!, info.execPort!),
      );
      dealloc(k, rootFs, execprocess, 'done with the exec server\'s process port');
      dealloc(k, rootFs, execTask, 'diskfs_exec_server_task is not needed any more');
    });
  });
  w = worldOf(k.state);
  return { ok: true, detail: 'the exec server has its standard ports: secure execs work' };
}

function procPortOf(k: Kernel, space: SpaceId): PortName {
  const w = worldOf(k.state);
  const pid = machTaskOf(w, space).pid!;
  const port = w.procs.get(pid)!.port;
  const have = nameOf(w, space, port);
  if (have !== undefined) return have;
  const [w2, name] = insertSend(w, space, port);
  k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'insert', space, pid: party(k, space).pid, names: [name], detail: `${spaceLabel(k, w2, space)}'s proc port (from fsys_init)` });
  return name;
}

/** S_exec_init: root protids only; then proc_execdata_notify → exec_setexecdata. */
function serveExecInit(k: Kernel, exec: SpaceId, rootFs: SpaceId, auth: PortName, proc: PortName, execPortInRootFs: PortName) {
  const w = worldOf(k.state);
  const protid = portOf(w, entryOf(w, rootFs, execPortInRootFs)!.port);
  if (protid.object.kind !== 'exec' || !protid.object.isroot) k.fail('EPERM', 'exec_init from a protid that is not root');
  const execPid = machTaskOf(w, exec).pid!;
  k.pc(2);
  const g = hurdTaskOf(k.state, execPid).glibc!;
  const ports = g.ports.map((n, i) => (i === INIT_PORT.PROC ? proc : i === INIT_PORT.AUTH ? auth : n));
  let s = k.state;
  const t = s.tasks.get(execPid)!;
  s = { ...s, tasks: s.tasks.set(execPid, { ...t, ext: { ...t.ext, hurd: { ...t.ext.hurd!, glibc: { ...g, ports } } } }) };
  s = syncCoreView(s, execPid);
  k.change(s, { kind: 'note', text: '_hurd_ports[PROC] and [AUTH] installed (the RPC\'s references are consumed)' });
  // procserver = getproc(): another reference on the proc port.
  let w2 = worldOf(k.state);
  let procserver: PortName;
  [w2, procserver] = insertSend(w2, exec, entryOf(w2, exec, proc)!.port);
  w2 = { ...w2, servers: w2.servers.set(exec, { ...w2.servers.get(exec)!, procPort: procserver }) };
  k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'mod-refs', space: exec, pid: execPid, names: [procserver], detail: 'procserver = getproc()' });
  k.pc(3);
  // proc_execdata_notify: proc calls back exec_setexecdata on a protid of ours with the standard arrays.
  let w3 = worldOf(k.state);
  let notify: PortName;
  [w3, , notify] = createPort(w3, { kind: 'exec', isroot: false }, 'exec /servers/exec (trivfs_open, no realnode)', exec, { armed: true });
  let right: PortName;
  [w3, right] = insertSend(w3, exec, entryOf(w3, exec, notify)!.port);
  k.change(withWorld(k.state, w3), { kind: 'hurd-rights', op: 'allocate', space: exec, pid: execPid, names: [notify], detail: 'trivfs_open(fsys, empty user, no realnode) and ports_get_send_right: the port proc will call back on' });
  rpc(k, { from: exec, dest: procserver, rpc: 'proc_execdata_notify', rights: [{ what: 'notify', name: right, disposition: 'COPY_SEND' }] }, (req) => {
    const procSpace = req.space;
    const std = standardPorts(k, procSpace, rootFs);
    rpc(
      k,
      {
        from: procSpace,
        dest: req.names[0]!,
        rpc: 'exec_setexecdata',
        args: [`${std.length} ports`, `ints {UMASK=${CMASK.toString(8).padStart(3, '0')}}`],
        rights: std.map((name, i) => ({ what: `ports[${i}]`, name, disposition: 'COPY_SEND' as const })),
      },
      (r) => {
        if (r.names.length < INIT_PORT_MAX) k.fail('EINVAL', 'fewer than INIT_PORT_MAX ports');
        const w4 = worldOf(k.state);
        const ints = new Array<number>(INIT_INT_MAX).fill(0);
        ints[0] = CMASK;
        k.change(withWorld(k.state, { ...w4, servers: w4.servers.set(exec, { ...w4.servers.get(exec)!, std: { ports: [...r.names], ints } }) }), {
          kind: 'note',
          text: 'std_ports and std_ints installed: secure execs can run',
        });
        r.names.fill(0);
        return { value: undefined };
      },
    );
    k.note('proc keeps the notify port to call it again when the standard ports change');
    return { value: undefined };
  });
  dealloc(k, exec, right, 'proc holds its own send right to the notify protid');
  k.pc(5);
  k.note('startup_essential_task(startup, …): /hurd/startup is not simulated');
  return { value: undefined };
}

/** The standard ports proc got from startup (init_stdarrays): root and cwd on /, an auth port with no ids. */
function standardPorts(k: Kernel, procSpace: SpaceId, rootFs: SpaceId): PortName[] {
  const root = rootPath(k);
  const ino = root.ok ? root.ino : k.state.fs.rootIno;
  const a = makeProtid(k, rootFs, { kind: 'file', ino, path: '/' }, { read: false, write: false, exec: false }, { uids: [0], gids: [0] }, 'standard CWDIR');
  const b = makeProtid(k, rootFs, { kind: 'file', ino, path: '/' }, { read: false, write: false, exec: false }, { uids: [0], gids: [0] }, 'standard CRDIR');
  let w = worldOf(k.state);
  let cw: PortName, cr: PortName, au: PortName, noAuth: number;
  [w, cw] = insertSend(w, procSpace, entryOf(w, rootFs, a.name)!.port);
  [w, cr] = insertSend(w, procSpace, entryOf(w, rootFs, b.name)!.port);
  [w, noAuth] = createPort(w, { kind: 'auth', ids: NO_IDS }, authLabel(NO_IDS), w.auth, { armed: true });
  [w, au] = insertSend(w, procSpace, noAuth);
  k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'insert', space: procSpace, pid: party(k, procSpace).pid, names: [cw, cr, au], detail: 'the standard ports startup gave proc (proc_setexecdata)' });
  return [cw, cr, au, 0, 0, 0];
}
