/**
 * The canonical text of a Scenario: what formatting produces and what
 * `parse → print → parse` reproduces exactly (locations aside). The world
 * comes first (system, machine, filesystem, tasks), then actions with the
 * expectations that follow each. Comments are not part of a Scenario and are
 * not printed.
 */
import type {
  ActionSpec,
  ExpectationSpec,
  FdSpec,
  FileContent,
  FsNodeSpec,
  MachineSpec,
  MountSpec,
  Scenario,
  TaskSpec,
} from '../../../../sim-core/src/scenario/scenario.js';
import type { ExpectationBody, FdRowSpec } from '../../../../sim-core/src/scenario/expectations.js';
import { SECTIONS } from '../sections/index.js';
import type { OutcomeBody, TaskCheckBody } from '../sections/section.js';
import { isBareName, printName, printPath, printString, printStringList, printWord, UnprintableError } from './tokens.js';

const INDENT = '  ';

export function printScenario(scenario: Scenario): string {
  refuseUnsupported(scenario);
  const blocks: string[][] = [[`system ${scenario.system}`]];
  const machine = printMachine(scenario.machine);
  if (machine.length) blocks.push(block('machine', machine));
  const fs = [...scenario.filesystem.mounts.map(printMount), ...scenario.filesystem.nodes.map((n) => printNode(n, scenario.machine.arch))];
  if (fs.length) blocks.push(block('filesystem', fs));
  for (const task of scenario.tasks) blocks.push(printTask(task));
  const steps = printSteps(scenario);
  if (steps.length) blocks.push(steps);
  return blocks.map((b) => b.join('\n')).join('\n\n') + '\n';
}

function block(head: string, lines: readonly string[]): string[] {
  return [`${head} {`, ...lines.map((l) => INDENT + l), '}'];
}

/** Fields of the Scenario types that have no syntax yet (the systems that own them add it). */
function refuseUnsupported(s: Scenario): void {
  const refuse = (what: string) => {
    throw new UnprintableError(`${what} has no syntax in the scenario language yet`);
  };
  if (s.hurd) refuse('hurd');
  s.filesystem.mounts.forEach((m, i) => m.server && refuse(`filesystem.mounts[${i}].server`));
  s.tasks.forEach((t, i) => {
    if (t.hurd !== undefined) refuse(`tasks[${i}].hurd`);
  });
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width, '0');
}

// ---------------------------------------------------------------- world

function printMachine(m: MachineSpec): string[] {
  const lines: string[] = [];
  if (m.arch !== 'x86_64') lines.push(`arch ${printName(m.arch)}`);
  for (const section of SECTIONS) lines.push(...(section.printMachine?.(m) ?? []));
  return lines;
}

function printMount(m: MountSpec): string {
  return [`mount ${printPath(m.path)} ${printName(m.fstype)}`, m.noexec ? 'noexec' : '', m.nosuid ? 'nosuid' : '', m.readonly ? 'ro' : '']
    .filter(Boolean)
    .join(' ');
}

function nodeAttrs(n: FsNodeSpec): string {
  const parts: string[] = [];
  if (n.mode !== undefined) parts.push(`mode ${octal(n.mode, 4)}`);
  if (n.owner) parts.push(`owner ${n.owner.uid}:${n.owner.gid}`);
  if (n.kind === 'file' && n.writers !== undefined) parts.push(n.writers === 1 ? 'open for writing' : `writers ${n.writers}`);
  return parts.length ? ' ' + parts.join(' ') : '';
}

function printNode(n: FsNodeSpec, arch: string): string {
  const path = printPath(n.path);
  switch (n.kind) {
    case 'file':
      return `file ${path} ${printContent(n.content, arch)}${nodeAttrs(n)}`;
    case 'dir':
      return `dir ${path}${nodeAttrs(n)}`;
    case 'device':
      return `device ${path}${n.device === 'block' ? ' block' : ''}${nodeAttrs(n)}`;
    case 'fifo':
      return `fifo ${path}${nodeAttrs(n)}`;
    case 'socket':
      return `socket ${path}${nodeAttrs(n)}`;
    case 'symlink':
      return `symlink ${path} -> ${/^\.{0,2}\//.test(n.target) && printPath(n.target) === n.target ? n.target : printWord(n.target)}${nodeAttrs(n)}`;
  }
}

