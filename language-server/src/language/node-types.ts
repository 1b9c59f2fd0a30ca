/**
 * The concrete node types of actions and task expectations. An action's node
 * is of its call's type (Execve, Close, …) and an expectation's of its check's
 * (PidCheck, FdOpenCheck, …); Langium generates the common supertypes Action
 * and TaskExpectation, and these unions let code switch on `$type`.
 */
import type * as ast from './generated/ast.js';

export type CallNode =
  | ast.Execve | ast.Execveat | ast.Fexecve | ast.Open | ast.Openat | ast.Close | ast.Dup | ast.Dup2 | ast.Dup3 | ast.Fcntl
  | ast.Pipe | ast.Chdir | ast.Umask | ast.Fork | ast.Vfork | ast.Clone | ast.PthreadCreate | ast.Exit | ast.Store
  | ast.Setuid | ast.Setgid | ast.Prctl | ast.Setrlimit | ast.Sigaction | ast.Sigprocmask | ast.Kill | ast.KernelThread | ast.KernelExecve
  | ast.ProcExec | ast.CloudabiRun | ast.UnknownCall;

export type CheckNode =
  | ast.FdClosedCheck | ast.FdOpenCheck | ast.FdTableCheck | ast.CredCheck | ast.GroupsCheck | ast.PidCheck | ast.PpidCheck
  | ast.TidCheck | ast.CommCheck | ast.ExeCheck | ast.ArgvCheck | ast.UmaskCheck | ast.CwdCheck | ast.ThreadsCheck
  | ast.DispositionCheck | ast.BlockedCheck | ast.PendingCheck | ast.StateCheck | ast.KilledCheck | ast.ExitedCheck
  | ast.MemoryCheck | ast.AuxvCheck | ast.FsIdCheck | ast.TaskKindCheck | ast.PtRegsCheck | ast.ResumesCheck | ast.SharesCheck
  | ast.CapabilityModeCheck | ast.ArgdataCheck | ast.CloudabiAuxvCheck;

/** Compile-time check that the unions name every subtype the grammar has. */
type Covers<Base extends { $type: string }, Union extends { $type: string }, Own extends string> = [Exclude<Base['$type'], Union['$type'] | Own>] extends [never] ? true : never;
const _calls: Covers<ast.Action, CallNode, 'Action'> = true;
const _checks: Covers<ast.TaskExpectation, CheckNode, 'TaskExpectation'> = true;
void [_calls, _checks];

export function callOf(action: ast.Action): CallNode {
  return action as CallNode;
}

export function checkOf(expectation: ast.TaskExpectation): CheckNode {
  return expectation as CheckNode;
}

/** The task an action creates (fork, vfork, clone, kernel_thread, user_mode_thread), if any. */
export function childOf(action: ast.Action): ast.NewTask | undefined {
  const call = callOf(action);
  return call.$type === 'Fork' || call.$type === 'Vfork' || call.$type === 'Clone' || call.$type === 'KernelThread' ? call.child : undefined;
}
