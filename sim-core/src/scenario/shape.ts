/**
 * The JSON shape of a Scenario, checked before anything reads it: a scenario
 * built by hand, loaded from a file or sent by another program may have any
 * field of any type. Each wrong field becomes a problem with its path
 * (`tasks[0].fds[2].fd`); elements with a wrong field are reported back so that
 * the semantic checks (validate.ts) and the engine never look inside them.
 *
 * Unknown fields are allowed (a personality may read its own); fields a
 * personality owns (`hurd`) are left to its own `validate`.
 */
import { SIGNAL_NAMES } from '../model/signals.js';
import type { CoreActionCall, ExecveatFlag, OpenFlag, CloneFlag } from './actions.js';
import type { CoreExpectationBody } from './expectations.js';
import type { ProblemCode } from './problems.js';
import type { FdSpec, MachineSpec, MountSpec, TaskSpec, ThreadSpec } from './scenario.js';

/**
 * Where a value is in the scenario (`tasks[0].fds[2].fd`), or null for a
 * quick first check that only answers yes or no: paths are built only when
 * something is wrong (1M fds would otherwise build millions of strings).
 */
export type At = string | null;

export type Report = (code: ProblemCode, at: At, message: string, hint?: string) => void;

/** Checks one value; reports what is wrong; true when the value has the shape. */
export type Shape = (value: unknown, at: At, report: Report) => boolean;

/** The path of a field or element below `at`. */
function below(at: At, field: string | number): At {
  if (at === null) return null;
  return typeof field === 'number' ? `${at}[${field}]` : `${at}.${field}`;
}

interface Field {
  readonly shape: Shape;
  readonly optional: boolean;
}

const req = (shape: Shape): Field => ({ shape, optional: false });
const opt = (shape: Shape): Field => ({ shape, optional: true });

/** Every field of T (its discriminant excepted) with its shape: the compiler keeps the tables complete. */
type Fields<T, Omit extends string = never> = { readonly [K in Exclude<keyof T, Omit>]-?: Field };

/** `the string "x"`, `the number 1.5`, `an array`: how a wrong value is named in messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
    case 'number':
      return `the number ${v}`;
    case 'boolean':
      return String(v);
    case 'undefined':
      return 'nothing';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof v}`;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typed(what: string, test: (v: unknown) => boolean): Shape {
  return (v, at, report) => {
    if (test(v)) return true;
    report('wrong-type', at, `${at} must be ${what}, not ${describeValue(v)}`);
    return false;
  };
}

export const str = typed('a string', (v) => typeof v === 'string');
export const bool = typed('true or false', (v) => typeof v === 'boolean');
export const int = typed('an integer', (v) => typeof v === 'number' && Number.isInteger(v));
export const nat = typed('a whole number (0 or more)', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0);
const anything: Shape = () => true;

/** A 32-bit id (uid, gid); -1 is not an id. */
const id32: Shape = (v, at, report) => {
  if (!nat(v, at, report)) return false;
  if ((v as number) > 4294967294) {
    report('bad-value', at, `${at} is ${v}, beyond the largest id 4294967294`);
    return false;
  }
  return true;
};

export function oneOf<T extends string | number>(values: readonly T[], what = 'one of'): Shape {
  return (v, at, report) => {
    if ((values as readonly unknown[]).includes(v)) return true;
    if (typeof v !== typeof values[0]) {
      report('wrong-type', at, `${at} must be ${typeof values[0] === 'string' ? 'a string' : 'a number'} (${what} ${values.join(', ')}), not ${describeValue(v)}`);
    } else {
      const hint = typeof v === 'string' ? closest(v, values.map(String)) : undefined;
      report('bad-value', at, `${at} is ${JSON.stringify(v)}, not ${what} ${values.join(', ')}`, hint);
    }
    return false;
  };
}