function printContent(c: FileContent, arch: string): string {
  switch (c.type) {
    case 'script':
      return `script ${printString(c.text)}`;
    case 'data':
      return ['data', c.text !== undefined ? `text ${printString(c.text)}` : '', c.size !== undefined ? `size ${c.size}` : ''].filter(Boolean).join(' ');
    case 'elf': {
      const parts = ['elf'];
      if (c.machine !== arch) parts.push(printName(c.machine));
      if (c.interp !== undefined) parts.push(`interp ${printPath(c.interp)}`);
      if (c.class !== undefined) parts.push(`class ${c.class}`);
      if (c.osabi !== undefined) parts.push(`osabi ${c.osabi}`);
      if (c.elfType !== undefined) parts.push(`type ${c.elfType}`);
      if (c.entry !== undefined) parts.push(`entry 0x${c.entry.toString(16)}`);
      if (c.size !== undefined) parts.push(`size ${c.size}`);
      if (c.segments !== undefined) {
        if (!c.segments.length) throw new UnprintableError('an empty segment list has no syntax');
        parts.push(`segments ${c.segments.map((s) => `${s.offset}+${s.filesz}`).join(' ')}`);
      }
      if (c.execStack) parts.push('execstack');
      if (c.corrupt) parts.push('corrupt');
      return parts.join(' ');
    }
  }
}

function signals(list: readonly string[]): string {
  return list.length ? list.join(' ') : 'none';
}

function printTask(t: TaskSpec): string[] {
  const lines: string[] = [];
  if (t.ppid !== undefined) lines.push(`ppid ${t.ppid}`);
  if (t.comm !== undefined) lines.push(`comm ${printWord(t.comm)}`);
  if (t.exe !== undefined) lines.push(`exe ${printPath(t.exe)}`);
  const c = t.creds ?? {};
  const ids = (fields: readonly ('uid' | 'euid' | 'suid' | 'gid' | 'egid' | 'sgid')[]) =>
    fields.filter((f) => c[f] !== undefined).map((f) => `${f} ${c[f]}`).join(' ');
  const uids = ids(['uid', 'euid', 'suid']);
  const gids = ids(['gid', 'egid', 'sgid']);
  if (uids) lines.push(uids);
  if (gids) lines.push(gids);
  if (c.groups !== undefined) lines.push(`groups ${c.groups.length ? c.groups.join(' ') : 'none'}`);
  for (const section of SECTIONS) lines.push(...(section.printTask?.(t) ?? []));
  if (t.ptraced) lines.push('ptraced');
  if (t.cwd !== undefined) lines.push(`cwd ${printPath(t.cwd)}`);
  if (t.root !== undefined) lines.push(`root ${printPath(t.root)}`);
  if (t.umask !== undefined) lines.push(`umask ${octal(t.umask, 3)}`);
  if (t.signals?.blocked) lines.push(`blocked ${signals(t.signals.blocked)}`);
  if (t.signals?.pending) lines.push(`pending ${signals(t.signals.pending)}`);
  for (const [sig, d] of Object.entries(t.signals?.dispositions ?? {})) lines.push(`signal ${sig} ${d}`);
  if (t.rlimits?.stack !== undefined) lines.push(`rlimit stack ${t.rlimits.stack}`);
  if (t.rlimits?.nproc !== undefined) lines.push(`rlimit nproc ${t.rlimits.nproc}`);
  for (const fd of t.fds ?? []) lines.push(printFd(fd));
  for (const th of t.threads ?? []) {
    lines.push([`thread ${printName(th.name)}`, th.tid !== undefined ? `tid ${th.tid}` : '', th.blocked ? `blocked ${signals(th.blocked)}` : ''].filter(Boolean).join(' '));
  }
  const head = `task ${printName(t.name)} pid ${t.pid}`;
  return lines.length ? block(head, lines) : [head];
}

function printFd(fd: FdSpec): string {
  let target: string;
  if (fd.dupOf !== undefined) target = `dup ${fd.dupOf}`;
  else if (!fd.target) throw new UnprintableError(`fd ${fd.fd} has neither a target nor dupOf`);
  else if ('path' in fd.target) target = printPath(fd.target.path);
  else if ('socket' in fd.target) target = `socket ${printName(fd.target.socket)}`;
  else if ('pipe' in fd.target) target = `pipe ${printName(fd.target.pipe)} ${fd.target.end}`;
  else target = `kqueue ${printName(fd.target.kqueue)}`;
  const sectionAttrs = SECTIONS.flatMap((section) => section.printFdAttrs?.(fd) ?? []);
  return [`fd ${fd.fd} = ${target}`, fd.access ?? '', fd.cloexec ? 'cloexec' : '', ...(fd.statusFlags ?? []), ...sectionAttrs].filter(Boolean).join(' ');
}

// ---------------------------------------------------------------- steps

function printSteps(s: Scenario): string[] {
  const after = new Map<number, ExpectationSpec[]>();
  for (const e of s.expectations) {
    const list = after.get(e.after) ?? [];
    list.push(e);
    after.set(e.after, list);
  }
  const lines: string[] = [];
  for (const e of after.get(-1) ?? []) lines.push(printExpectation(e, s));
  for (const a of s.actions) {
    lines.push(printAction(a));
    for (const e of after.get(a.index) ?? []) lines.push(printExpectation(e, s));
  }
  return lines;
}

