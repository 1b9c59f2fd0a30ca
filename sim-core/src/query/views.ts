/**
 * Views of the simulated state as query values: a task, its fd table, its
 * credentials, signals, memory and registers. The debugger's scopes and the
 * query language read the same views, so a variable's evaluateName always
 * evaluates back to it. Values that may change mid-run carry a setter that
 * plans the edit (toggle close-on-exec, close an fd, change a uid, …).
 */
import { compactList } from '../trace/describe-event.js';
import { closeFd, descriptionOf, setCloexec, targetName } from '../model/fds.js';
import { isSignalName, sigset, type SignalName, type SignalSet } from '../model/signals.js';
import type { AuxKey, FdSlot, KernelState, Task, Thread } from '../model/state.js';
import { updateTask } from '../personalities/common/process-ops.js';
import type { Credentials } from '../scenario/scenario.js';
import { QueryError } from './errors.js';
import type { StateInspector } from './inspector.js';
import {
  bool,
  fieldPath,
  indexPath,
  intTable,
  isIdentifier,
  list,
  none,
  num,
  octal,
  record,
  str,
  type EditPlan,
  type QField,
  type QValue,
} from './values.js';

/** Names that cannot stand for a task in an expression (they mean something else). */
const RESERVED = new Set(['true', 'false', 'null', 'closed']);

/** The task behind a task value, for functions such as ports(task). */
const tasks = new WeakMap<object, Task>();

export function taskBehind(v: QValue): Task | undefined {
  return tasks.get(v);
}

/** `shell`, or `task(100)` for a process without a usable scenario name. */
export function taskPath(state: KernelState, task: Task): string {
  return state.names[task.name] === task.pid && isIdentifier(task.name) && !RESERVED.has(task.name) ? task.name : `task(${task.pid})`;
}

export function statusText(task: Task): string {
  const s = task.status;
  if (s.state === 'killed') return `killed by ${s.signal}`;
  if (s.state === 'exited') return `exited with status ${s.status}`;
  return 'running';
}

function isRunning(task: Task): boolean {
  return task.status.state === 'running' && task.files >= 0;
}

/** The main thread (the leader, or the first left). */
export function mainThread(task: Task): Thread | undefined {
  return task.threads.find((t) => t.tid === task.leader) ?? task.threads[0];
}

// ------------------------------------------------------------------ parsing of typed-in values

export function parseBool(text: string, what: string): boolean {
  const t = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'on', 'set'].includes(t)) return true;
  if (['false', '0', 'no', 'off', 'clear', 'cleared'].includes(t)) return false;
  throw new QueryError(`"${text}" is not a value for ${what}`, undefined, 'type true or false');
}

/** uid_t/gid_t: 0 to 4294967295 (decimal or 0x hex). */
export function parseId(text: string, what: string): number {
  const t = text.trim();
  const n = /^0[xX][0-9a-fA-F]+$/.test(t) ? parseInt(t.slice(2), 16) : /^[0-9]+$/.test(t) ? parseInt(t, 10) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new QueryError(`"${text}" is not a valid ${what}`, undefined, 'ids are whole numbers from 0 to 4294967295');
  return n;
}

/** Umasks and modes are octal: `022`, `0o22` and `22` all mean 0022. */
export function parseOctal(text: string, what: string, max: number): number {
  const t = text.trim().replace(/^0[oO]/, '');
  if (!/^[0-7]+$/.test(t)) throw new QueryError(`"${text}" is not an octal ${what}`, undefined, `write it in octal, e.g. 022`);
  const n = parseInt(t, 8);
  if (n > max) throw new QueryError(`${what} ${octal(n)} is out of range`, undefined, `the largest is ${octal(max)}`);
  return n;
}

function parseIdList(text: string, what: string): number[] {
  const t = text.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  if (t === '') return [];
  return t.split(/[\s,]+/).map((x) => parseId(x, what));
}

// ------------------------------------------------------------------ edits

/** Whether the common setters apply: not where the personality's own state is the source of the core views. */
function coreEditable(inspector: StateInspector | undefined): boolean {
  return !inspector?.ownsTaskState;
}

function editTask(pid: number, description: string, fn: (t: Task) => Task): EditPlan {
  return {
    description,
    apply: (state) => {
      const t = state.tasks.get(pid);
      return t && t.status.state === 'running' ? updateTask(state, pid, fn) : state;
    },
  };
}

// ------------------------------------------------------------------ fd table

