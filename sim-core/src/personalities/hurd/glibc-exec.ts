/**
 * glibc's side of exec on the Hurd (GLIBC sysdeps/mach/hurd/execveat.c
 * __execveat, hurd/hurdexec.c _hurd_exec_paths): look the file up, pack the
 * init ports, ints and descriptor table, fix the saved ids, build the
 * dealloc and destroy lists, and send file_exec_paths to the file's server.
 */
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { isAbsolute } from '../../model/filesystem.js';
import type { Pid, Tid } from '../../model/state.js';
import { sigset, SIGNAL_NAMES } from '../../model/signals.js';
import { authGetids, authMakeauth, reauthenticateIo } from './auth.js';
import { fileNameLookup, dirLookup, protidAt } from './fs.js';
import { dealloc, kernelCall, rpc, type RightArg } from './ipc.js';
import { portNames, worldOf } from './mach-ports.js';
import { procTask2proc } from './proc.js';
import { ALL_SIGNALS, hex, sigmask } from './signals.js';
import { serveFileExec } from './file-exec.js';
import { glibcOf, spaceOfPid } from './tasks.js';
import { EXEC_SIGTRAP, INIT_INT, INIT_INT_MAX, INIT_PORT, INIT_PORT_MAX, INIT_PORT_NAMES, type PortName, type SpaceId } from './state.js';
import { compactNames as compactList } from './labels.js';

/** What _hurd_exec_paths packs for file_exec_paths. */
export interface ExecRequest {
  readonly task: PortName;
  readonly file: PortName;
  readonly flags: number;
  readonly path: string;
  readonly abspath: string;
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  readonly dtable: readonly PortName[];
  readonly ports: readonly PortName[];
  readonly ints: readonly number[];
  readonly dealloc: readonly PortName[];
  readonly destroy: readonly PortName[];
}

export function intsText(ints: readonly number[]): string {
  const names = ['UMASK', 'SIGMASK', 'SIGIGN', 'SIGPENDING', 'TRACEMASK'];
  return ints.map((v, i) => `${names[i] ?? i}=${i === INIT_INT.UMASK ? v.toString(8).padStart(3, '0') : hex(v)}`).join(' ');
}

export function portsText(ports: readonly PortName[]): string {
  return ports.map((p, i) => `${INIT_PORT_NAMES[i] ?? i}=${p || 'NULL'}`).join(' ');
}

export function namesText(names: readonly PortName[]): string {
  return `[${names.map((n) => n || 'NULL').join(' ')}]`;
}

/** The rights of a file_exec_paths / exec_exec_paths message, in MIG's order. */
export function execRights(r: { task: PortName; dtable: readonly PortName[]; ports: readonly PortName[] }, file?: PortName): RightArg[] {
  return [
    ...(file !== undefined ? [{ what: 'file', name: file, disposition: 'COPY_SEND' as const }] : []),
    { what: 'oldtask', name: r.task, disposition: 'COPY_SEND' as const },
    ...r.dtable.map((name, i) => ({ what: `dtable[${i}]`, name, disposition: 'COPY_SEND' as const })),
    ...r.ports.map((name, i) => ({ what: `portarray[${INIT_PORT_NAMES[i] ?? i}]`, name, disposition: 'COPY_SEND' as const })),
  ];
}

export function execArgs(r: ExecRequest | Omit<ExecRequest, 'file'>): string[] {
  return [
    `flags ${flagsHex(r.flags)}`,
    JSON.stringify(r.path),
    JSON.stringify(r.abspath),
    `argv ${JSON.stringify(r.argv)}`,
    `envp ${JSON.stringify(r.envp)}`,
    `dtable ${namesText(r.dtable)}`,
    `ports {${portsText(r.ports)}}`,
    `ints {${intsText(r.ints)}}`,
    `dealloc ${r.dealloc.length > 16 ? `${r.dealloc.length} names` : namesText(r.dealloc)}`,
    `destroy ${r.destroy.length > 16 ? `${r.destroy.length} names (${compactList([...r.destroy].sort((a, b) => a - b).slice(0, 8))} …)` : namesText(r.destroy)}`,
  ];
}

