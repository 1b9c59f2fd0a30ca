/**
 * `proc_exec`: a CloudABI program execs through cloudlibc's program_exec, or
 * through cloudabi_sys_proc_exec with its own fds array. Success never
 * returns to the old program; the new one starts.
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import type { ActionContext } from '../personality.js';
import { programExec, rawProcExec, type ExecCaller } from './libc/program-exec.js';
import type { SyscallResult } from './kernel/proc-exec.js';
import { startProgram } from './newprog/start.js';

/** The scenario outcome of an exec system call as its caller experiences it. */
export function outcomeOf(k: Kernel, r: SyscallResult): Outcome {
  const phase = k.failedPhase ? { phase: k.failedPhase } : {};
  if (r.ok) return { ok: true, detail: `now running ${r.path}` };
  if ('killed' in r) return { ok: false, killed: r.killed, detail: r.detail, ...phase };
  const converted = r.errno !== r.kernelErrno ? ` (the kernel returned ${r.kernelErrno})` : '';
  return { ok: false, errno: r.errno, detail: `${r.detail}${converted}`, ...phase };
}

export function procExecAction(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'proc_exec') throw new Error('internal');
  const caller: ExecCaller = { pid: ctx.pid, tid: ctx.tid, action: a.index };
  if (!taskOf(k.state, ctx.pid).capabilityMode) {
    // Only the CloudABI sysvec has proc_exec, and its processes are always in capability mode.
    k.fail('ENOSYS', `pid ${ctx.pid} is not a CloudABI process (not in capability mode): its system call table has no proc_exec`);
  }
  // A tree argdata_create_* refuses fails in phase 1 (SysError): nothing reaches the kernel.
  const r = a.fds ? rawProcExec(k, caller, a.fd, a.argdata, a.fds) : programExec(k, caller, a.fd, a.argdata);
  if (r.ok) startProgram(k, ctx.pid, ctx.tid);
  return outcomeOf(k, r);
}
