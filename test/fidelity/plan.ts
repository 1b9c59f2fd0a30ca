/**
 * The setup probe's plan for a (relocated) scenario: the first task's initial
 * state, then every action, one command per line (format in probes/setup.c).
 * Scenarios the probe cannot reproduce are refused with the reason.
 */
import { SIGNALS, type ActionSpec, type ExecveatFlag, type Scenario, type SignalName } from '../../sim-core/src/index.js';

/** execveat flag bits (include/uapi/linux/fcntl.h). AT_EXE_FILE was never merged: an unknown bit stands for it. */
const AT_FLAGS: Record<ExecveatFlag, number> = {
  AT_SYMLINK_NOFOLLOW: 0x100,
  AT_EMPTY_PATH: 0x1000,
  AT_EXECVE_CHECK: 0x10000,
  AT_EXE_FILE: 0x80000,
};

function enc(s: string): string {
  if (s === '') return '~';
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte <= 0x20 || byte >= 0x7f || ch === '%' || ch === '~' ? '%' + byte.toString(16).padStart(2, '0') : ch;
  }
  return out;
}

function line(fields: readonly (string | number)[]): string {
  return fields.map((f) => enc(String(f))).join(' ');
}

const sig = (s: SignalName): number => SIGNALS[s];

export class UnsupportedOnHost extends Error {}

function actionFields(s: Scenario, a: ActionSpec): (string | number)[] {
  const list = (xs: readonly string[]) => [xs.length, ...xs];
  switch (a.call) {
    case 'execve':
      return ['execve', a.path, ...list(a.argv), ...list(a.envp ?? [])];
    case 'execveat':
      return ['execveat', String(a.dirfd), a.path, a.flags.reduce((m, f) => m | AT_FLAGS[f], 0), ...list(a.argv), ...list(a.envp ?? [])];
    case 'fexecve':
      return ['fexecve', a.fd, ...list(a.argv), ...list(a.envp ?? [])];
    case 'open':
      if (a.dirfd !== undefined && a.dirfd !== 'AT_FDCWD') throw new UnsupportedOnHost('openat with a dirfd');
      return ['open', a.path, a.flags.join(','), (a.mode ?? 0o666).toString(8)];
    case 'close':
    case 'dup':
      return [a.call, a.fd];
    case 'dup2':
      return ['dup2', a.oldfd, a.newfd];
    case 'dup3':
      return ['dup3', a.oldfd, a.newfd, a.flags.includes('O_CLOEXEC') ? 1 : 0];
    case 'fcntl':
      return ['fcntl', a.fd, a.cmd, a.arg ?? 0];
    case 'pipe':
      return ['pipe', a.name, a.flags.includes('O_CLOEXEC') ? 1 : 0];
    case 'chdir':
      return ['chdir', a.path];
    case 'umask':
      return ['umask', a.mask.toString(8)];
    case 'fork':
    case 'vfork':
      return [a.call, a.child];
    case 'pthread_create':
      return ['pthread_create', a.newThread];
    case 'exit':
      return ['exit', a.status];
    case 'store':
      return ['store', a.variable, a.value];
    case 'setuid':
      return ['setuid', a.uid];
    case 'setgid':
      return ['setgid', a.gid];
    case 'prctl':
      return ['prctl_nnp'];
    case 'setrlimit':
      return ['setrlimit', a.resource, a.value];
    case 'sigaction':
      return ['sigaction', sig(a.signal), a.disposition];
    case 'sigprocmask':
      return ['sigprocmask', a.how, ...a.signals.map(sig)];
    case 'kill':
      if (a.target !== a.task) throw new UnsupportedOnHost('kill of another task');
      return ['kill_self', sig(a.signal)];
    default:
      throw new UnsupportedOnHost(`${a.call} is not reproduced on the host`);
  }
}

export interface PlanOptions {
  /** Run with personality(ADDR_NO_RANDOMIZE): no random shift of the new stack. */
  readonly noRandomize: boolean;
}

export function writePlan(s: Scenario, opts: PlanOptions): string {
  if (s.system !== 'linux') throw new UnsupportedOnHost(`system ${s.system}`);
  if (s.tasks.length !== 1) throw new UnsupportedOnHost('the host run starts from exactly one task');
  const t = s.tasks[0]!;
  if (t.ptraced) throw new UnsupportedOnHost('a ptraced task');
  if ((t.kind ?? 'user') !== 'user') throw new UnsupportedOnHost(`a ${t.kind}`);
  const lines: string[] = [line(['-', '-', 'main', t.name])];
  if (opts.noRandomize) lines.push(line(['-', '-', 'norandom']));
  for (const n of s.filesystem.nodes) {
    if (n.kind === 'file') for (let i = 0; i < (n.writers ?? 0); i++) lines.push(line(['-', '-', 'hold', n.path]));
  }
  const me = (...f: (string | number)[]) => lines.push(line([t.name, 'main', ...f]));
  me('comm', t.comm ?? (t.exe ? t.exe.slice(t.exe.lastIndexOf('/') + 1) : t.name));
  me('umask', (t.umask ?? 0o022).toString(8));
  // The simulator's default is _STK_LIM; the host's may be anything.
  me('rlimit', 'RLIMIT_STACK', t.rlimits?.stack ?? 8 * 1024 * 1024);
  if (t.rlimits?.nproc !== undefined) me('rlimit', 'RLIMIT_NPROC', t.rlimits.nproc);
  for (const f of t.fds ?? []) {
    const cloexec = f.cloexec ? 1 : 0;
    if (f.dupOf !== undefined) me('fddup', f.fd, f.dupOf, cloexec);
    else if (f.target && 'path' in f.target) me('fdopen', f.fd, f.access ?? 'ro', cloexec, 'file', f.target.path);
    else if (f.target && 'pipe' in f.target) me('fdpipe', f.fd, f.target.pipe, f.target.end, cloexec);
    else throw new UnsupportedOnHost('sockets and kqueues as initial fds');
  }
  me('cwd', t.cwd ?? '/');
  for (const [name, d] of Object.entries(t.signals?.dispositions ?? {})) me('disp', sig(name as SignalName), d!);
  me('mask', ...(t.signals?.blocked ?? []).map(sig));
  for (const th of t.threads ?? []) {
    me('thread', th.name);
    lines.push(line([t.name, th.name, 'mask', ...(th.blocked ?? []).map(sig)]));
  }
  for (const p of t.signals?.pending ?? []) me('pending', sig(p));
  if (t.creds) {
    const c = { uid: 0, gid: 0, groups: [] as readonly number[], ...t.creds };
    const euid = c.euid ?? c.uid;
    const egid = c.egid ?? c.gid;
    me('creds', c.uid, euid, c.suid ?? euid, c.fsuid ?? euid, c.gid, egid, c.sgid ?? egid, c.fsgid ?? egid, c.groups.join(','));
  }
  if (t.noNewPrivs) me('nnp');
  me('begin');
  for (const a of s.actions) lines.push(line([a.task, a.thread ?? 'main', `A${a.index}`, ...actionFields(s, a)]));
  return lines.join('\n') + '\n';
}