function flagsHex(flags: number): string {
  return flags === 0 ? '0' : hex(flags);
}

export interface ExecCaller {
  readonly pid: Pid;
  readonly tid: Tid;
  /** The task to exec in: the caller's own (execve) or another one (posix_spawn-like). */
  readonly task: PortName;
  readonly sameTask: boolean;
}

/**
 * Phase 1: __execveat's lookup (O_EXEC) and abspath. Returns the file port and
 * the two names passed on.
 */
export function lookupForExec(
  k: Kernel,
  pid: Pid,
  req: { dirfd: number | 'AT_FDCWD'; path: string; emptyPath: boolean; nofollow: boolean; entry: 'execve' | 'execveat' | 'fexecve' },
): { file: PortName; path: string; abspath: string } {
  return k.phase('hurd.glibc.lookup', () => {
    const space = spaceOfPid(k.state, pid);
    const g = glibcOf(k.state, pid)!;
    const dirs = { crdir: g.ports[INIT_PORT.CRDIR]!, cwdir: g.ports[INIT_PORT.CWDIR]! };
    const flags = { read: false, write: false, exec: true, nolink: req.nofollow };
    if (req.entry === 'fexecve' || (req.emptyPath && req.path === '')) {
      const fd = req.dirfd === 'AT_FDCWD' ? -1 : req.dirfd;
      const d = g.dtable.get(fd);
      if (!d) k.fail('EBADF', `fd ${fd} is not open`);
      const rootPath = protidAt(k, space, dirs.crdir)?.peropen.path ?? '/';
      const file = dirLookup(k, space, d.port, '', flags, rootPath);
      if (req.entry === 'fexecve') {
        k.pc(5);
        return { file, path: '', abspath: '' };
      }
      k.pc(4);
      // execveat(fd, "", AT_EMPTY_PATH): the name is relative, so glibc wants the fd's directory name;
      // __hurd_canonicalize_directory_name_internal looks up ".." under the file: ENOTDIR.
      try {
        dirLookup(k, space, d.port, '..', { read: true, write: false, exec: false }, rootPath);
      } catch (e) {
        dealloc(k, space, file, '__execveat: "Might as well be tidy"');
        throw e;
      }
      return { file, path: '', abspath: '' };
    }
    let file: PortName;
    if (req.dirfd !== 'AT_FDCWD' && !isAbsolute(req.path)) {
      const d = g.dtable.get(req.dirfd);
      if (!d) k.fail('EBADF', `dirfd ${req.dirfd} is not open`);
      const rootPath = protidAt(k, space, dirs.crdir)?.peropen.path ?? '/';
      file = dirLookup(k, space, d.port, req.path, flags, rootPath);
      k.pc(4);
      const base = protidAt(k, space, d.port)!.peropen.path;
      return { file, path: req.path, abspath: `${base}/${req.path}` };
    }
    file = fileNameLookup(k, space, dirs, req.path, flags);
    k.pc(4);
    const abspath = isAbsolute(req.path) ? req.path : `${taskOf(k.state, pid).cwd}/${req.path}`;
    return { file, path: req.path, abspath };
  });
}

interface Packed {
  ports: PortName[];
  ints: number[];
  dtable: PortName[];
  pleaseDealloc: PortName[];
  /** Names glibc must deallocate after a failed exec (reauthenticated ports, proc_task2proc's port). */
  extra: PortName[];
  destroy: PortName[];
}

