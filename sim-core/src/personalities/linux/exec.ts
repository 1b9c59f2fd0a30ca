/**
 * execve, execveat and fexecve (LINUX fs/exec.c): do_execveat_common →
 * bprm_execve → exec_binprm → search_binary_handler → load_binary, phase by
 * phase. Before the point of no return an error goes back to the caller;
 * after it the process dies with SIGSEGV (bprm_execve: force_fatal_sig).
 */
import type { Outcome } from '../../engine/events.js';
import { SysError, type Kernel } from '../../engine/kernel.js';
import { slotOf, taskOf } from '../../model/fds.js';
import { withTask } from '../../model/copy.js';
import { PATH_MAX, utf8Length } from '../../model/filesystem.js';
import type { ActionContext } from '../personality.js';
import type { ExecveatFlag } from '../../scenario/actions.js';
import { terminateProcess, updateTask } from '../common/process-ops.js';
import { loadElfBinary } from './binfmt-elf.js';
import { fileHead, loadMiscBinary, takeExecutable } from './binfmt-misc.js';
import { loadScript } from './binfmt-script.js';
import type { Bprm } from './bprm.js';
import { copyStringKernel, copyStrings, stackLimits } from './copy-args.js';
import { openExec } from './open-exec.js';
import { hasExecveCheck } from './version.js';
import { rememberLast } from '../../model/remember-last.js';

export interface ExecRequest {
  readonly dirfd: number | 'AT_FDCWD';
  readonly path: string;
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  readonly flags: readonly ExecveatFlag[];
  /** Label of the actor frame: the entry point the program called. */
  readonly entry: string;
}

const NONE: readonly never[] = [];

export function execveAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  switch (a.call) {
    case 'execve':
      return doExecveatCommon(k, ctx, { dirfd: 'AT_FDCWD', path: a.path, argv: a.argv, envp: a.envp ?? NONE, flags: NONE, entry: 'execve' });
    case 'execveat':
      return doExecveatCommon(k, ctx, { dirfd: a.dirfd, path: a.path, argv: a.argv, envp: a.envp ?? NONE, flags: a.flags, entry: 'execveat' });
    case 'fexecve':
      // glibc: fexecve(fd, argv, envp) = execveat(fd, "", argv, envp, AT_EMPTY_PATH).
      return doExecveatCommon(k, ctx, { dirfd: a.fd, path: '', argv: a.argv, envp: a.envp ?? NONE, flags: ['AT_EMPTY_PATH'], entry: 'fexecve → execveat(fd, "", AT_EMPTY_PATH)' });
    default:
      throw new Error(`internal: ${a.call} is not an exec call`);
  }
}

export function doExecveatCommon(k: Kernel, ctx: ActionContext, req: ExecRequest): Outcome {
  const { pid, tid } = ctx;
  const bprm = newBprm(k, pid, tid, req.path, req.argv, req.envp);
  try {
    return k.actor('kernel', `do_execveat_common (${req.entry})`, pid, tid, () => execSteps(k, bprm, req));
  } catch (e) {
    if (!(e instanceof SysError) || !bprm.pointOfNoReturn) throw e;
    // Past the point of no return nothing goes back to the old program.
    terminateProcess(k, pid, { signal: 'SIGSEGV', reason: `exec failed after the point of no return: ${e.errno} (${e.detail})` });
    return { ok: false, killed: 'SIGSEGV', detail: `${e.errno} after the point of no return: ${e.detail}`, ...(k.failedPhase ? { phase: k.failedPhase } : {}) };
  }
}

/** A fresh struct linux_binprm for one exec by `pid` (fs/exec.c: alloc_bprm fills the names later). */
export function newBprm(k: Kernel, pid: number, tid: number, path: string, argv: readonly string[], envp: readonly string[]): Bprm {
  return {
    pid,
    tid,
    filename: path,
    interp: path,
    file: { ino: 0, path: '', dentry: '' },
    interpreter: null,
    executable: null,
    haveExecfd: false,
    execfdCreds: false,
    pathInaccessible: false,
    commFromDentry: false,
    argv: [...argv],
    envp: [...envp],
    stringBytes: 0,
    limit: 0,
    rlimStack: taskOf(k.state, pid).rlimits.stack,
    cred: taskOf(k.state, pid).creds,
    unsafe: new Set(),
    secureexec: false,
    pointOfNoReturn: false,
    elfInterp: null,
    execfd: null,
  };
}