export function fdRow(state: KernelState, task: Task, fd: number, slot: FdSlot, tablePath: string | undefined, inspector?: StateInspector): QValue {
  const editable = coreEditable(inspector);
  const setCloexec_ = editable ? setCloexec : inspector?.setCloexec?.bind(inspector);
  const d = descriptionOf(state, slot.desc);
  const target = targetName(d.target);
  const flags = `${d.access}${slot.cloexec ? ', cloexec' : ''}`;
  const path = indexPath(tablePath, fd);
  const who = `${task.name}`;
  return record(
    'fd',
    `${fd} → ${target} (${flags})`,
    () => {
      const fields: QField[] = [
        { name: 'target', value: str(target, { path: fieldPath(path, 'target'), type: 'path' }) },
        { name: 'kind', value: str(d.target.kind, { path: fieldPath(path, 'kind') }) },
        { name: 'access', value: str(d.access, { path: fieldPath(path, 'access'), type: 'access' }) },
        {
          name: 'cloexec',
          value: bool(slot.cloexec, {
            path: fieldPath(path, 'cloexec'),
            type: 'close-on-exec',
            set: setCloexec_
              ? (text) => {
                  const on = parseBool(text, 'cloexec');
                  return {
                    description: `${who}: fd ${fd} close-on-exec ${on ? 'set' : 'cleared'}`,
                    apply: (s) => {
                      const t = s.tasks.get(task.pid);
                      return t && isRunning(t) ? setCloexec_(s, task.pid, fd, on) : s;
                    },
                  };
                }
              : undefined,
          }),
        },
        { name: 'description', value: str(`#${d.id}`, { path: fieldPath(path, 'description'), type: 'open file description' }) },
        { name: 'refs', value: num(d.refs, { path: fieldPath(path, 'refs'), type: 'slots sharing the description' }) },
        { name: 'offset', value: num(d.offset, { path: fieldPath(path, 'offset') }) },
        { name: 'flags', value: list('status flags', d.statusFlags.map((f) => str(f)), { path: fieldPath(path, 'flags'), display: d.statusFlags.join(' ') || '(none)' }) },
      ];
      if (d.rights) fields.push({ name: 'rights', value: list('rights', d.rights.map((r) => str(r)), { path: fieldPath(path, 'rights'), display: d.rights.join(' ') || '(none)' }) });
      return fields;
    },
    {
      path,
      count: d.rights ? 9 : 8,
      brief: `→ ${target} (${flags})`,
      identity: `#${d.id} ${target} (${flags})`,
      set: editable
        ? (text) => {
            if (text.trim() !== 'closed') throw new QueryError(`an fd can only be set to closed`, undefined, 'type closed to close it; toggle close-on-exec with its cloexec field');
            return {
              description: `${who}: fd ${fd} closed`,
              apply: (s) => {
                const t = s.tasks.get(task.pid);
                return t && isRunning(t) ? closeFd(s, task.pid, fd) : s;
              },
            };
          }
        : undefined,
    },
  );
}

export function fdTable(state: KernelState, task: Task, path: string | undefined, inspector?: StateInspector): QValue {
  const table = isRunning(task) ? state.fdTables.get(task.files) : undefined;
  if (!table) return none(`no fd table (${statusText(task)})`, { type: 'fd table', ...(path !== undefined ? { path } : {}) });
  const n = table.slots.size;
  const display = n === 0 ? 'no fds open' : n <= 64 ? `${n} open: ${compactList(table.slots.keys())}` : `${n} open`;
  return intTable('fd table', table.slots, (fd, slot) => fdRow(state, task, fd, slot, path, inspector), {
    display,
    missing: 'closed',
    ...(path !== undefined ? { path } : {}),
  });
}

// ------------------------------------------------------------------ credentials

const CRED_FIELDS = ['uid', 'euid', 'suid', 'fsuid', 'gid', 'egid', 'sgid', 'fsgid'] as const;
type CredId = (typeof CRED_FIELDS)[number];

export function isCredField(name: string): name is CredId | 'groups' {
  return (CRED_FIELDS as readonly string[]).includes(name) || name === 'groups';
}

