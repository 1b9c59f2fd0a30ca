/**
 * posix_spawn on the Hurd (GLIBC sysdeps/mach/hurd/spawni.c __spawni): no
 * fork; a fresh task registered with proc as our child, the file actions run
 * by the parent on the child's copy of the descriptor table, and
 * file_exec_paths with the child's task port and no dealloc/destroy lists.
 * Every error is the parent's errno; the child task is then terminated.
 */
import type { Outcome } from '../../engine/events.js';
import { SysError, type Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { sigset, SIGNAL_NAMES } from '../../model/signals.js';
import type { Pid } from '../../model/state.js';
import { accessOfOpenFlags } from '../../scenario/actions.js';
import type { ActionContext } from '../personality.js';
import { authGetids, authMakeauth, reauthenticateIo } from './auth.js';
import { describeFileAction, type SpawnFileAction } from './actions.js';
import { hurdFail } from './exec-actions.js';
import { dirLookup, fileNameLookup, protidAt, type OpenFlags } from './fs.js';
import { execArgs, execRights, intsText, namesText, type ExecRequest } from './glibc-exec.js';
import { serveFileExec } from './file-exec.js';
import { addRefs, dealloc, kernelCall, rpc } from './ipc.js';
import { withWorld, worldOf } from './mach-ports.js';
import { newProcess, procCall, procChild, procReauthenticate, procTask2pid, procTask2proc } from './proc.js';
import { ALL_SIGNALS, sigmask } from './signals.js';
import { startProgram } from './startup.js';
import { taskPortName, taskTerminate } from './task-ops.js';
import { createMachTask, glibcOf, spaceOfPid } from './tasks.js';
import { CMASK, EXEC_SIGTRAP, INIT_INT, INIT_INT_MAX, INIT_PORT, INIT_PORT_MAX, type PortName, type SpaceId } from './state.js';

/** The child's descriptor table as the parent builds it. */
interface ChildFd {
  port: PortName;
  /** True for a right we acquired here (open, or a dup of one): deallocated, not a _hurd_dtable userlink. */
  acquired: boolean;
}

export function spawnAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'posix_spawn') throw new Error('internal');
  const { pid, tid } = ctx;
  const g = glibcOf(k.state, pid);
  if (!g) k.fail('ESRCH', `${taskOf(k.state, pid).name} is not running a program`);
  const space = spaceOfPid(k.state, pid);
  const flags = new Set(a.attributes?.flags ?? []);
  let task: PortName = 0;
  let childPid: Pid = 0;
  let proc: PortName = 0;
  let auth: PortName = 0;
  let ccwdir: PortName = 0;
  let rcrdir: PortName = 0;
  let rcwdir: PortName = 0;
  let dtable: Array<ChildFd | null> = [];
  const ints = new Array<number>(INIT_INT_MAX).fill(0);
  let ok = false;

  try {
    k.actor('glibc', '__spawni', pid, tid, () => {
      k.phase('hurd.spawn.task', () => {
        task = kernelCall(k, { from: space, dest: g.taskSelf, rpc: 'task_create', args: ['inherit_memory 0'] }, () => {
          let w = worldOf(k.state);
          let t: SpaceId;
          [w, t] = createMachTask(w, `${a.child}(new task)`, null);
          let s = withWorld(k.state, w);
          const parent = taskOf(s, pid);
          [s, childPid] = newProcess(s, { name: a.child, ppid: 1, space: t, creds: parent.creds, cwd: parent.cwd, root: parent.root, umask: CMASK });
          k.change(s, { kind: 'task-created', pid: childPid, parent: pid, how: 'task_create (posix_spawn: no memory inherited)', name: a.child });
          const name = taskPortName(k, space, t);
          return { value: name, out: [`task ${name}`] };
        });
        k.pc(2);
        procTask2pid(k, space, g.ports[INIT_PORT.PROC]!, task);
        proc = procTask2proc(k, space, g.ports[INIT_PORT.PROC]!, task);
        k.pc(3);
        procChild(k, space, g.ports[INIT_PORT.PROC]!, task);
      });

      k.phase('hurd.spawn.ints', () => {
        const parent = taskOf(k.state, pid);
        const thread = parent.threads.find((t) => t.tid === tid)!;
        ints[INIT_INT.UMASK] = parent.umask;
        ints[INIT_INT.TRACEMASK] = g.traced ? ALL_SIGNALS : 0;
        k.pc(2);
        ints[INIT_INT.SIGMASK] = sigmask(thread.blocked);
        ints[INIT_INT.SIGPENDING] = 0;
        k.pc(3);
        if (!flags.has('POSIX_SPAWN_SETSIGDEF')) ints[INIT_INT.SIGIGN] = sigmask(sigset(SIGNAL_NAMES.filter((s) => parent.signals.dispositions[s] === 'ignore')));
        k.pc(4);
        if (flags.has('POSIX_SPAWN_SETSIGMASK')) ints[INIT_INT.SIGMASK] = sigmask(sigset(a.attributes?.sigmask ?? []));
        k.note(`ints {${intsText(ints)}}`);
      });

      k.phase('hurd.spawn.proc_attrs', () => {
        if (flags.has('POSIX_SPAWN_SETSID')) procCall(k, space, proc, 'proc_setsid', []);
        k.pc(2);
        if (flags.has('POSIX_SPAWN_SETPGROUP')) procCall(k, space, proc, 'proc_setpgrp', [String(childPid), String(a.attributes?.pgroup ?? 0)]);
        k.pc(3);
        if (flags.has('POSIX_SPAWN_RESETIDS')) {
          const ids = authGetids(k, space, g.ports[INIT_PORT.AUTH]!);
          if (ids.auids.length < 1 || ids.agids.length < 1) k.fail('EGRATUITOUS', 'no real uid or gid to reset to');
          auth = authMakeauth(k, space, g.ports[INIT_PORT.AUTH]!, [], { euids: [ids.auids[0]!], auids: ids.auids, egids: [ids.agids[0]!], agids: ids.agids });
          k.note('rid_auth: the real uid and gid as the only effective ids');
        } else {
          k.pc(4);
          auth = g.ports[INIT_PORT.AUTH]!;
          addRefs(k, space, auth, 1, 'a copy of our auth port for the child');
        }
      });

      const origSize = g.dtable.size ? g.dtable.maxKey() + 1 : 0;
      const cloexec: boolean[] = [];
      k.phase('hurd.spawn.dtable', () => {
        for (let fd = 0; fd < origSize; fd++) {
          const d = g.dtable.get(fd);
          dtable.push(d ? { port: d.port, acquired: false } : null);
          cloexec.push(d ? d.cloexec : false);
        }
        k.note(`child dtable ${namesText(dtable.map((d) => d?.port ?? 0))}, close-on-exec [${cloexec.map((c, i) => (c ? i : -1)).filter((i) => i >= 0).join(' ')}]`);
      });

      const childDirs = () => ({ crdir: g.ports[INIT_PORT.CRDIR]!, cwdir: ccwdir || g.ports[INIT_PORT.CWDIR]! });
      k.phase('hurd.spawn.file_actions', () => {
        for (const fa of a.fileActions ?? []) {
          k.note(`file action: ${describeFileAction(fa)}`);
          runFileAction(k, space, fa, dtable, cloexec, origSize, childDirs, (n) => (ccwdir = n), () => ccwdir);
        }
      });

      k.phase('hurd.spawn.cloexec', () => {
        for (let fd = 0; fd < origSize; fd++) {
          const d = dtable[fd];
          if (d && cloexec[fd]) {
            if (d.acquired) dealloc(k, space, d.port, `fd ${fd} is close-on-exec`);
            dtable[fd] = null;
            k.note(`fd ${fd} is close-on-exec: not given to the child`);
          }
        }
        k.pc(2);
        while (dtable.length > 0 && dtable[dtable.length - 1] === null) dtable.pop();
        k.pc(3);
        if (flags.has('POSIX_SPAWN_RESETIDS')) {
          const np = procReauthenticate(k, space, proc, auth);
          dealloc(k, space, proc, 'the child\'s old process port');
          proc = np;
          rcrdir = reauthenticateIo(k, space, g.ports[INIT_PORT.CRDIR]!, auth, 'the child\'s root');
          rcwdir = reauthenticateIo(k, space, ccwdir || g.ports[INIT_PORT.CWDIR]!, auth, 'the child\'s cwd');
          dtable = dtable.map((d, fd) => {
            if (!d || d.acquired) return d;
            return { port: reauthenticateIo(k, space, d.port, auth, `the child's fd ${fd}`), acquired: true };
          });
        }
      });

      const dirsForExec = () => ({ crdir: rcrdir || g.ports[INIT_PORT.CRDIR]!, cwdir: rcwdir || ccwdir || g.ports[INIT_PORT.CWDIR]! });
      let execfile: PortName = 0;
      let relpath = a.path;
      k.phase('hurd.spawn.lookup', () => {
        if (!a.usePath || a.path.includes('/')) {
          execfile = fileNameLookup(k, space, dirsForExec(), a.path, { read: false, write: false, exec: true });
          return;
        }
        k.pc(2);
        const env = (a.envp ?? []).find((e) => e.startsWith('PATH='));
        const dirs = (env ? env.slice(5) : ':/bin:/usr/bin').split(':');
        let last: SysError | null = null;
        for (const dir of dirs) {
          const candidate = dir === '' ? a.path : `${dir}/${a.path}`;
          try {
            execfile = fileNameLookup(k, space, dirsForExec(), candidate, { read: false, write: false, exec: true });
            relpath = candidate;
            return;
          } catch (e) {
            if (!(e instanceof SysError)) throw e;
            k.pc(3);
            if (!['EACCES', 'ENOENT', 'ESTALE', 'ENOTDIR'].includes(e.errno)) throw e;
            last = e;
          }
        }
        throw last ?? new SysError('ENOENT', `${a.path} is in no $PATH directory`);
      });

      k.phase('hurd.spawn.exec', () => {
        const abspath = relpath.startsWith('/') ? relpath : `${taskOf(k.state, pid).cwd}/${relpath}`;
        if (!relpath.startsWith('/') && ccwdir) k.note(`abspath is built from the parent's cwd (getcwd), not the chdir file action's: ${abspath}`);
        const ports: PortName[] = [];
        for (let i = 0; i < INIT_PORT_MAX; i++) {
          if (i === INIT_PORT.AUTH) ports.push(auth);
          else if (i === INIT_PORT.PROC) ports.push(proc);
          else if (i === INIT_PORT.CRDIR && rcrdir) ports.push(rcrdir);
          else if (i === INIT_PORT.CWDIR && (rcwdir || ccwdir)) ports.push(rcwdir || ccwdir);
          else ports.push(g.ports[i] ?? 0);
        }
        const parent = taskOf(k.state, pid);
        const thread = parent.threads.find((t) => t.tid === tid)!;
        const saved = thread.blocked;
        const all = sigset(SIGNAL_NAMES.filter((s) => s !== 'SIGKILL' && s !== 'SIGSTOP'));
        k.change({ ...k.state, tasks: k.state.tasks.set(pid, { ...parent, threads: parent.threads.map((t) => (t.tid === tid ? { ...t, blocked: all } : t)) }) }, { kind: 'signal-changed', pid, what: 'blocked', detail: 'sigprocmask(SIG_SETMASK, all) around the exec' });
        const exec = (file: PortName, argv: readonly string[]) => {
          const request: ExecRequest = {
            task,
            file,
            flags: g.traced ? EXEC_SIGTRAP : 0,
            path: relpath,
            abspath,
            argv,
            envp: a.envp ?? [],
            dtable: dtable.map((d) => d?.port ?? 0),
            ports,
            ints,
            dealloc: [],
            destroy: [],
          };
          rpc(k, { from: space, dest: file, rpc: 'file_exec_paths', args: execArgs(request), rights: execRights(request) }, (r) => serveFileExec(k, request, r, space));
        };
        try {
          try {
            exec(execfile, a.argv);
          } catch (e) {
            if (!(e instanceof SysError) || e.errno !== 'ENOEXEC' || !a.tryShell) throw e;
            k.pc(4);
            dealloc(k, space, execfile, 'not an executable');
            execfile = fileNameLookup(k, space, dirsForExec(), '/bin/sh', { read: false, write: false, exec: true });
            exec(execfile, ['/bin/sh', ...(a.argv.length ? a.argv : [relpath])]);
          }
        } finally {
          dealloc(k, space, execfile, 'done with the program file');
          const now = taskOf(k.state, pid);
          k.change({ ...k.state, tasks: k.state.tasks.set(pid, { ...now, threads: now.threads.map((t) => (t.tid === tid ? { ...t, blocked: saved } : t)) }) }, { kind: 'signal-changed', pid, what: 'blocked', detail: 'sigprocmask(SIG_SETMASK, old)' });
        }
        ok = true;
      });
    });
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    cleanup(k, space, { task, proc, auth, ccwdir, rcrdir, rcwdir, dtable, failed: true });
    const errno = hurdFail(e.errno);
    throw errno === e.errno ? e : new SysError(errno, `${e.detail} (__hurd_fail: ${e.errno} → ${errno})`);
  }
  cleanup(k, space, { task, proc, auth, ccwdir, rcrdir, rcwdir, dtable, failed: !ok });
  startProgram(k, childPid);
  return { ok: true, value: childPid, detail: `${a.child} is pid ${childPid}` };
}