function execSteps(k: Kernel, bprm: Bprm, req: ExecRequest): Outcome {
  const { pid } = bprm;
  k.phase('linux.entry', () => {
    if (req.path === '' && !req.flags.includes('AT_EMPTY_PATH')) k.fail('ENOENT', 'empty file name without AT_EMPTY_PATH');
    k.pc(3);
    if (utf8Length(req.path) >= PATH_MAX) k.fail('ENAMETOOLONG', `the name is ${utf8Length(req.path)} bytes (PATH_MAX is ${PATH_MAX})`);
  });

  k.phase('linux.nproc', () => {
    const task = taskOf(k.state, pid);
    if (!task.nprocExceeded) return;
    const limit = task.rlimits.nproc;
    let count = 0;
    k.state.tasks.forEach((t) => {
      if (t.status.state === 'running' && t.creds.uid === task.creds.uid) count++;
    });
    if (limit !== null && count > limit) k.fail('EAGAIN', `uid ${task.creds.uid} has ${count} processes, over RLIMIT_NPROC ${limit}`);
    k.pc(3);
    k.change(updateTask(k.state, pid, (t) => withTask(t, { nprocExceeded: false })), { kind: 'note', text: 'back under RLIMIT_NPROC: PF_NPROC_EXCEEDED cleared' });
  });

  const file = k.phase('linux.open_exec', () => openExec(k, pid, req.dirfd, req.path, req.flags));
  bprm.file = file;

  k.phase('linux.alloc_bprm', () => {
    if (req.dirfd === 'AT_FDCWD' || req.path.startsWith('/')) {
      bprm.filename = req.path;
    } else {
      k.pc(2);
      bprm.filename = req.path === '' ? `/dev/fd/${req.dirfd}` : `/dev/fd/${req.dirfd}/${req.path}`;
      bprm.commFromDentry = req.path === '';
      k.pc(3);
      if (slotOf(k.state, pid, req.dirfd)?.cloexec) {
        bprm.pathInaccessible = true;
        k.note(`fd ${req.dirfd} is close-on-exec: ${bprm.filename} will not exist for the new program (BINPRM_FLAGS_PATH_INACCESSIBLE)`);
      }
    }
    k.pc(4);
    bprm.interp = bprm.filename;
    k.change(k.state, { kind: 'note', text: filenameText(bprm.filename) });
  });

  k.phase('linux.copy_args', () => {
    stackLimits(k, bprm, bprm.argv.length, bprm.envp.length);
    k.pc(4);
    copyStringKernel(k, bprm, bprm.filename);
    copyStrings(k, bprm, bprm.envp);
    copyStrings(k, bprm, bprm.argv);
    if (bprm.argv.length === 0) {
      k.pc(6);
      copyStringKernel(k, bprm, '');
      bprm.argv = [''];
      k.note('argc was 0: the kernel added argv[0] = ""');
    }
  });

  return bprmExecve(k, bprm, req.flags);
}

const filenameText = rememberLast((name: string): string => `bprm->filename = ${JSON.stringify(name)}`);

/** The engine keeps each statement's outcome: the same program exec'd again shares one. */
const runningOutcome = rememberLast((path: string): Outcome => Object.freeze({ ok: true, detail: `now running ${path}` }));

/**
 * bprm_execve and exec_binprm: credentials, the handler loop and (inside the
 * binary handler) the commit. Shared by execve and kernel_execve.
 */
export function bprmExecve(k: Kernel, bprm: Bprm, flags: readonly ExecveatFlag[]): Outcome {
  const { pid } = bprm;
  const checkOnly = flags.includes('AT_EXECVE_CHECK') && hasExecveCheck(k.state.machine.kernelVersion);
  k.phase('linux.creds_prepare', () => {
    const task = taskOf(k.state, pid);
    bprm.cred = task.creds;
    k.pc(3);
    if (task.ptraced) bprm.unsafe.add('ptrace');
    k.pc(4);
    if (task.noNewPrivs) bprm.unsafe.add('no_new_privs');
    k.pc(6);
    if (checkOnly) k.note('AT_EXECVE_CHECK: the file may be executed; nothing is run');
  });
  if (checkOnly) return { ok: true, value: 0, detail: 'AT_EXECVE_CHECK passed' };

  k.phase('linux.interp_loop', () => {
    for (let depth = 0; ; depth++) {
      k.pc(2);
      if (depth > 5) k.fail('ELOOP', `more than 5 levels of interpreters (now at ${bprm.file.path})`);
      k.pc(3);
      searchBinaryHandler(k, bprm);
      k.pc(4);
      if (!bprm.interpreter) break;
      k.pc(5);
      k.note(`depth ${depth + 1}: the interpreter ${bprm.interpreter.path} is the next file`);
      const previous = bprm.file;
      bprm.file = bprm.interpreter;
      bprm.interpreter = null;
      takeExecutable(k, bprm, previous);
    }
  });
  return runningOutcome(bprm.file.path);
}

function searchBinaryHandler(k: Kernel, bprm: Bprm): void {
  k.phase('linux.search_binfmt', () => {
    const head = fileHead(k, bprm.file.ino);
    k.pc(2);
    // binfmt_misc is inserted at the head of the list (insert_binfmt); script and ELF follow.
    const refusals: string[] = [];
    for (let handler = 0; handler < 3; handler++) {
      k.pc(3);
      try {
        if (handler === 0 ? loadMiscBinary(k, bprm, head) : handler === 1 ? loadElfBinary(k, bprm) : loadScript(k, bprm, head)) return;
      } catch (e) {
        // -ENOEXEC from a handler means "not mine": the next one is tried (not past the point of no return).
        if (!(e instanceof SysError) || e.errno !== 'ENOEXEC' || bprm.pointOfNoReturn) throw e;
        k.failedPhase = undefined;
        refusals.push(e.detail);
      }
    }
    k.pc(5);
    const misc = (k.state.machine.binfmtMisc ?? []).length ? ', no binfmt_misc rule matches' : '';
    k.fail('ENOEXEC', refusals.length ? `no handler takes ${bprm.file.path}: ${refusals.join('; ')}${misc}` : `${bprm.file.path} is neither ELF nor a #! script${misc}`);
  });
}