function credField(task: Task, name: CredId | 'groups', path: string | undefined, inspector?: StateInspector): QValue {
  const c = task.creds;
  const editable = coreEditable(inspector);
  if (name === 'groups') {
    return list('groups', c.groups.map((g) => num(g, { type: 'gid' })), {
      ...(path !== undefined ? { path } : {}),
      display: c.groups.length ? c.groups.join(', ') : '(none)',
      set: editable
        ? (text) => {
            const groups = parseIdList(text, 'gid');
            return editTask(task.pid, `${task.name}: groups ${c.groups.join(',') || '(none)'} → ${groups.join(',') || '(none)'}`, (t) => ({ ...t, creds: { ...t.creds, groups } }));
          }
        : undefined,
    });
  }
  return num(c[name], {
    type: name.endsWith('uid') ? 'uid' : 'gid',
    ...(path !== undefined ? { path } : {}),
    set: editable
      ? (text) => {
          const v = parseId(text, name);
          return editTask(task.pid, `${task.name}: ${name} ${c[name]} → ${v}`, (t) => ({ ...t, creds: { ...t.creds, [name]: v } as Credentials }));
        }
      : undefined,
  });
}

export function credentials(task: Task, path: string | undefined, inspector?: StateInspector): QValue {
  const c = task.creds;
  return record(
    'credentials',
    `uid ${c.uid}/${c.euid}/${c.suid}/${c.fsuid} gid ${c.gid}/${c.egid}/${c.sgid}/${c.fsgid}`,
    () => [...CRED_FIELDS, 'groups' as const].map((name) => ({ name, value: credField(task, name, fieldPath(path, name), inspector) })),
    path !== undefined ? { path } : {},
  );
}

// ------------------------------------------------------------------ signals

function sigsetValue(set: SignalSet, path: string | undefined, type = 'signal set'): QValue {
  return list(type, set.map((s) => str(s, { type: 'signal' })), { ...(path !== undefined ? { path } : {}), display: set.length ? set.join(' ') : '(none)' });
}

export function signals(task: Task, path: string | undefined): QValue {
  const main = mainThread(task);
  const d = task.signals.dispositions;
  const ignored = sigset(Object.entries(d).filter(([, v]) => v === 'ignore').map(([s]) => s as SignalName));
  const caught = sigset(Object.entries(d).filter(([, v]) => v === 'handler').map(([s]) => s as SignalName));
  const blocked = main?.blocked ?? [];
  return record(
    'signals',
    `blocked ${blocked.length}, pending ${task.signals.pending.length}, ignored ${ignored.length}, caught ${caught.length}`,
    () => {
      const fields: QField[] = [
        { name: 'blocked', value: sigsetValue(blocked, fieldPath(path, 'blocked')) },
        { name: 'pending', value: sigsetValue(task.signals.pending, fieldPath(path, 'pending')) },
        { name: 'ignored', value: sigsetValue(ignored, fieldPath(path, 'ignored')) },
        { name: 'caught', value: sigsetValue(caught, fieldPath(path, 'caught')) },
      ];
      if (task.threads.length > 1) {
        const byThread = fieldPath(path, 'blockedByThread');
        fields.push({
          name: 'blockedByThread',
          value: record('blocked masks', `${task.threads.length} threads`, () =>
            task.threads.map((t) => ({ name: t.name, value: sigsetValue(t.blocked, fieldPath(byThread, t.name)) })),
            byThread !== undefined ? { path: byThread } : {},
          ),
        });
      }
      return fields;
    },
    {
      ...(path !== undefined ? { path } : {}),
      lookup: (name) => {
        if (!isSignalName(name)) return undefined;
        const disp = d[name] ?? 'default';
        return str(disp, { type: 'disposition', ...(fieldPath(path, name) !== undefined ? { path: fieldPath(path, name)! } : {}) });
      },
    },
  );
}

// ------------------------------------------------------------------ memory and registers