function subject(ref: { task: string; thread?: string }): string {
  return ref.thread !== undefined ? `${printName(ref.task)}.${ref.thread === 'main' ? 'main' : printName(ref.thread)}` : printName(ref.task);
}

function flags(list: readonly string[]): string {
  return list.length ? ' ' + list.join('|') : '';
}

function env(envp: readonly string[] | undefined): string {
  return envp ? ` env ${printStringList(envp)}` : '';
}

/** The word an action's call is written with (open with a dirfd is openat). */
export function callWord(a: ActionSpec): string {
  return a.call === 'open' && a.dirfd !== undefined ? 'openat' : a.call;
}

function printCall(a: ActionSpec): string {
  switch (a.call) {
    case 'execve':
      return `execve ${printPath(a.path)} ${printStringList(a.argv)}${env(a.envp)}`;
    case 'execveat':
      return `execveat ${a.dirfd} ${printPath(a.path)} ${printStringList(a.argv)}${env(a.envp)}${flags(a.flags)}`;
    case 'fexecve':
      return `fexecve ${a.fd} ${printStringList(a.argv)}${env(a.envp)}`;
    case 'open': {
      const mode = a.mode !== undefined ? ` mode ${octal(a.mode, 4)}` : '';
      return a.dirfd !== undefined
        ? `openat ${a.dirfd} ${printPath(a.path)}${flags(a.flags)}${mode}`
        : `open ${printPath(a.path)}${flags(a.flags)}${mode}`;
    }
    case 'close':
    case 'dup':
      return `${a.call} ${a.fd}`;
    case 'dup2':
      return `dup2 ${a.oldfd} ${a.newfd}`;
    case 'dup3':
      return `dup3 ${a.oldfd} ${a.newfd}${flags(a.flags)}`;
    case 'fcntl':
      return `fcntl ${a.fd} ${a.cmd}${a.arg !== undefined ? ` ${a.arg}` : ''}`;
    case 'pipe':
      return `pipe ${printName(a.name)}${flags(a.flags)}`;
    case 'chdir':
      return `chdir ${printPath(a.path)}`;
    case 'umask':
      return `umask ${octal(a.mask, 3)}`;
    case 'fork':
    case 'vfork':
      return `${a.call} ${printName(a.child)}`;
    case 'clone':
      return `clone ${printName(a.child)}${flags(a.flags)}`;
    case 'pthread_create':
      return `pthread_create ${printName(a.newThread)}`;
    case 'exit':
      return `exit ${a.status}`;
    case 'store':
      return `store ${printName(a.variable)} = ${printString(a.value)}`;
    case 'setuid':
      return `setuid ${a.uid}`;
    case 'setgid':
      return `setgid ${a.gid}`;
    case 'prctl':
      return `prctl ${a.option}`;
    case 'setrlimit':
      return `setrlimit ${a.resource} ${a.value}`;
    case 'sigaction':
      return `sigaction ${a.signal} ${a.disposition}`;
    case 'sigprocmask':
      return `sigprocmask ${a.how}${a.signals.length ? ' ' + a.signals.join(' ') : ''}`;
    case 'kill':
      return `kill ${printName(a.target)} ${a.signal}`;
    default: {
      for (const section of SECTIONS) {
        const text = section.printCall?.(a);
        if (text !== undefined) return text;
      }
      throw new UnprintableError(`call ${(a as { call: string }).call} has no syntax in the scenario language`);
    }
  }
}

function printAction(a: ActionSpec): string {
  return `${a.label !== undefined ? `@${a.label} ` : ''}${subject(a)}: ${printCall(a)}`;
}

function fdTarget(target: string): string {
  let m = /^socket:(.+)$/.exec(target);
  if (m && isBareName(m[1]!)) return `socket ${m[1]}`;
  m = /^pipe:(.+)\[(read|write)\]$/.exec(target);
  if (m && isBareName(m[1]!)) return `pipe ${m[1]} ${m[2]}`;
  m = /^kqueue:(.+)$/.exec(target);
  if (m && isBareName(m[1]!)) return `kqueue ${m[1]}`;
  return printPath(target);
}

function fdRow(r: FdRowSpec): string {
  return [`${r.fd} = ${fdTarget(r.target)}`, r.access ?? '', r.cloexec ? 'cloexec' : ''].filter(Boolean).join(' ');
}

