/**
 * Builds the state before the first action from a validated scenario: the
 * filesystem, then each task with its credentials, fd table (descriptions
 * shared where the scenario says `dupOf`), threads, signals and memory.
 */
import { IntMap } from '../persistent/int-map.js';
import { basename, buildFilesystem, inodeAt, lookup, utf8Length, withInode } from '../model/filesystem.js';
import { newFdTable } from '../model/fds.js';
import { sigset } from '../model/signals.js';
import type { AddressSpace, DescId, DescTarget, Ino, KernelState, Task, Thread } from '../model/state.js';
import type { Credentials, FdSpec, Scenario, TaskSpec } from '../scenario/scenario.js';
import type { Personality } from '../personalities/personality.js';

/** Linux's default RLIMIT_STACK (8 MiB, _STK_LIM). */
export const DEFAULT_STACK_RLIMIT = 8 * 1024 * 1024;
/** TASK_COMM_LEN is 16 bytes including the NUL. */
export const TASK_COMM_LEN = 16;

/** comm holds TASK_COMM_LEN - 1 bytes (strscpy_pad); a multi-byte character that does not fit is dropped whole. */
export function comm(name: string): string {
  let out = '';
  let bytes = 0;
  for (const ch of name) {
    const n = utf8Length(ch);
    if (bytes + n > TASK_COMM_LEN - 1) break;
    out += ch;
    bytes += n;
  }
  return out;
}

export function credentialsOf(spec: Partial<Credentials> | undefined): Credentials {
  const uid = spec?.uid ?? 0;
  const gid = spec?.gid ?? 0;
  const euid = spec?.euid ?? uid;
  const egid = spec?.egid ?? gid;
  return {
    uid,
    euid,
    suid: spec?.suid ?? euid,
    fsuid: spec?.fsuid ?? euid,
    gid,
    egid,
    sgid: spec?.sgid ?? egid,
    fsgid: spec?.fsgid ?? egid,
    groups: spec?.groups ?? [],
  };
}

function targetOf(state: KernelState, spec: FdSpec, creds: Credentials): DescTarget {
  const t = spec.target!;
  if ('path' in t) {
    const res = lookup(state.fs, t.path, { base: '/', root: '/', creds, followFinal: true, noPermission: true });
    if (!res.ok) throw new Error(`internal: validated fd target ${t.path} not found`);
    return { kind: 'file', ino: res.ino, path: res.path };
  }
  if ('socket' in t) return { kind: 'socket', name: t.socket };
  if ('pipe' in t) return { kind: 'pipe', name: t.pipe, end: t.end };
  return { kind: 'kqueue', name: t.kqueue };
}

function defaultAccess(target: DescTarget): FdSpec['access'] {
  if (target.kind === 'pipe') return target.end === 'read' ? 'ro' : 'wo';
  if (target.kind === 'file') return 'ro';
  return 'rw';
}

export function buildInitialState(scenario: Scenario, personality: Personality): KernelState {
  const fs = buildFilesystem(scenario.filesystem);
  const maxId = Math.max(
    0,
    ...scenario.tasks.map((t) => t.pid),
    ...scenario.tasks.flatMap((t) => (t.threads ?? []).map((th) => th.tid ?? 0)),
  );
  let state: KernelState = {
    system: scenario.system,
    machine: scenario.machine,
    fs,
    descriptions: IntMap.empty(),
    fdTables: IntMap.empty(),
    mms: IntMap.empty(),
    tasks: IntMap.empty(),
    names: {},
    next: { pid: maxId + 1, desc: 1, files: 1, mm: 1, ino: fs.inodes.maxKey() + 1 },
    ext: {},
  };
  for (const spec of scenario.tasks) state = addTask(state, spec);
  return personality.initialize ? personality.initialize(state, scenario) : state;
}

