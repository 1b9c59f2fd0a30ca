/** Actions: `[@label] TASK[.THREAD]: CALL ARGS` lowered to sim-core's ActionSpec. */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { ActionCall, ActionName } from '../../../../sim-core/src/scenario/actions.js';
import type { ActionSpec } from '../../../../sim-core/src/scenario/scenario.js';
import { allPersonalities } from '../../../../sim-core/src/personalities/registry.js';
import { locOf, rangeOf, textOf, type LoweringContext } from './context.js';
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

/** The call words the grammar has (CallName in execsim.langium). */
export const CALL_WORDS = [
  'execve', 'execveat', 'fexecve', 'open', 'openat', 'close', 'dup', 'dup2', 'dup3', 'fcntl', 'pipe', 'chdir', 'umask',
  'fork', 'vfork', 'clone', 'pthread_create', 'exit', 'store', 'setuid', 'setgid', 'prctl', 'setrlimit', 'sigaction',
  'sigprocmask', 'kill',
] as const satisfies readonly ast.CallName[];

/** Who issues a statement: the task node, and the thread (`main`, a name, or the leader when absent). */
export interface Issuer {
  readonly task: ast.TaskLike;
  readonly thread?: ast.ThreadLike | 'main';
}

export function issuerOf(subject: ast.Subject | undefined): Issuer | undefined {
  const task = subject?.task?.ref;
  if (!task || task.name === undefined) return undefined;
  if (subject!.main) return { task, thread: 'main' };
  if (subject!.thread) {
    const thread = subject!.thread.ref;
    return thread && thread.name !== undefined ? { task, thread } : undefined;
  }
  return { task };
}

export function threadName(issuer: Issuer): string | undefined {
  return issuer.thread === undefined ? undefined : issuer.thread === 'main' ? 'main' : issuer.thread.name;
}

function dirfd(node: ast.Execveat | ast.Openat, cx: LoweringContext): number | 'AT_FDCWD' | undefined {
  const text = textOf(node, 'dirfd');
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'AT_FDCWD') return 'AT_FDCWD';
  cx.error('unknown-name', `dirfd ${text} is neither an fd number nor AT_FDCWD`, suggest(text, ['AT_FDCWD']) ?? 'write an fd number or AT_FDCWD', node, 'dirfd');
  return undefined;
}