function printTaskCheck(b: TaskCheckBody): string {
  switch (b.what) {
    case 'fd-closed':
      return `fd ${b.fd} closed`;
    case 'fd-open':
      if (b.target === undefined) {
        if (b.access !== undefined || b.cloexec !== undefined) throw new UnprintableError('fd-open with flags but no target has no syntax');
        return `fd ${b.fd} open`;
      }
      return [`fd ${b.fd} = ${fdTarget(b.target)}`, b.access ?? '', b.cloexec === undefined ? '' : b.cloexec ? 'cloexec' : 'not cloexec'].filter(Boolean).join(' ');
    case 'fd-table':
      return `fds [${b.rows.map(fdRow).join(', ')}]`;
    case 'cred':
      if (b.field === 'groups' && Array.isArray(b.value)) return `groups ${b.value.length ? b.value.join(' ') : 'none'}`;
      if (['uid', 'euid', 'suid', 'gid', 'egid', 'sgid'].includes(b.field) && typeof b.value === 'number') return `${b.field} ${b.value}`;
      break;
    case 'pid':
      return `pid ${b.pid}`;
    case 'ppid':
      return `ppid ${b.ppid}`;
    case 'tid':
      return `tid ${b.tid}`;
    case 'comm':
      return `comm ${printWord(b.comm)}`;
    case 'exe':
      return `exe ${printPath(b.path)}`;
    case 'argv':
      return `argv ${printStringList(b.argv)}`;
    case 'umask':
      return `umask ${octal(b.umask, 3)}`;
    case 'cwd':
      return `cwd ${printPath(b.path)}`;
    case 'threads':
      return `threads ${b.count}`;
    case 'disposition':
      return `signal ${b.signal} ${b.disposition}`;
    case 'blocked':
    case 'pending':
      return `${b.what} ${signals(b.signals)}`;
    case 'state':
      return `state ${b.state}`;
    case 'killed':
      return `killed by ${b.signal}`;
    case 'exited':
      return `exited ${b.status}`;
    case 'memory':
      return b.value === null ? `memory ${printName(b.variable)} unset` : `memory ${printName(b.variable)} = ${printString(b.value)}`;
    default:
      break;
  }
  for (const section of SECTIONS) {
    const text = section.printTaskCheck?.(b);
    if (text !== undefined) return text;
  }
  throw new UnprintableError(`expectation "${b.what}" has no syntax in the scenario language`);
}

/** How an expectation names its action: the label, `TASK CALL` when that finds it, else its number. */
function actionRef(index: number, after: number, s: Scenario): string {
  const a = s.actions[index];
  if (!a) throw new UnprintableError(`expectation refers to action ${index}, which does not exist`);
  if (a.label !== undefined) return `@${a.label}`;
  const word = callWord(a);
  let latest: ActionSpec | undefined;
  for (const b of s.actions) if (b.index <= after && b.task === a.task && callWord(b) === word) latest = b;
  if (latest === a) return `${printName(a.task)} ${word}`;
  return `action ${index + 1}`;
}

/** A phase id is written bare when it reads back as one: a name, then dotted words (see PhaseId). */
function printPhase(id: string): string {
  const segments = id.split('.');
  const bare = segments.length > 1 && isBareName(segments[0]!) && segments.slice(1).every((seg) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg));
  return bare ? id : printString(id);
}

function printExpectation(e: ExpectationSpec, s: Scenario): string {
  const body = e as ExpectationSpec & ExpectationBody;
  switch (body.what) {
    case 'result':
      return `expect ${actionRef(body.action, e.after, s)} ${body.outcome === 'ok' ? 'succeeds' : `fails ${body.outcome}`}`;
    case 'ponr':
      return `expect ${actionRef(body.action, e.after, s)} ponr ${body.crossed ? 'crossed' : 'not crossed'}`;
    case 'failed-in':
      return `expect ${actionRef(body.action, e.after, s)} failed in ${printPhase(body.phase)}`;
    default:
      break;
  }
  if ('action' in body && typeof body.action === 'number') {
    const { index: _i, after: _a, loc: _l, action, ...rest } = body as ExpectationSpec & { action: number };
    for (const section of SECTIONS) {
      const words = section.printOutcome?.(rest as unknown as OutcomeBody);
      if (words !== undefined) return `expect ${actionRef(action, e.after, s)} ${words}`;
    }
  }
  if ('task' in body && typeof body.task === 'string') {
    const { index: _i, after: _a, loc: _l, task, thread, ...rest } = body as ExpectationSpec & { task: string; thread?: string };
    return `expect ${subject({ task, ...(thread !== undefined ? { thread } : {}) })} ${printTaskCheck(rest as unknown as TaskCheckBody)}`;
  }
  for (const section of SECTIONS) {
    const text = section.printExpectation?.(e);
    if (text !== undefined) return text;
  }
  throw new UnprintableError(`expectation "${body.what}" has no syntax in the scenario language`);
}