function addTask(state: KernelState, spec: TaskSpec): KernelState {
  const creds = credentialsOf(spec.creds);
  const [withTable, files] = newFdTable(state, IntMap.empty());
  state = withTable;
  const mmId = state.next.mm;
  const mm: AddressSpace = {
    id: mmId,
    image: spec.exe ?? null,
    mappings: spec.exe ? [{ name: spec.exe, kind: 'text' }, { name: '[stack]', kind: 'stack' }] : [],
    argv: [spec.comm ?? (spec.exe ? basename(spec.exe) : spec.name)],
    envp: [],
    auxv: { AT_SECURE: 0 },
    variables: {},
    users: 1,
  };
  state = { ...state, mms: state.mms.set(mmId, mm), next: { ...state.next, mm: mmId + 1 } };

  let nextTid = state.next.pid;
  const threads: Thread[] = [
    { tid: spec.pid, name: 'main', blocked: sigset(spec.signals?.blocked ?? []), run: { state: 'running' } },
  ];
  for (const t of spec.threads ?? []) {
    const tid = t.tid ?? nextTid++;
    threads.push({ tid, name: t.name, blocked: sigset(t.blocked ?? []), run: { state: 'running' } });
  }
  const dispositions: Record<string, 'ignore' | 'handler'> = {};
  for (const [sig, d] of Object.entries(spec.signals?.dispositions ?? {})) {
    if (d === 'ignore' || d === 'handler') dispositions[sig] = d;
  }
  const task: Task = {
    pid: spec.pid,
    ppid: spec.ppid ?? 1,
    name: spec.name,
    comm: comm(spec.comm ?? (spec.exe ? basename(spec.exe) : spec.name)),
    exe: spec.exe ?? null,
    kind: spec.kind ?? 'user',
    leader: spec.pid,
    threads,
    creds,
    noNewPrivs: spec.noNewPrivs ?? false,
    ptraced: spec.ptraced ?? false,
    cwd: spec.cwd ?? '/',
    root: spec.root ?? '/',
    umask: spec.umask ?? 0o022,
    files,
    mm: mmId,
    signals: { dispositions, pending: sigset(spec.signals?.pending ?? []) },
    rlimits: { stack: spec.rlimits?.stack ?? DEFAULT_STACK_RLIMIT, nproc: spec.rlimits?.nproc ?? null },
    nprocExceeded: false,
    capabilityMode: spec.capabilityMode ?? false,
    status: { state: 'running' },
    vforkParent: null,
    ext: {},
  };
  state = {
    ...state,
    tasks: state.tasks.set(task.pid, task),
    names: { ...state.names, [spec.name]: task.pid },
    next: { ...state.next, pid: Math.max(state.next.pid, nextTid) },
  };

  return installInitialFds(state, task.pid, files, spec.fds ?? [], creds);
}

/**
 * Builds a task's initial fd table in one pass: descriptions and slots are
 * collected first and written with one bulk edit of each map, so a table of
 * 1M fds costs one insert per entry, not one state copy per fd.
 */
function installInitialFds(state: KernelState, pid: number, files: number, specs: readonly FdSpec[], creds: Credentials): KernelState {
  if (specs.length === 0) return state;
  const firstDesc = state.next.desc;
  const created: Array<{ target: DescTarget; spec: FdSpec }> = [];
  const refs: number[] = [];
  /** Description in each fd slot so far, by fd (fds are below NR_OPEN). */
  const slotDesc: DescId[] = [];
  const targets = new Map<string, DescTarget>();
  const table = state.fdTables.get(files)!;
  const slots = table.slots.withMutations((m) => {
    for (const spec of specs) {
      let desc: DescId;
      if (spec.dupOf !== undefined) {
        desc = slotDesc[spec.dupOf]!;
      } else {
        const t = spec.target!;
        const key = 'path' in t ? t.path : JSON.stringify(t);
        let target = targets.get(key);
        if (!target) {
          target = targetOf(state, spec, creds);
          targets.set(key, target);
        }
        desc = firstDesc + created.length;
        created.push({ target, spec });
        refs.push(0);
      }
      const previous = slotDesc[spec.fd];
      if (previous !== undefined) refs[previous - firstDesc]!--;
      refs[desc - firstDesc]!++;
      slotDesc[spec.fd] = desc;
      m.set(spec.fd, { desc, cloexec: spec.cloexec ?? false });
    }
  });
  const writers = new Map<Ino, number>();
  const descriptions = state.descriptions.withMutations((m) => {
    created.forEach(({ target, spec }, i) => {
      if (refs[i] === 0) return;
      const access = spec.access ?? defaultAccess(target)!;
      const id = firstDesc + i;
      m.set(id, {
        id,
        target,
        access,
        statusFlags: spec.statusFlags ?? [],
        offset: 0,
        refs: refs[i]!,
        ...(spec.rights ? { rights: spec.rights } : {}),
      });
      if (target.kind === 'file' && (access === 'wo' || access === 'rw')) writers.set(target.ino, (writers.get(target.ino) ?? 0) + 1);
    });
  });
  let fs = state.fs;
  for (const [ino, n] of writers) {
    const inode = inodeAt(fs, ino);
    fs = withInode(fs, { ...inode, writers: inode.writers + n });
  }
  return {
    ...state,
    fs,
    descriptions,
    fdTables: state.fdTables.set(files, { ...table, slots }),
    next: { ...state.next, desc: firstDesc + created.length },
  };
}