function either(what: string, ...shapes: Shape[]): Shape {
  return (v, at, report) => {
    const silent: Report = () => undefined;
    if (shapes.some((s) => s(v, at, silent))) return true;
    report('wrong-type', at, `${at} must be ${what}, not ${describeValue(v)}`);
    return false;
  };
}

export function arrayOf(item: Shape): Shape {
  return (v, at, report) => {
    if (!Array.isArray(v)) {
      report('wrong-type', at, `${at} must be a list, not ${describeValue(v)}`);
      return false;
    }
    let ok = true;
    v.forEach((x, i) => {
      if (!item(x, below(at, i), report)) ok = false;
    });
    return ok;
  };
}

export function record(fields: Readonly<Record<string, Field>>): Shape {
  const entries = Object.entries(fields);
  return (v, at, report) => {
    if (!isRecord(v)) {
      report('wrong-type', at, `${at} must be an object, not ${describeValue(v)}`);
      return false;
    }
    let ok = true;
    for (const [name, field] of entries) {
      const value = v[name];
      const path = below(at, name);
      if (value === undefined) {
        if (!field.optional) {
          report('missing-field', path, `${path} is missing`);
          ok = false;
        }
        continue;
      }
      if (!field.shape(value, path, report)) ok = false;
    }
    return ok;
  };
}

