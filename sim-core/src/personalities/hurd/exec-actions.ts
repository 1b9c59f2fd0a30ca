/**
 * The scenario's exec calls on the Hurd: execve / execveat / fexecve (GLIBC
 * sysdeps/mach/hurd/execve.c, execveat.c, fexecve.c), and file_exec_paths
 * into another task. A same-task exec that succeeds never returns: the
 * calling thread is gone and the new program starts; one that fails past the
 * point of no return leaves the task terminated.
 */
import type { Outcome } from '../../engine/events.js';
import { SysError, type Kernel } from '../../engine/kernel.js';
import type { Errno } from '../../model/errno.js';
import { taskOf } from '../../model/fds.js';
import type { Pid } from '../../model/state.js';
import type { ActionContext } from '../personality.js';
import { hurdExecPaths, lookupForExec } from './glibc-exec.js';
import { CallerGone, dealloc } from './ipc.js';
import { procPid2task } from './proc.js';
import { startProgram } from './startup.js';
import { glibcOf, spaceOfPid } from './tasks.js';
import { INIT_PORT } from './state.js';
import { fileNameLookup } from './fs.js';

/** __hurd_fail (GLIBC hurd/hurd.h): what errno a program sees for a Mach or MIG code. */
export function hurdFail(err: Errno): Errno {
  switch (err) {
    case 'MACH_SEND_INVALID_DEST':
      return 'EIEIO';
    case 'KERN_NO_SPACE':
      return 'ENOMEM';
    default:
      return err;
  }
}

function mapped(e: SysError): SysError {
  const errno = hurdFail(e.errno);
  return errno === e.errno ? e : new SysError(errno, `${e.detail} (__hurd_fail: ${e.errno} → ${errno})`);
}

function noProgram(k: Kernel, pid: Pid): never {
  k.fail('ESRCH', `${taskOf(k.state, pid).name} is not running a program (no glibc state)`);
}

/** After the exec's RPC: either the caller is gone (success, or killed past the point of no return) or an error. */
function concluded(k: Kernel, pid: Pid, e: CallerGone): Outcome {
  const task = k.state.tasks.get(pid);
  if (!task || task.status.state !== 'running') {
    return {
      ok: false,
      killed: 'SIGKILL',
      detail: `the exec failed (${e.result}) after the point of no return: the exec server terminated the task`,
      ...(k.failedPhase ? { phase: k.failedPhase } : {}),
    };
  }
  startProgram(k, pid);
  const image = k.state.mms.get(taskOf(k.state, pid).mm)?.image ?? '?';
  return { ok: true, detail: `now running ${image}` };
}

export function execAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  const { pid, tid } = ctx;
  if (!glibcOf(k.state, pid)) noProgram(k, pid);
  let req: Parameters<typeof lookupForExec>[2];
  let argv: readonly string[];
  let envp: readonly string[];
  switch (a.call) {
    case 'execve':
      req = { dirfd: 'AT_FDCWD', path: a.path, emptyPath: false, nofollow: false, entry: 'execve' };
      [argv, envp] = [a.argv, a.envp ?? []];
      break;
    case 'execveat':
      req = { dirfd: a.dirfd, path: a.path, emptyPath: a.flags.includes('AT_EMPTY_PATH'), nofollow: a.flags.includes('AT_SYMLINK_NOFOLLOW'), entry: 'execveat' };
      if (a.flags.some((f) => f !== 'AT_EMPTY_PATH' && f !== 'AT_SYMLINK_NOFOLLOW')) {
        k.fail('EINVAL', `execveat on the Hurd takes AT_EMPTY_PATH and AT_SYMLINK_NOFOLLOW only (__hurd_at_flags)`);
      }
      [argv, envp] = [a.argv, a.envp ?? []];
      break;
    case 'fexecve':
      req = { dirfd: a.fd, path: '', emptyPath: true, nofollow: false, entry: 'fexecve' };
      [argv, envp] = [a.argv, a.envp ?? []];
      break;
    default:
      throw new Error(`internal: ${a.call} is not an exec call`);
  }
  const space = spaceOfPid(k.state, pid);
  try {
    k.actor('glibc', `${req.entry === 'fexecve' ? 'fexecve' : '__execveat'} → _hurd_exec_paths`, pid, tid, () => {
      const { file, path, abspath } = lookupForExec(k, pid, req);
      try {
        hurdExecPaths(k, { pid, tid, task: glibcOf(k.state, pid)!.taskSelf, sameTask: true }, file, path, abspath, argv, envp);
      } catch (e) {
        if (e instanceof SysError) dealloc(k, space, file, 'the exec failed: "Might as well be tidy"');
        throw e;
      }
      // A same-task exec that returns has failed; fexecve turns a "success" into EGRATUITOUS.
      k.fail('EGRATUITOUS', 'file_exec_paths returned without replacing the program');
    });
  } catch (e) {
    if (e instanceof CallerGone) return concluded(k, pid, e);
    if (e instanceof SysError) throw mapped(e);
    throw e;
  }
  return { ok: true };
}

/**
 * file_exec_paths into another task: the caller gets the task's port from
 * proc (proc_pid2task), opens the file and runs _hurd_exec_paths on that
 * task (no dealloc or destroy list; the proc slot from proc_task2proc).
 */
export function execIntoAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'file_exec_paths') throw new Error('internal');
  const { pid, tid } = ctx;
  const g = glibcOf(k.state, pid);
  if (!g) noProgram(k, pid);
  const targetPid = k.state.names[a.target];
  if (targetPid === undefined) k.fail('ESRCH', `no task named ${a.target}`);
  const space = spaceOfPid(k.state, pid);
  try {
    k.actor('glibc', `_hurd_exec_paths into ${a.target}`, pid, tid, () => {
      const task = procPid2task(k, space, g.ports[INIT_PORT.PROC]!, targetPid);
      let file = 0;
      let opened = false;
      try {
        file = k.phase('hurd.glibc.lookup', () => {
          if (a.fd !== undefined) {
            const d = g.dtable.get(a.fd);
            if (!d) k.fail('EBADF', `fd ${a.fd} is not open`);
            k.note(`the port of fd ${a.fd} is used as it is (no O_EXEC reopen)`);
            return d.port;
          }
          opened = true;
          return fileNameLookup(k, space, { crdir: g.ports[INIT_PORT.CRDIR]!, cwdir: g.ports[INIT_PORT.CWDIR]! }, a.path ?? '', { read: false, write: false, exec: true });
        });
        const path = a.path ?? '';
        const abspath = path === '' || path.startsWith('/') ? path : `${taskOf(k.state, pid).cwd}/${path}`;
        hurdExecPaths(k, { pid, tid, task, sameTask: false }, file, path, abspath, a.argv, a.envp ?? []);
      } finally {
        if (file && opened) dealloc(k, space, file, 'done with the file');
        dealloc(k, space, task, 'done with the task port');
      }
    });
  } catch (e) {
    if (e instanceof SysError) throw mapped(e);
    throw e;
  }
  startProgram(k, targetPid);
  return { ok: true, value: targetPid, detail: `${a.target} now runs ${a.path ?? `fd ${a.fd}`}` };
}