export function memory(state: KernelState, task: Task, path: string | undefined): QValue {
  const mm = isRunning(task) ? state.mms.get(task.mm) : undefined;
  if (!mm) return none(`no address space (${statusText(task)})`, { type: 'address space', ...(path !== undefined ? { path } : {}) });
  const auxvPath = fieldPath(path, 'auxv');
  const varsPath = fieldPath(path, 'variables');
  return record(
    'address space',
    `#${mm.id}${mm.image ? ` ${mm.image}` : ''}${mm.users > 1 ? `, shared by ${mm.users} tasks` : ''}`,
    () => [
      { name: 'id', value: num(mm.id, { path: fieldPath(path, 'id')!, type: 'address space' }) },
      { name: 'users', value: num(mm.users, { path: fieldPath(path, 'users')!, type: 'tasks using it' }) },
      { name: 'image', value: mm.image ? str(mm.image, { path: fieldPath(path, 'image')!, type: 'path' }) : none('(none)', { path: fieldPath(path, 'image')! }) },
      { name: 'argv', value: list('argv', mm.argv.map((a) => str(a, { display: JSON.stringify(a) })), { path: fieldPath(path, 'argv')! }) },
      { name: 'envp', value: list('envp', mm.envp.map((a) => str(a, { display: JSON.stringify(a) })), { path: fieldPath(path, 'envp')! }) },
      {
        name: 'auxv',
        value: record(
          'auxv',
          Object.entries(mm.auxv).map(([k, v]) => `${k}=${auxText(k as AuxKey, v!)}`).join(' ') || '(empty)',
          () => Object.entries(mm.auxv).map(([k, v]) => ({ name: k, value: num(v!, { path: fieldPath(auxvPath, k)!, display: auxText(k as AuxKey, v!) }) })),
          {
            path: auxvPath!,
            lookup: (name) => (/^AT_[A-Z]+$/.test(name) && !(name in mm.auxv) ? none('(absent)', { path: fieldPath(auxvPath, name)! }) : undefined),
          },
        ),
      },
      {
        name: 'variables',
        value: record(
          'variables',
          Object.keys(mm.variables).length ? Object.entries(mm.variables).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ') : '(none)',
          () => Object.entries(mm.variables).map(([k, v]) => ({ name: k, value: str(v, { path: fieldPath(varsPath, k)!, display: JSON.stringify(v) }) })),
          { path: varsPath! },
        ),
      },
      {
        name: 'mappings',
        value: list('mappings', mm.mappings.map((m) => str(`${m.kind} ${m.name}`)), { path: fieldPath(path, 'mappings')!, display: mm.mappings.map((m) => m.name).join(' ') || '(none)' }),
      },
    ],
    path !== undefined ? { path } : {},
  );
}

function auxText(key: AuxKey, v: number): string {
  return key === 'AT_ENTRY' || key === 'AT_BASE' ? `0x${v.toString(16)}` : String(v);
}

/**
 * The simulator keeps registers only where exec sets them: start_thread points
 * the instruction pointer at the entry (LINUX fs/binfmt_elf.c: load_elf_binary,
 * START_THREAD) and the stack pointer at the new stack built by create_elf_tables.
 */
export function registers(state: KernelState, task: Task, path: string | undefined): QValue {
  const mm = isRunning(task) ? state.mms.get(task.mm) : undefined;
  const entry = mm?.auxv.AT_ENTRY;
  const ipPath = fieldPath(path, 'ip')!;
  const spPath = fieldPath(path, 'sp')!;
  const ip = entry !== undefined ? num(entry, { path: ipPath, type: 'address', display: `0x${entry.toString(16)}`, brief: `0x${entry.toString(16)} (entry of ${mm!.image})` }) : none('not modelled before start_thread', { path: ipPath, type: 'address' });
  const sp =
    entry !== undefined && mm
      ? str(`new stack: argc ${mm.argv.length}, envc ${mm.envp.length}, auxv ${Object.keys(mm.auxv).length} entries`, { path: spPath, type: 'stack' })
      : none('not modelled before start_thread', { path: spPath, type: 'stack' });
  return record('registers', entry !== undefined ? `ip 0x${entry.toString(16)}` : 'not modelled', () => [
    { name: 'ip', value: ip },
    { name: 'sp', value: sp },
  ], path !== undefined ? { path } : {});
}

// ------------------------------------------------------------------ threads and the task

function threadValue(t: Thread, path: string | undefined): QValue {
  const run = t.run.state === 'blocked' ? `blocked: ${t.run.reason}` : 'running';
  return record('thread', `${t.name} (tid ${t.tid}): ${run}`, () => [
    { name: 'tid', value: num(t.tid, { path: fieldPath(path, 'tid')!, type: 'tid' }) },
    { name: 'name', value: str(t.name, { path: fieldPath(path, 'name')! }) },
    { name: 'state', value: str(run, { path: fieldPath(path, 'state')! }) },
    { name: 'blocked', value: sigsetValue(t.blocked, fieldPath(path, 'blocked')) },
  ], path !== undefined ? { path } : {});
}

export function threads(task: Task, path: string | undefined): QValue {
  return list('threads', task.threads.map((t, i) => threadValue(t, indexPath(path, i))), {
    ...(path !== undefined ? { path } : {}),
    display: task.threads.length ? task.threads.map((t) => `${t.name} (${t.tid})`).join(', ') : '(none)',
  });
}

