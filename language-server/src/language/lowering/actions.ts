/** Actions: `[@label] TASK[.THREAD]: CALL ARGS` lowered to sim-core's ActionSpec. */
import type { AstNode } from 'langium';
import type * as ast from '../generated/ast.js';
import { callOf, type CallNode } from '../node-types.js';
import { issuerOf, threadName } from '../references/subject.js';
import type { ActionCall } from '../../../../sim-core/src/scenario/actions.js';
import type { ActionSpec } from '../../../../sim-core/src/scenario/scenario.js';
import { locOf, rangeOf, textOf, type LoweringContext, type Source } from './context.js';
import { lowerString, lowerStringList } from './strings.js';
import { suggest } from './suggest.js';
import {
  CLOEXEC_FLAGS,
  CLONE_FLAGS,
  EXECVEAT_FLAGS,
  FCNTL_COMMANDS,
  OPEN_FLAGS,
  PRCTL_OPTIONS,
  RLIMIT_RESOURCES,
  SIGPROCMASK_HOWS,
} from './vocabulary.js';
import { flagSet, octal, oneOf, signalName, signalSet } from './words.js';
import { SECTIONS } from '../sections/index.js';

/** The call words the grammar has (those CallRef accepts in execsim.langium). */
export const CALL_WORDS = [
  'execve', 'execveat', 'fexecve', 'open', 'openat', 'close', 'dup', 'dup2', 'dup3', 'fcntl', 'pipe', 'chdir', 'umask',
  'fork', 'vfork', 'clone', 'pthread_create', 'exit', 'store', 'setuid', 'setgid', 'prctl', 'setrlimit', 'sigaction',
  'sigprocmask', 'kill', 'posix_spawn', 'posix_spawnp', 'file_exec_paths', 'hurd_boot', 'task_control_grant',
  'kernel_thread', 'user_mode_thread', 'kernel_execve', 'proc_exec', 'cloudabi_run',
] as const satisfies readonly ast.CallRef['call'][];

function dirfd(node: ast.Execveat | ast.Openat, cx: LoweringContext): number | 'AT_FDCWD' | undefined {
  const text = textOf(node, 'dirfd');
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'AT_FDCWD') return 'AT_FDCWD';
  cx.error('unknown-name', `dirfd ${text} is neither an fd number nor AT_FDCWD`, suggest(text, ['AT_FDCWD']) ?? 'write an fd number or AT_FDCWD', node, 'dirfd');
  return undefined;
}

/**
 * execveat(AT_EXE_FILE) was discussed with the execfd series (SEEDS 002) and
 * never merged: do_open_execat (fs/exec.c) accepts only AT_SYMLINK_NOFOLLOW and
 * AT_EMPTY_PATH (and AT_EXECVE_CHECK from 6.14), exec-reference §3.3.
 */
function neverMerged(call: ast.Execveat, cx: LoweringContext): boolean {
  const i = call.flags.indexOf('AT_EXE_FILE');
  if (i < 0) return false;
  cx.error(
    'bad-value',
    'execveat flag AT_EXE_FILE was proposed in 2020 but never merged: no Linux accepts it (fs/exec.c: do_open_execat)',
    'what was merged (v5.8) is binfmt_misc\'s O flag, which passes the executable as AT_EXECFD: declare binfmt_misc … flags O in machine { … }',
    call,
    'flags',
    i,
  );
  return true;
}