function cleanup(
  k: Kernel,
  space: SpaceId,
  s: { task: PortName; proc: PortName; auth: PortName; ccwdir: PortName; rcrdir: PortName; rcwdir: PortName; dtable: Array<ChildFd | null>; failed: boolean },
): void {
  if (s.task) {
    if (s.failed) taskTerminate(k, space, s.task, 'posix_spawn failed after creating the task');
    dealloc(k, space, s.task, 'done with the child\'s task port');
  }
  for (const n of [s.auth, s.proc, s.ccwdir, s.rcrdir, s.rcwdir]) if (n) dealloc(k, space, n, 'posix_spawn releases its references');
  for (const d of s.dtable) if (d && d.acquired) dealloc(k, space, d.port, 'a descriptor made for the child');
}

function openFlags(flags: readonly string[]): OpenFlags {
  const access = accessOfOpenFlags(flags as Parameters<typeof accessOfOpenFlags>[0]);
  return { read: access === 'ro' || access === 'rw', write: access === 'wo' || access === 'rw', exec: access === 'exec', directory: flags.includes('O_DIRECTORY'), nolink: flags.includes('O_NOFOLLOW') };
}

function runFileAction(
  k: Kernel,
  space: SpaceId,
  fa: SpawnFileAction,
  dtable: Array<ChildFd | null>,
  cloexec: boolean[],
  origSize: number,
  dirs: () => { crdir: PortName; cwdir: PortName },
  setCwd: (n: PortName) => void,
  getCwd: () => PortName,
): void {
  const close = (fd: number): boolean => {
    const d = dtable[fd];
    if (fd < 0 || fd >= dtable.length || !d) return false;
    if (d.acquired) dealloc(k, space, d.port, `the child's fd ${fd} is closed`);
    dtable[fd] = null;
    return true;
  };
  const expand = (fd: number) => {
    while (dtable.length <= fd) dtable.push(null);
  };
  switch (fa.action) {
    case 'close':
      k.pc(1);
      if (!close(fa.fd)) k.fail('EBADF', `close ${fa.fd}: not open in the child's table`);
      return;
    case 'dup2': {
      k.pc(2);
      const src = dtable[fa.fd];
      if (fa.fd < 0 || !src) k.fail('EBADF', `dup2 ${fa.fd} ${fa.newfd}: fd ${fa.fd} is not open`);
      if (fa.newfd < origSize) cloexec[fa.newfd] = false;
      if (fa.fd === fa.newfd) {
        k.note(`dup2(${fa.fd}, ${fa.fd}): only the close-on-exec flag is cleared`);
        return;
      }
      expand(fa.newfd);
      close(fa.newfd);
      if (src.acquired) addRefs(k, space, src.port, 1, `the child's fd ${fa.newfd} shares fd ${fa.fd}'s port`);
      dtable[fa.newfd] = { port: src.port, acquired: src.acquired };
      return;
    }
    case 'open': {
      k.pc(3);
      close(fa.fd);
      if (fa.fd < origSize) cloexec[fa.fd] = false;
      expand(fa.fd);
      const d = dirs();
      const port = fileNameLookup(k, space, d, fa.path, openFlags(fa.flags));
      dtable[fa.fd] = { port, acquired: true };
      if (fa.flags.includes('O_CLOEXEC')) k.note(`O_CLOEXEC is not kept: the child's fd ${fa.fd} stays open across the exec`);
      return;
    }
    case 'chdir': {
      k.pc(4);
      if (fa.path === '') k.fail('ENOENT', 'chdir to an empty name');
      const name = fa.path.endsWith('/.') ? fa.path : `${fa.path}/.`;
      const port = fileNameLookup(k, space, dirs(), name, { read: false, write: false, exec: false });
      if (getCwd()) dealloc(k, space, getCwd(), 'the previous chdir file action\'s directory');
      setCwd(port);
      return;
    }
    case 'fchdir': {
      k.pc(4);
      const d = dtable[fa.fd];
      if (!d) k.fail('EBADF', `fchdir ${fa.fd}: not open`);
      const root = protidAt(k, space, dirs().crdir)?.peropen.path ?? '/';
      const port = dirLookup(k, space, d.port, '.', { read: false, write: false, exec: false }, root);
      if (getCwd()) dealloc(k, space, getCwd(), 'the previous directory');
      setCwd(port);
      return;
    }
    case 'closefrom':
      k.pc(5);
      for (let fd = fa.fd; fd < dtable.length; fd++) close(fd);
      return;
  }
}