/** The ActionCall of a call node, or undefined after reporting why it cannot be lowered. */
export function lowerCall(call: ast.Call, cx: LoweringContext): ActionCall | undefined {
  if (ast.isExecve(call)) {
    const argv = lowerStringList(call.argv, cx);
    const envp = call.envp ? lowerStringList(call.envp, cx) : undefined;
    if (call.path === undefined || !argv || (call.envp && !envp)) return undefined;
    return { call: 'execve', path: call.path, argv, ...(envp ? { envp } : {}) };
  }
  if (ast.isExecveat(call)) {
    const d = dirfd(call, cx);
    const argv = lowerStringList(call.argv, cx);
    const envp = call.envp ? lowerStringList(call.envp, cx) : undefined;
    const flags = flagSet(call.flags, EXECVEAT_FLAGS, 'execveat flag', cx);
    if (d === undefined || call.path === undefined || !argv || (call.envp && !envp) || !flags) return undefined;
    return { call: 'execveat', dirfd: d, path: call.path, argv, ...(envp ? { envp } : {}), flags };
  }
  if (ast.isFexecve(call)) {
    const argv = lowerStringList(call.argv, cx);
    const envp = call.envp ? lowerStringList(call.envp, cx) : undefined;
    if (call.fd === undefined || !argv || (call.envp && !envp)) return undefined;
    return { call: 'fexecve', fd: call.fd, argv, ...(envp ? { envp } : {}) };
  }
  if (ast.isOpen(call) || ast.isOpenat(call)) {
    const d = ast.isOpenat(call) ? dirfd(call, cx) : undefined;
    const flags = flagSet(call.flags, OPEN_FLAGS, 'open flag', cx);
    const mode = call.mode !== undefined ? octal(textOf(call, 'mode'), 'mode', cx, call, 'mode') : undefined;
    if (call.path === undefined || !flags || (ast.isOpenat(call) && d === undefined) || (call.mode !== undefined && mode === undefined)) return undefined;
    return { call: 'open', path: call.path, flags, ...(mode !== undefined ? { mode } : {}), ...(d !== undefined ? { dirfd: d } : {}) };
  }
  if (ast.isClose(call)) return call.fd === undefined ? undefined : { call: 'close', fd: call.fd };
  if (ast.isDup(call)) return call.fd === undefined ? undefined : { call: 'dup', fd: call.fd };
  if (ast.isDup2(call)) return call.oldfd === undefined || call.newfd === undefined ? undefined : { call: 'dup2', oldfd: call.oldfd, newfd: call.newfd };
  if (ast.isDup3(call)) {
    const flags = flagSet(call.flags, CLOEXEC_FLAGS, 'dup3 flag', cx);
    if (call.oldfd === undefined || call.newfd === undefined || !flags) return undefined;
    return { call: 'dup3', oldfd: call.oldfd, newfd: call.newfd, flags };
  }
  if (ast.isFcntl(call)) {
    const cmd = oneOf(call.cmd, FCNTL_COMMANDS, 'fcntl command', cx, call, 'cmd');
    if (call.fd === undefined || !cmd) return undefined;
    return { call: 'fcntl', fd: call.fd, cmd, ...(call.arg !== undefined ? { arg: call.arg } : {}) };
  }
  if (ast.isPipe(call)) {
    const flags = flagSet(call.flags, CLOEXEC_FLAGS, 'pipe2 flag', cx);
    if (call.pipe === undefined || !flags) return undefined;
    return { call: 'pipe', name: call.pipe, flags };
  }
  if (ast.isChdir(call)) return call.path === undefined ? undefined : { call: 'chdir', path: call.path };
  if (ast.isUmask(call)) {
    const mask = octal(textOf(call, 'mask'), 'umask', cx, call, 'mask');
    return mask === undefined ? undefined : { call: 'umask', mask };
  }
  if (ast.isFork(call) || ast.isVfork(call)) {
    const child = call.child?.name;
    return child === undefined ? undefined : { call: ast.isFork(call) ? 'fork' : 'vfork', child };
  }
  if (ast.isClone(call)) {
    const flags = flagSet(call.flags, CLONE_FLAGS, 'clone flag', cx);
    const child = call.child?.name;
    return child === undefined || !flags ? undefined : { call: 'clone', child, flags };
  }
  if (ast.isPthreadCreate(call)) return call.thread?.name === undefined ? undefined : { call: 'pthread_create', newThread: call.thread.name };
  if (ast.isExit(call)) return call.status === undefined ? undefined : { call: 'exit', status: call.status };
  if (ast.isStore(call)) {
    const value = lowerString(call.value, cx);
    return call.variable === undefined || value === undefined ? undefined : { call: 'store', variable: call.variable, value };
  }
  if (ast.isSetuid(call)) return call.uid === undefined ? undefined : { call: 'setuid', uid: call.uid };
  if (ast.isSetgid(call)) return call.gid === undefined ? undefined : { call: 'setgid', gid: call.gid };
  if (ast.isPrctl(call)) {
    const option = oneOf(call.option, PRCTL_OPTIONS, 'prctl option', cx, call, 'option');
    return option ? { call: 'prctl', option } : undefined;
  }
  if (ast.isSetrlimit(call)) {
    const resource = oneOf(call.resource, RLIMIT_RESOURCES, 'resource', cx, call, 'resource');
    return resource && call.value !== undefined ? { call: 'setrlimit', resource, value: call.value } : undefined;
  }
  if (ast.isSigaction(call)) {
    const signal = signalName(call.signal, cx, call, 'signal');
    return signal && call.disposition ? { call: 'sigaction', signal, disposition: call.disposition } : undefined;
  }
  if (ast.isSigprocmask(call)) {
    const how = oneOf(call.how, SIGPROCMASK_HOWS, 'sigprocmask how', cx, call, 'how');
    const signals = call.signals ? signalSet(call.signals, cx) : [];
    return how && signals ? { call: 'sigprocmask', how, signals } : undefined;
  }
  if (ast.isKill(call)) {
    const target = call.target?.ref?.name;
    const signal = signalName(call.signal, cx, call, 'signal');
    return target !== undefined && signal ? { call: 'kill', target, signal } : undefined;
  }
  if (ast.isUnknownCall(call)) {
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
  const simulated = allPersonalities().filter((p) => p.actions[call.name as ActionName]);
  if (simulated.length) {
    cx.error('unknown-call', `${call.name} has no syntax in the scenario language yet`, `${call.name} is simulated on ${simulated.map((p) => p.system).join(', ')}`, call, 'name');
    return;
  }
  const known = [...new Set<string>([...CALL_WORDS, ...allPersonalities().flatMap((p) => Object.keys(p.actions))])];
  cx.error('unknown-call', `unknown call ${call.name}`, suggest(call.name, known) ?? `calls: ${known.join(', ')}`, call, 'name');
}

/** Scenario fields of calls whose source range is worth recording (sim-core's problems name them). */
const MAPPED_FIELDS = ['fd', 'oldfd', 'newfd', 'dirfd', 'child', 'name', 'newThread', 'target', 'path', 'signal'] as const;

export function lowerAction(node: ast.Action, index: number, cx: LoweringContext): ActionSpec | undefined {
  const issuer = issuerOf(node.subject);
  if (!issuer || !node.call) return undefined;
  const call = lowerCall(node.call, cx);
  if (!call) return undefined;
  const at = `actions[${index}]`;
  cx.map(at, node);
  cx.map(`${at}.call`, node.call, 'name');
  cx.map(`${at}.task`, node.subject, 'task');
  cx.map(`${at}.thread`, node.subject, node.subject.main ? 'main' : 'thread');
  cx.map(`${at}.index`, node);
  for (const field of MAPPED_FIELDS) {
    // The AST names a pipe `pipe` and a new thread `thread`; the Scenario `name` and `newThread`.
    const property = field === 'name' ? 'pipe' : field === 'newThread' ? 'thread' : field;
    if (field in call) cx.map(`${at}.${field}`, node.call, property);
  }
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