/** The ActionCall of a call node, or undefined after reporting why it cannot be lowered. */
export function lowerCall(call: CallNode, cx: LoweringContext): ActionCall | undefined {
  if (call.$type === 'Execve') {
    const argv = lowerStringList(call.argv, cx);
    const envp = call.envp ? lowerStringList(call.envp, cx) : undefined;
    if (call.path === undefined || !argv || (call.envp && !envp)) return undefined;
    return { call: 'execve', path: call.path, argv, ...(envp ? { envp } : {}) };
  }
  if (call.$type === 'Execveat') {
    const d = dirfd(call, cx);
    const argv = lowerStringList(call.argv, cx);
    const envp = call.envp ? lowerStringList(call.envp, cx) : undefined;
    if (neverMerged(call, cx)) return undefined;
    const flags = flagSet(call, EXECVEAT_FLAGS, 'execveat flag', cx);
    if (d === undefined || call.path === undefined || !argv || (call.envp && !envp) || !flags) return undefined;
    return { call: 'execveat', dirfd: d, path: call.path, argv, ...(envp ? { envp } : {}), flags };
  }
  if (call.$type === 'Fexecve') {
    const argv = lowerStringList(call.argv, cx);
    const envp = call.envp ? lowerStringList(call.envp, cx) : undefined;
    if (call.fd === undefined || !argv || (call.envp && !envp)) return undefined;
    return { call: 'fexecve', fd: call.fd, argv, ...(envp ? { envp } : {}) };
  }
  if (call.$type === 'Open' || call.$type === 'Openat') {
    const d = call.$type === 'Openat' ? dirfd(call, cx) : undefined;
    const flags = flagSet(call, OPEN_FLAGS, 'open flag', cx);
    const mode = call.mode !== undefined ? octal(call.mode, 'mode', cx, call, 'mode') : undefined;
    if (call.path === undefined || !flags || (call.$type === 'Openat' && d === undefined) || (call.mode !== undefined && mode === undefined)) return undefined;
    return { call: 'open', path: call.path, flags, ...(mode !== undefined ? { mode } : {}), ...(d !== undefined ? { dirfd: d } : {}) };
  }
  if (call.$type === 'Close') return call.fd === undefined ? undefined : { call: 'close', fd: call.fd };
  if (call.$type === 'Dup') return call.fd === undefined ? undefined : { call: 'dup', fd: call.fd };
  if (call.$type === 'Dup2') return call.oldfd === undefined || call.newfd === undefined ? undefined : { call: 'dup2', oldfd: call.oldfd, newfd: call.newfd };
  if (call.$type === 'Dup3') {
    const flags = flagSet(call, CLOEXEC_FLAGS, 'dup3 flag', cx);
    if (call.oldfd === undefined || call.newfd === undefined || !flags) return undefined;
    return { call: 'dup3', oldfd: call.oldfd, newfd: call.newfd, flags };
  }
  if (call.$type === 'Fcntl') {
    const cmd = oneOf(call.cmd, FCNTL_COMMANDS, 'fcntl command', cx, call, 'cmd');
    if (call.fd === undefined || !cmd) return undefined;
    return { call: 'fcntl', fd: call.fd, cmd, ...(call.arg !== undefined ? { arg: call.arg } : {}) };
  }
  if (call.$type === 'Pipe') {
    const flags = flagSet(call, CLOEXEC_FLAGS, 'pipe2 flag', cx);
    if (call.pipe === undefined || !flags) return undefined;
    return { call: 'pipe', name: call.pipe, flags };
  }
  if (call.$type === 'Chdir') return call.path === undefined ? undefined : { call: 'chdir', path: call.path };
  if (call.$type === 'Umask') {
    const mask = octal(call.mask, 'umask', cx, call, 'mask');
    return mask === undefined ? undefined : { call: 'umask', mask };
  }
  if (call.$type === 'Fork' || call.$type === 'Vfork') {
    const child = call.child?.name;
    return child === undefined ? undefined : { call: call.$type === 'Fork' ? 'fork' : 'vfork', child };
  }
  if (call.$type === 'Clone') {
    const flags = flagSet(call, CLONE_FLAGS, 'clone flag', cx);
    const child = call.child?.name;
    return child === undefined || !flags ? undefined : { call: 'clone', child, flags };
  }
  if (call.$type === 'PthreadCreate') return call.newThread?.name === undefined ? undefined : { call: 'pthread_create', newThread: call.newThread.name };
  if (call.$type === 'Exit') return call.status === undefined ? undefined : { call: 'exit', status: call.status };
  if (call.$type === 'Store') {
    const value = lowerString(call.value, cx);
    return call.variable === undefined || value === undefined ? undefined : { call: 'store', variable: call.variable, value };
  }
  if (call.$type === 'Setuid') return call.uid === undefined ? undefined : { call: 'setuid', uid: call.uid };
  if (call.$type === 'Setgid') return call.gid === undefined ? undefined : { call: 'setgid', gid: call.gid };
  if (call.$type === 'Prctl') {
    const option = oneOf(call.option, PRCTL_OPTIONS, 'prctl option', cx, call, 'option');
    return option ? { call: 'prctl', option } : undefined;
  }
  if (call.$type === 'Setrlimit') {
    const resource = oneOf(call.resource, RLIMIT_RESOURCES, 'resource', cx, call, 'resource');
    return resource && call.value !== undefined ? { call: 'setrlimit', resource, value: call.value } : undefined;
  }
  if (call.$type === 'Sigaction') {
    const signal = signalName(call.signal, cx, call, 'signal');
    return signal && call.disposition ? { call: 'sigaction', signal, disposition: call.disposition } : undefined;
  }
  if (call.$type === 'Sigprocmask') {
    const how = oneOf(call.how, SIGPROCMASK_HOWS, 'sigprocmask how', cx, call, 'how');
    const signals = signalSet(call, cx);
    return how && signals ? { call: 'sigprocmask', how, signals } : undefined;
  }
  if (call.$type === 'Kill') {
    const target = call.target?.ref?.name;
    const signal = signalName(call.signal, cx, call, 'signal');
    return target !== undefined && signal ? { call: 'kill', target, signal } : undefined;
  }
  if (call.$type === 'UnknownCall') {
    reportUnknownCall(call, cx);
    return undefined;
  }
  for (const section of SECTIONS) {
    const lowered = section.lowerCall?.(call as AstNode, cx);
    if (lowered) return lowered;
  }
  return undefined;
}

function reportUnknownCall(call: ast.UnknownCall, cx: LoweringContext): void {
  if (call.name === undefined) return;
  // Every call a system simulates is a word of the grammar (a test checks it),
  // so a call parsed as unknown is one no system has.
  cx.error('unknown-call', `unknown call ${call.name}`, suggest(call.name, CALL_WORDS) ?? `calls: ${CALL_WORDS.join(', ')}`, call, 'name');
}

/** The source of each field of a lowered action. */
function actionFields(node: ast.Action, field: string): Source | undefined {
  if (field === 'call') return [node, 'name'];
  if (field === 'task') return [node, 'task'];
  if (field === 'thread') return [node, node.main ? 'main' : 'thread'];
  if (field === 'index') return [node];
  // The AST names a pipe `pipe`; the Scenario calls it `name`.
  if (field === 'name') return [node, 'pipe'];
  return field in node ? [node, field] : undefined;
}

export function lowerAction(node: ast.Action, index: number, cx: LoweringContext): ActionSpec | undefined {
  const issuer = issuerOf(node);
  if (!issuer) return undefined;
  const call = lowerCall(callOf(node), cx);
  if (!call) return undefined;
  cx.mapStep('actions', index, node, actionFields);
  const thread = threadName(issuer);
  const label = node.label?.name?.slice(1);
  return {
    index,
    task: issuer.task.name,
    ...(thread !== undefined ? { thread } : {}),
    ...(label ? { label } : {}),
    ...call,
    loc: locOf(rangeOf(node)),
  } as ActionSpec;
}