/** The closest candidate by edit distance, as a "did you mean" hint. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  if (best !== undefined && bestDist <= Math.max(2, Math.floor(name.length / 3))) return `did you mean "${best}"?`;
  return undefined;
}

/** Edits (insert, delete, replace, swap two neighbours) from a to b: "SIGTREM" is one swap from "SIGTERM". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

// ---------------------------------------------------------------- scenario parts

const signal = oneOf(SIGNAL_NAMES, 'a signal:');
const signals = arrayOf(signal);
const strings = arrayOf(str);
const access = oneOf(['ro', 'wo', 'rw', 'exec', 'path'] as const);
const disposition = oneOf(['default', 'ignore', 'handler'] as const);
const dirfd = either('an fd number or "AT_FDCWD"', int, (v) => v === 'AT_FDCWD');

export const sourceLoc = record({ line: req(int), column: req(int), endLine: req(int), endColumn: req(int) } satisfies Fields<import('./scenario.js').SourceLoc>);

const dispositions: Shape = (v, at, report) => {
  if (!isRecord(v)) {
    report('wrong-type', at, `${at} must be an object of signal → disposition, not ${describeValue(v)}`);
    return false;
  }
  let ok = true;
  for (const [sig, d] of Object.entries(v)) {
    if (!signal(sig, at === null ? null : `${at} key`, report)) ok = false;
    if (!disposition(d, below(at, sig), report)) ok = false;
  }
  return ok;
};

const pipeTarget = record({ pipe: req(str), end: req(oneOf(['read', 'write'] as const)) });

const fdTarget: Shape = (v, at, report) => {
  if (!isRecord(v)) {
    report('wrong-type', at, `${at} must be an object naming a path, socket, pipe or kqueue, not ${describeValue(v)}`);
    return false;
  }
  if ('path' in v) return str(v.path, below(at, 'path'), report);
  if ('socket' in v) return str(v.socket, below(at, 'socket'), report);
  if ('kqueue' in v) return str(v.kqueue, below(at, 'kqueue'), report);
  if ('pipe' in v) return pipeTarget(v, at, report);
  report('missing-field', at, `${at} names no path, socket, pipe or kqueue`);
  return false;
};

export const fdSpec = record({
  fd: req(int),
  target: opt(fdTarget),
  access: opt(access),
  cloexec: opt(bool),
  statusFlags: opt(strings),
  dupOf: opt(int),
  rights: opt(strings),
  loc: opt(sourceLoc),
} satisfies Fields<FdSpec>);

const threadSpec = record({ name: req(str), tid: opt(int), blocked: opt(signals), loc: opt(sourceLoc) } satisfies Fields<ThreadSpec>);

const credsSpec = record({
  uid: opt(id32),
  euid: opt(id32),
  suid: opt(id32),
  fsuid: opt(id32),
  gid: opt(id32),
  egid: opt(id32),
  sgid: opt(id32),
  fsgid: opt(id32),
  groups: opt(arrayOf(id32)),
});

export const taskSpec = record({
  name: req(str),
  pid: req(int),
  ppid: opt(int),
  comm: opt(str),
  exe: opt(str),
  creds: opt(credsSpec),
  noNewPrivs: opt(bool),
  ptraced: opt(bool),
  cwd: opt(str),
  root: opt(str),
  umask: opt(int),
  fds: opt(arrayOf(fdSpec)),
  threads: opt(arrayOf(threadSpec)),
  signals: opt(record({ blocked: opt(signals), pending: opt(signals), dispositions: opt(dispositions) })),
  rlimits: opt(record({ stack: opt(nat), nproc: opt(nat) })),
  kind: opt(oneOf(['user', 'kernel-thread', 'user-mode-thread'] as const)),
  capabilityMode: opt(bool),
  // The Hurd personality checks its own part.
  hurd: opt(anything),
  loc: opt(sourceLoc),
} satisfies Fields<TaskSpec>);

export const mountSpec = record({
  path: req(str),
  fstype: req(str),
  noexec: opt(bool),
  nosuid: opt(bool),
  readonly: opt(bool),
  server: opt(oneOf(['libdiskfs', 'libnetfs', 'libtrivfs'] as const)),
  loc: opt(sourceLoc),
} satisfies Partial<Fields<MountSpec>>);

const elfContent = record({
  type: req(oneOf(['elf'] as const)),
  machine: req(str),
  class: opt(oneOf([32, 64] as const)),
  osabi: opt(oneOf(['sysv', 'gnu', 'freebsd', 'cloudabi'] as const)),
  elfType: opt(oneOf(['exec', 'dyn'] as const)),
  entry: opt(nat),
  interp: opt(str),
  segments: opt(arrayOf(record({ offset: req(nat), filesz: req(nat), memsz: opt(nat) }))),
  size: opt(nat),
  execStack: opt(bool),
  corrupt: opt(bool),
});

const scriptContent = record({ text: req(str) });
const dataContent = record({ text: opt(str), size: opt(nat) });
const contentType = oneOf(['elf', 'script', 'data'] as const, 'a content type:');

const fileContent: Shape = (v, at, report) => {
  if (!isRecord(v)) {
    report('wrong-type', at, `${at} must be an object (elf, script or data), not ${describeValue(v)}`);
    return false;
  }
  switch (v.type) {
    case 'elf':
      return elfContent(v, at, report);
    case 'script':
      return scriptContent(v, at, report);
    case 'data':
      return dataContent(v, at, report);
    default:
      return contentType(v.type, below(at, 'type'), report);
  }
};

const nodeCommon = { path: req(str), mode: opt(int), owner: opt(record({ uid: req(id32), gid: req(id32) })), loc: opt(sourceLoc) };
const NODE_KINDS = ['file', 'dir', 'device', 'fifo', 'socket', 'symlink'] as const;
const fileNode = record({ ...nodeCommon, content: req(fileContent), writers: opt(nat) });
const deviceNode = record({ ...nodeCommon, device: req(oneOf(['char', 'block'] as const)) });
const symlinkNode = record({ ...nodeCommon, target: req(str) });
const plainNode = record(nodeCommon);
const nodeKind = oneOf(NODE_KINDS, 'a node kind:');

export const fsNodeSpec: Shape = (v, at, report) => {
  if (!isRecord(v)) {
    report('wrong-type', at, `${at} must be an object, not ${describeValue(v)}`);
    return false;
  }
  switch (v.kind) {
    case 'file':
      return fileNode(v, at, report);
    case 'device':
      return deviceNode(v, at, report);
    case 'symlink':
      return symlinkNode(v, at, report);
    case 'dir':
    case 'fifo':
    case 'socket':
      return plainNode(v, at, report);
    default:
      return nodeKind(v.kind, below(at, 'kind'), report);
  }
};

export const machineSpec = record({
  arch: req(str),
  mmu: req(bool),
  kernelVersion: opt(str),
  binfmtMisc: opt(
    arrayOf(
      record({
        name: req(str),
        match: req(either('an object with an extension or a magic string', record({ extension: req(str) }), record({ magic: req(str) }))),
        interpreter: req(str),
        flags: req(arrayOf(oneOf(['P', 'O', 'C', 'F'] as const, 'a binfmt_misc flag:'))),
        loc: opt(sourceLoc),
      }),
    ),
  ),
  loc: opt(sourceLoc),
} satisfies Fields<MachineSpec>);

// ---------------------------------------------------------------- actions

const EXECVEAT_FLAGS: readonly ExecveatFlag[] = ['AT_EMPTY_PATH', 'AT_SYMLINK_NOFOLLOW', 'AT_EXECVE_CHECK', 'AT_EXE_FILE'];
const OPEN_FLAGS: readonly OpenFlag[] = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_EXEC', 'O_PATH', 'O_CLOEXEC', 'O_CREAT', 'O_TRUNC', 'O_APPEND', 'O_NONBLOCK', 'O_DIRECTORY', 'O_NOFOLLOW'];
const CLONE_FLAGS: readonly CloneFlag[] = ['CLONE_VM', 'CLONE_VFORK', 'CLONE_FILES', 'CLONE_FS', 'CLONE_SIGHAND', 'CLONE_THREAD'];
const cloexecOnly = arrayOf(oneOf(['O_CLOEXEC'] as const, 'the flag'));

type CoreCall = CoreActionCall['call'];
/** The fields of each core call; personalities' own calls are checked by their `validate`. */
const CALL_FIELDS: { readonly [C in CoreCall]: Fields<Extract<CoreActionCall, { call: C }>, 'call'> } = {
  execve: { path: req(str), argv: req(strings), envp: opt(strings) },
  execveat: { dirfd: req(dirfd), path: req(str), argv: req(strings), envp: opt(strings), flags: req(arrayOf(oneOf(EXECVEAT_FLAGS, 'a flag:'))) },
  fexecve: { fd: req(int), argv: req(strings), envp: opt(strings) },
  open: { path: req(str), flags: req(arrayOf(oneOf(OPEN_FLAGS, 'a flag:'))), mode: opt(nat), dirfd: opt(dirfd) },
  close: { fd: req(int) },
  dup: { fd: req(int) },
  dup2: { oldfd: req(int), newfd: req(int) },
  dup3: { oldfd: req(int), newfd: req(int), flags: req(cloexecOnly) },
  fcntl: { fd: req(int), cmd: req(oneOf(['F_GETFD', 'F_SETFD', 'F_DUPFD', 'F_DUPFD_CLOEXEC'] as const, 'a command:')), arg: opt(int) },
  pipe: { name: req(str), flags: req(cloexecOnly) },
  chdir: { path: req(str) },
  umask: { mask: req(int) },
  fork: { child: req(str) },
  vfork: { child: req(str) },
  clone: { child: req(str), flags: req(arrayOf(oneOf(CLONE_FLAGS, 'a flag:'))) },
  pthread_create: { newThread: req(str) },
  exit: { status: req(int) },
  store: { variable: req(str), value: req(str) },
  setuid: { uid: req(id32) },
  setgid: { gid: req(id32) },
  prctl: { option: req(oneOf(['PR_SET_NO_NEW_PRIVS'] as const, 'the option')) },
  setrlimit: { resource: req(oneOf(['RLIMIT_STACK', 'RLIMIT_NPROC'] as const, 'a resource:')), value: req(int) },
  sigaction: { signal: req(signal), disposition: req(disposition) },
  sigprocmask: { how: req(oneOf(['SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'] as const)), signals: req(signals) },
  kill: { target: req(str), signal: req(signal) },
};