/** The process itself: ids, names, state, directories, umask and flags. */
export function processFields(task: Task, path: string, inspector?: StateInspector): QField[] {
  const f = (name: string) => fieldPath(path, name)!;
  const editable = coreEditable(inspector);
  return [
    { name: 'name', value: str(task.name, { path: f('name') }) },
    { name: 'pid', value: num(task.pid, { path: f('pid'), type: 'pid' }) },
    { name: 'ppid', value: num(task.ppid, { path: f('ppid'), type: 'pid' }) },
    { name: 'comm', value: str(task.comm, { path: f('comm') }) },
    { name: 'exe', value: task.exe ? str(task.exe, { path: f('exe'), type: 'path' }) : none('(none)', { path: f('exe') }) },
    { name: 'state', value: str(statusText(task), { path: f('state') }) },
    { name: 'kind', value: str(task.kind, { path: f('kind') }) },
    { name: 'threads', value: threads(task, f('threads')) },
    { name: 'cwd', value: str(task.cwd, { path: f('cwd'), type: 'path' }) },
    { name: 'root', value: str(task.root, { path: f('root'), type: 'path' }) },
    {
      name: 'umask',
      value: num(task.umask, {
        path: f('umask'),
        type: 'umask',
        display: octal(task.umask),
        set: editable
          ? (text) => {
              const v = parseOctal(text, 'umask', 0o777);
              return editTask(task.pid, `${task.name}: umask ${octal(task.umask)} → ${octal(v)}`, (t) => ({ ...t, umask: v }));
            }
          : undefined,
      }),
    },
    {
      name: 'noNewPrivs',
      value: bool(task.noNewPrivs, {
        path: f('noNewPrivs'),
        type: 'no_new_privs',
        set: editable
          ? (text) => {
              const v = parseBool(text, 'noNewPrivs');
              return editTask(task.pid, `${task.name}: no_new_privs ${v ? 'set' : 'cleared'}`, (t) => ({ ...t, noNewPrivs: v }));
            }
          : undefined,
      }),
    },
    { name: 'ptraced', value: bool(task.ptraced, { path: f('ptraced') }) },
    ...(task.vforkParent ? [{ name: 'vforkParent', value: num(task.vforkParent.pid, { path: f('vforkParent'), type: 'pid', display: `pid ${task.vforkParent.pid} waits for this child to exec or exit` }) }] : []),
  ];
}

export function processValue(state: KernelState, task: Task, inspector?: StateInspector): QValue {
  const path = taskPath(state, task);
  return record('process', taskDisplay(task), () => processFields(task, path, inspector), { path });
}

export function taskDisplay(task: Task): string {
  const running = task.status.state === 'running';
  return `${task.name} (pid ${task.pid}): ${running ? `running ${task.exe ?? task.comm}, euid ${task.creds.euid}` : statusText(task)}`;
}

/** The whole task, as `shell` evaluates: process fields plus fd table, credentials, signals, memory and registers. */
export function taskValue(state: KernelState, task: Task, inspector?: StateInspector): QValue {
  const path = taskPath(state, task);
  const f = (name: string) => fieldPath(path, name)!;
  const v = record(
    'task',
    taskDisplay(task),
    () => [
      ...processFields(task, path, inspector),
      { name: 'fd', value: fdTable(state, task, f('fd'), inspector) },
      { name: 'creds', value: credentials(task, f('creds'), inspector) },
      { name: 'signals', value: signals(task, f('signals')) },
      { name: 'memory', value: memory(state, task, f('memory')) },
      { name: 'registers', value: registers(state, task, f('registers')) },
      ...(inspector?.portNamespace?.(state, task, `ports(${path})`) ? [{ name: 'ports', value: inspector.portNamespace(state, task, `ports(${path})`)! }] : []),
    ],
    {
      path,
      aliases: ['fds', ...CRED_FIELDS, 'groups', 'argv', 'envp', 'auxv', ...(inspector?.portNamespace ? ['ports'] : [])],
      lookup: (name) => {
        if (name === 'fds') return fdTable(state, task, f('fd'), inspector);
        if (isCredField(name)) return credField(task, name, f(name), inspector);
        if (name === 'argv' || name === 'envp' || name === 'auxv') {
          const m = memory(state, task, f('memory'));
          return m.kind === 'record' ? m.field(name) : m;
        }
        return undefined;
      },
    },
  );
  tasks.set(v, task);
  return v;
}