/** _hurd_exec_paths: phases 2–7. Returns normally only with an error or for an exec into another task. */
export function hurdExecPaths(k: Kernel, caller: ExecCaller, file: PortName, path: string, abspath: string, argv: readonly string[], envp: readonly string[]): void {
  const { pid, tid } = caller;
  const space = spaceOfPid(k.state, pid);
  const packed: Packed = { ports: [], ints: [], dtable: [], pleaseDealloc: [], extra: [], destroy: [] };

  k.phase('hurd.glibc.pack_ports', () => {
    const g = glibcOf(k.state, pid)!;
    for (let i = 0; i < INIT_PORT_MAX; i++) {
      const name = g.ports[i] ?? 0;
      if (i === INIT_PORT.PROC && !caller.sameTask) {
        k.pc(2);
        const proc = procTask2proc(k, space, name, caller.task);
        packed.ports.push(proc);
        packed.extra.push(proc);
      } else packed.ports.push(name);
    }
    k.pc(3);
    k.note(`ports {${portsText(packed.ports)}}`);
  });

  k.phase('hurd.glibc.pack_ints', () => {
    const task = taskOf(k.state, pid);
    const g = glibcOf(k.state, pid)!;
    const thread = task.threads.find((t) => t.tid === tid)!;
    const ints = new Array<number>(INIT_INT_MAX).fill(0);
    ints[INIT_INT.UMASK] = task.umask;
    ints[INIT_INT.TRACEMASK] = g.traced ? ALL_SIGNALS : 0;
    k.pc(2);
    ints[INIT_INT.SIGMASK] = sigmask(thread.blocked);
    ints[INIT_INT.SIGPENDING] = sigmask(task.signals.pending);
    k.pc(4);
    ints[INIT_INT.SIGIGN] = sigmask(sigset(SIGNAL_NAMES.filter((s) => task.signals.dispositions[s] === 'ignore')));
    packed.ints = ints;
    k.note(`ints {${intsText(ints)}}; the sigstate critical section stays held until file_exec_paths returns`);
  });

  k.phase('hurd.glibc.pack_dtable', () => {
    const g = glibcOf(k.state, pid)!;
    const max = g.dtable.size ? g.dtable.maxKey() + 1 : 0;
    const dtable: PortName[] = [];
    for (let fd = 0; fd < max; fd++) {
      const d = g.dtable.get(fd);
      k.pc(2);
      if (!d) {
        dtable.push(0);
        continue;
      }
      if (d.cloexec) {
        k.pc(3);
        dtable.push(0);
        if (caller.sameTask && d.port) {
          packed.pleaseDealloc.push(d.port);
          if (d.ctty) packed.pleaseDealloc.push(d.ctty);
        }
      } else {
        k.pc(4);
        if (caller.sameTask && d.ctty) packed.pleaseDealloc.push(d.ctty);
        dtable.push(d.port);
      }
    }
    k.pc(5);
    const full = dtable.length;
    while (dtable.length > 0 && dtable[dtable.length - 1] === 0) dtable.pop();
    packed.dtable = dtable;
    k.note(`dtable ${namesText(dtable)}${full !== dtable.length ? ` (${full - dtable.length} trailing NULL slot(s) pruned)` : ''}`);
  });

  k.phase('hurd.glibc.svuid_reauth', () => {
    const ids = authGetids(k, space, packed.ports[INIT_PORT.AUTH]!);
    k.pc(2);
    const uidDiffers = ids.auids.length >= 2 && ids.euids.length >= 1 && ids.auids[1] !== ids.euids[0];
    const gidDiffers = ids.agids.length >= 2 && ids.egids.length >= 1 && ids.agids[1] !== ids.egids[0];
    if (!uidDiffers && !gidDiffers) {
      k.note('saved ids already equal the effective ids: nothing to do');
      return;
    }
    k.pc(3);
    const auids = [...ids.auids];
    const agids = [...ids.agids];
    if (auids.length >= 2 && ids.euids.length >= 1) auids[1] = ids.euids[0]!;
    if (agids.length >= 2 && ids.egids.length >= 1) agids[1] = ids.egids[0]!;
    const newauth = authMakeauth(k, space, packed.ports[INIT_PORT.AUTH]!, [], { euids: ids.euids, auids, egids: ids.egids, agids });
    k.pc(4);
    if (caller.sameTask) packed.pleaseDealloc.push(packed.ports[INIT_PORT.AUTH]!);
    packed.ports[INIT_PORT.AUTH] = newauth;
    packed.extra.push(newauth);
    k.pc(5);
    let err: unknown = null;
    for (const slot of [INIT_PORT.CRDIR, INIT_PORT.CWDIR]) {
      const old = packed.ports[slot]!;
      let fresh = 0;
      try {
        fresh = old ? reauthenticateIo(k, space, old, newauth, `${INIT_PORT_NAMES[slot]} for the exec`) : 0;
      } catch (e) {
        err ??= e;
      }
      if (caller.sameTask) packed.pleaseDealloc.push(old);
      packed.ports[slot] = fresh;
      if (fresh) packed.extra.push(fresh);
    }
    if (err) throw err;
    k.pc(6);
    if (caller.sameTask) packed.pleaseDealloc.push(...packed.dtable);
    for (let fd = 0; fd < packed.dtable.length; fd++) {
      const old = packed.dtable[fd]!;
      if (!old) continue;
      const fresh = reauthenticateIo(k, space, old, newauth, `fd ${fd} for the exec`);
      packed.dtable[fd] = fresh;
      packed.extra.push(fresh);
    }
  });

  k.phase('hurd.glibc.dealloc_destroy_lists', () => {
    if (!caller.sameTask) {
      k.note('exec into another task: no dealloc or destroy list (our names stay ours)');
      return;
    }
    k.pc(2);
    const names = kernelCall(k, { from: space, dest: glibcOf(k.state, pid)!.taskSelf, rpc: 'mach_port_names' }, () => {
      const all = portNames(worldOf(k.state), space);
      return { value: all, out: [`${all.length} names`] };
    });
    k.pc(4);
    const keep = new Set<PortName>();
    for (const p of packed.ports) if (p) {
      packed.pleaseDealloc.push(p);
      keep.add(p);
    }
    for (const d of packed.dtable) if (d) {
      packed.pleaseDealloc.push(d);
      keep.add(d);
    }
    k.pc(5);
    packed.destroy = names.filter((n) => !keep.has(n));
    k.note(`please_dealloc ${namesText(packed.pleaseDealloc)}; destroy ${packed.destroy.length} name(s)`);
  });

  k.phase('hurd.glibc.file_exec', () => {
    const g = glibcOf(k.state, pid)!;
    const flags = g.traced ? EXEC_SIGTRAP : 0;
    k.pc(2);
    const task = taskOf(k.state, pid);
    const thread = task.threads.find((t) => t.tid === tid)!;
    const saved = thread.blocked;
    const all = sigset(SIGNAL_NAMES.filter((s) => s !== 'SIGKILL' && s !== 'SIGSTOP'));
    k.change({ ...k.state, tasks: k.state.tasks.set(pid, { ...task, threads: task.threads.map((t) => (t.tid === tid ? { ...t, blocked: all } : t)) }) }, {
      kind: 'signal-changed',
      pid,
      what: 'blocked',
      detail: 'sigprocmask(SIG_SETMASK, all): no signal may interrupt the exec RPC',
    });
    k.pc(3);
    const request: ExecRequest = {
      task: caller.task,
      file,
      flags,
      path,
      abspath,
      argv,
      envp,
      dtable: packed.dtable,
      ports: packed.ports,
      ints: packed.ints,
      dealloc: packed.pleaseDealloc,
      destroy: packed.destroy,
    };
    try {
      rpc(k, { from: space, dest: file, rpc: 'file_exec_paths', args: execArgs(request), rights: execRights(request) }, (req) => serveFileExec(k, request, req, space));
    } catch (e) {
      // Only a failed exec comes back here (the old program is intact).
      restoreAfterFailure(k, pid, tid, saved, space, packed);
      throw e;
    }
    k.pc(6);
    restoreAfterFailure(k, pid, tid, saved, space, packed);
  });
}

/** After file_exec_paths returned: the old mask back, our extra names released. */
function restoreAfterFailure(k: Kernel, pid: Pid, tid: Tid, saved: readonly string[], space: SpaceId, packed: Packed): void {
  const task = k.state.tasks.get(pid);
  if (!task || !task.threads.some((t) => t.tid === tid)) return;
  k.change({ ...k.state, tasks: k.state.tasks.set(pid, { ...task, threads: task.threads.map((t) => (t.tid === tid ? { ...t, blocked: saved as typeof t.blocked } : t)) }) }, {
    kind: 'signal-changed',
    pid,
    what: 'blocked',
    detail: 'sigprocmask(SIG_SETMASK, old)',
  });
  for (const n of packed.extra) dealloc(k, space, n, 'glibc releases the ports it made for the exec');
}