export function isCoreCall(call: string): call is CoreCall {
  return Object.prototype.hasOwnProperty.call(CALL_FIELDS, call);
}

const actionBase = record({ index: req(int), loc: opt(sourceLoc), task: req(str), thread: opt(str), label: opt(str), call: req(str) });
const callShapes = new Map(Object.entries(CALL_FIELDS).map(([call, fields]) => [call, record(fields as Readonly<Record<string, Field>>)]));

export const actionSpec: Shape = (v, at, report) => {
  if (!actionBase(v, at, report)) return false;
  const own = callShapes.get((v as Record<string, unknown>).call as string);
  return own ? own(v, at, report) : true;
};

// ---------------------------------------------------------------- expectations

type CoreWhat = CoreExpectationBody['what'];
const taskRef = { task: req(str), thread: opt(str) };
const credField = oneOf(['uid', 'euid', 'suid', 'fsuid', 'gid', 'egid', 'sgid', 'fsgid', 'groups'] as const, 'a credential:');
const fdRow = record({ fd: req(int), target: req(str), access: opt(access), cloexec: opt(bool) });

/** The fields of each core expectation kind. */
const EXPECTATION_FIELDS: { readonly [W in CoreWhat]: Fields<Extract<CoreExpectationBody, { what: W }>, 'what'> } = {
  'fd-open': { ...taskRef, fd: req(int), target: opt(str), access: opt(access), cloexec: opt(bool) },
  'fd-closed': { ...taskRef, fd: req(int) },
  'fd-table': { ...taskRef, rows: req(arrayOf(fdRow)) },
  cred: { ...taskRef, field: req(credField), value: req(either('an id or a list of ids', id32, arrayOf(id32))) },
  pid: { ...taskRef, pid: req(int) },
  ppid: { ...taskRef, ppid: req(int) },
  tid: { ...taskRef, tid: req(int) },
  comm: { ...taskRef, comm: req(str) },
  exe: { ...taskRef, path: req(str) },
  argv: { ...taskRef, argv: req(strings) },
  umask: { ...taskRef, umask: req(int) },
  cwd: { ...taskRef, path: req(str) },
  threads: { ...taskRef, count: req(nat) },
  disposition: { ...taskRef, signal: req(signal), disposition: req(disposition) },
  blocked: { ...taskRef, signals: req(signals) },
  pending: { ...taskRef, signals: req(signals) },
  auxv: { ...taskRef, key: req(oneOf(['AT_SECURE', 'AT_EXECFD'] as const)), value: req(either('a number or null (absent)', int, (v) => v === null)) },
  state: { ...taskRef, state: req(oneOf(['running', 'blocked', 'exited', 'killed'] as const, 'a state:')) },
  killed: { ...taskRef, signal: req(signal) },
  exited: { ...taskRef, status: req(int) },
  memory: { ...taskRef, variable: req(str), value: req(either('a string or null (unset)', str, (v) => v === null)) },
  result: { action: req(int), outcome: req(str) },
  ponr: { action: req(int), crossed: req(bool) },
  'failed-in': { action: req(int), phase: req(str) },
};

export function isCoreExpectation(what: string): what is CoreWhat {
  return Object.prototype.hasOwnProperty.call(EXPECTATION_FIELDS, what);
}

const expectationBase = record({ index: req(int), after: req(int), loc: opt(sourceLoc), what: req(str) });
const expectationShapes = new Map(Object.entries(EXPECTATION_FIELDS).map(([what, fields]) => [what, record(fields as Readonly<Record<string, Field>>)]));

export const expectationSpec: Shape = (v, at, report) => {
  if (!expectationBase(v, at, report)) return false;
  const own = expectationShapes.get((v as Record<string, unknown>).what as string);
  return own ? own(v, at, report) : true;
};
