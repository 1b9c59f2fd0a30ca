/** Short, canonical one-line renderings of actions and expectations for traces and call stacks. */
import type { ActionSpec, ExpectationSpec } from './scenario.js';

/** A string as written in a scenario; very long ones (E2BIG cases) are shortened with their length. */
export function quote(s: string): string {
  if (s.length <= 80) return JSON.stringify(s);
  return `${JSON.stringify(s.slice(0, 24))}…(${s.length} chars)`;
}

export function octal(n: number, width = 4): string {
  return n.toString(8).padStart(width, '0');
}

function list(items: readonly string[]): string {
  return `[${items.map(quote).join(', ')}]`;
}

/** Renderings of calls only one system has, registered by that system's personality. */
const systemCallDescriptions = new Map<string, (a: ActionSpec) => string>();

/** A personality renders its own calls (a tree-shaped argument reads badly as JSON). */
export function registerCallDescription(call: string, describe: (a: ActionSpec) => string): void {
  systemCallDescriptions.set(call, describe);
}

/** `execve /bin/su ["su", "-"]`: the call and its arguments, as a person would write them. */
export function describeCall(a: ActionSpec): string {
  const c = a as ActionSpec & Record<string, unknown>;
  switch (a.call) {
    case 'execve':
      return `execve ${a.path} ${list(a.argv)}`;
    case 'execveat':
      return `execveat ${a.dirfd} ${quote(a.path)} ${list(a.argv)}${a.flags.length ? ' ' + a.flags.join('|') : ''}`;
    case 'fexecve':
      return `fexecve ${a.fd} ${list(a.argv)}`;
    case 'open':
      return `open ${a.path} ${a.flags.join('|') || 'O_RDONLY'}`;
    case 'close':
      return `close ${a.fd}`;
    case 'dup':
      return `dup ${a.fd}`;
    case 'dup2':
      return `dup2 ${a.oldfd} ${a.newfd}`;
    case 'dup3':
      return `dup3 ${a.oldfd} ${a.newfd}${a.flags.length ? ' ' + a.flags.join('|') : ''}`;
    case 'fcntl':
      return `fcntl ${a.fd} ${a.cmd}${a.arg !== undefined ? ' ' + a.arg : ''}`;
    case 'fork':
    case 'vfork':
      return `${a.call} ${a.child}`;
    case 'clone':
      return `clone ${a.child} ${a.flags.join('|')}`;
    case 'kernel_thread':
    case 'user_mode_thread':
      return `${a.call} ${a.child} ${a.fn}${a.flags.length ? ' ' + a.flags.join('|') : ''}`;
    case 'kernel_execve':
      return `kernel_execve ${a.path} ${list(a.argv)}`;
    case 'pthread_create':
      return `pthread_create ${a.newThread}`;
    case 'exit':
      return `exit ${a.status}`;
    case 'kill':
      return `kill ${a.target} ${a.signal}`;
    case 'sigaction':
      return `sigaction ${a.signal} ${a.disposition}`;
    case 'sigprocmask':
      return `sigprocmask ${a.how} ${a.signals.join(' ')}`;
    default: {
      const own = systemCallDescriptions.get(a.call);
      if (own) return own(a);
      const args = Object.entries(c)
        .filter(([k]) => !['call', 'task', 'thread', 'index', 'loc', 'label'].includes(k))
        .map(([, v]) => (typeof v === 'string' ? v : JSON.stringify(v)));
      return [a.call, ...args].join(' ');
    }
  }
}

export function describeActor(a: { task: string; thread?: string }): string {
  return a.thread ? `${a.task}.${a.thread}` : a.task;
}

export function describeAction(a: ActionSpec): string {
  return `${describeActor(a)}: ${describeCall(a)}`;
}

/** Renderings of expectations only one system has, registered by that system's personality. */
const systemExpectationDescriptions = new Map<string, (e: ExpectationSpec) => string>();

export function registerExpectationDescription(what: string, describe: (e: ExpectationSpec) => string): void {
  systemExpectationDescriptions.set(what, describe);
}

export function describeExpectation(e: ExpectationSpec): string {
  const own = systemExpectationDescriptions.get(e.what);
  if (own) return own(e);
  const c = e as ExpectationSpec & Record<string, unknown>;
  const who = 'task' in c && typeof c.task === 'string' ? describeActor(c as unknown as { task: string; thread?: string }) + ' ' : '';
  const rest = Object.entries(c)
    .filter(([k]) => !['what', 'task', 'thread', 'index', 'after', 'loc'].includes(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `expect ${who}${e.what}${rest ? ' ' + rest : ''}`;
}
