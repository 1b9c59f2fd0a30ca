/**
 * `cloudabi_run`: the process runs cloudabi-run with a YAML document on its
 * standard input (CAUTILS src/cloudabi-run/cloudabi-run.cc: main, without -e).
 * cloudabi-run is a native FreeBSD program: it opens the executable, turns the
 * YAML into argdata, then re-executes itself natively as cloudabi-reexec with
 * the fd and the tree in its argument strings; cloudabi-reexec, a CloudABI
 * program and so already in capability mode, calls program_exec, and the
 * kernel's remapping gives the program exactly the fds the YAML names — none
 * unless it names some.
 */
import type { Outcome } from '../../../engine/events.js';
import { SysError, type Kernel } from '../../../engine/kernel.js';
import { errnoText } from '../../../model/errno.js';
import { taskOf } from '../../../model/fds.js';
import type { ActionContext } from '../../personality.js';
import { terminateProcess } from '../../common/process-ops.js';
import { DEFAULT_REEXEC_PATH } from '../actions.js';
import { argFd, argSeq, type Argdata } from '../argdata/value.js';
import { serialize } from '../argdata/serialize.js';
import { recordMessage, type ExecCaller } from '../libc/program-exec.js';
import { sysExecve, type SyscallResult } from '../kernel/proc-exec.js';
import { splitAtNul } from '../kernel/sysvec.js';
import { crt0Start, reexecMain, startProgram, writeMessage } from '../newprog/start.js';
import { nativeOpen } from './native-open.js';
import { YamlConfigError, yamlToArgdata } from './yaml-to-argdata.js';
import { outcomeOf } from '../proc-exec-action.js';

function exit127(k: Kernel, pid: number, message: string): void {
  writeMessage(k, pid, 2, message);
  terminateProcess(k, pid, { status: 127 });
}

export function cloudabiRunAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'cloudabi_run') throw new Error('internal');
  const caller: ExecCaller = { pid: ctx.pid, tid: ctx.tid, action: a.index };
  const { pid, tid } = ctx;

  const prepared = k.actor('caller', `cloudabi-run ${a.executable}`, pid, tid, (): { execfd: number; tree: Argdata } | Outcome => {
    let execfd: number;
    try {
      execfd = k.phase('cloudabi.run.open_executable', () => {
        const opened = nativeOpen(k, pid, a.executable, 'O_EXEC');
        if (!opened.ok) k.fail(opened.errno, opened.detail);
        return opened.fd;
      });
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      exit127(k, pid, `Failed to open executable: ${errnoText(e.errno)}`);
      return { ok: false, errno: e.errno, detail: `cloudabi-run exited 127: ${e.detail}`, phase: 'cloudabi.run.open_executable' };
    }
    try {
      const tree = k.phase('cloudabi.run.yaml', () => yamlToArgdata({ k, pid, execfd }, a.config));
      return { execfd, tree };
    } catch (e) {
      if (!(e instanceof YamlConfigError)) throw e;
      exit127(k, pid, e.message);
      return { ok: true, value: 127, detail: `cloudabi-run exited 127: ${e.message}` };
    }
  });
  if ('ok' in prepared) return prepared;

  const reexec = a.reexec ?? DEFAULT_REEXEC_PATH;
  const hop: SyscallResult = k.actor('libc', 'program_exec (libcloudabi)', pid, tid, () => {
    const argv = k.phase('cloudabi.run.reexec', () => {
      const seq = argSeq([argFd(prepared.execfd), prepared.tree]);
      k.pc(2);
      const { bytes } = serialize(seq, 'literal');
      k.pc(3);
      const strings = splitAtNul([...bytes, 0]);
      k.pc(4);
      recordMessage(k, caller, bytes, { via: 'execve', execfd: null, path: reexec, tree: seq, fds: [] });
      k.note(`execve("${reexec}", ${strings.length} argument strings cut at the NUL bytes of the data, no environment)`);
      return strings;
    });
    return sysExecve(k, pid, tid, reexec, argv, []);
  });
  if (!hop.ok) {
    if ('killed' in hop) return outcomeOf(k, hop);
    exit127(k, pid, `Failed to start executable: ${errnoText(hop.errno)}`);
    return { ok: false, errno: hop.errno, detail: `cloudabi-run exited 127: execve(${reexec}) failed: ${hop.detail}`, ...(k.failedPhase ? { phase: k.failedPhase } : {}) };
  }

  const comm = taskOf(k.state, pid).comm;
  const result = k.actor('new-program', `${comm}: program_main`, pid, tid, () => {
    const started = crt0Start(k, pid);
    if (!started) {
      exit127(k, pid, `${reexec} is not a CloudABI program`);
      return { ok: false, exited: 127, detail: `${reexec} is not a CloudABI program: it cannot call program_exec` } as const;
    }
    return reexecMain(k, caller, started);
  });
  if (!result.ok && 'exited' in result) return { ok: true, value: 127, detail: result.detail };
  if (result.ok) startProgram(k, pid, tid);
  return outcomeOf(k, result);
}
