/**
 * Up-front checks of a Scenario: everything that would otherwise surface as an
 * exception deep inside a run is reported here, all problems at once, each with
 * its path in the Scenario object (`tasks[0].fds[2].fd`), its source location
 * when the scenario came from text, and a hint where one helps.
 *
 * First the shape of every part (shape.ts): a part with a wrongly typed field
 * is reported and then left alone, so the checks of meaning below and the
 * engine only ever read well-typed data. The personality's own checks run only
 * on a scenario whose shape is right.
 */
import type { SignalName } from '../model/signals.js';
import { ERRNOS } from '../model/errno.js';
import { buildFilesystem, isAbsolute, lookup, normalizePath, pathComponents } from '../model/filesystem.js';
import { credentialsOf } from '../engine/initial-state.js';
import type { Personality } from '../personalities/personality.js';
import type { Problem, ProblemCode } from './problems.js';
import type { ActionSpec, ExpectationSpec, FdSpec, FsNodeSpec, MountSpec, Scenario, SourceLoc, SystemId, TaskSpec } from './scenario.js';
import { SYSTEMS } from './scenario.js';
import { parseShebang } from '../personalities/linux/shebang.js';
import {
  actionSpec,
  closest,
  describeValue,
  expectationSpec,
  fsNodeSpec,
  isCoreExpectation,
  isRecord,
  machineSpec,
  mountSpec,
  taskSpec,
  type Report,
  type Shape,
} from './shape.js';

export { editDistance } from './shape.js';

/** Highest fd number a table can hold (fs.nr_open's default, 1024 * 1024). */
export const NR_OPEN = 1024 * 1024;
/** PID_MAX_LIMIT on 64-bit Linux (include/linux/threads.h). */
export const PID_MAX_LIMIT = 4194304;

type Lookup = (system: SystemId) => Personality | undefined;

export function validateScenario(input: Scenario, personalityFor: Lookup): Problem[] {
  const problems: Problem[] = [];
  const add = (code: ProblemCode, at: string, message: string, hint?: string, loc?: SourceLoc) =>
    problems.push({ code, at, message, ...(hint ? { hint } : {}), ...(loc ? { loc } : {}) });
  const report: Report = (code, at, message, hint) => add(code, at ?? '', message, hint);
  const ignore: Report = () => undefined;

  if (!isRecord(input)) {
    add('wrong-type', 'scenario', `the scenario must be an object, not ${describeValue(input)}`);
    return problems;
  }
  const scenario = input as Scenario;
  if (typeof scenario.system !== 'string') {
    add(scenario.system === undefined ? 'missing-field' : 'wrong-type', 'system', scenario.system === undefined ? 'system is missing' : `system must be a string, not ${describeValue(scenario.system)}`, `systems: ${SYSTEMS.join(', ')}`);
    return problems;
  }
  const personality = personalityFor(scenario.system);
  if (!personality) {
    add('unknown-system', 'system', `unknown system "${scenario.system}"`, closest(scenario.system, SYSTEMS) ?? `systems: ${SYSTEMS.join(', ')}`);
    return problems;
  }

  // ---------------------------------------------------------------- shapes
  /** Parts with a wrong field: reported once, then not read by any check below. */
  const bad = new Set<unknown>();
  const shaped = (value: unknown, at: string, shape: Shape): void => {
    // A quick yes-or-no first; paths and messages only for a part that is wrong.
    if (shape(value, null, ignore)) return;
    shape(value, at, report);
    bad.add(value);
  };
  const listAt = (value: unknown, at: string): unknown[] => {
    if (Array.isArray(value)) return value;
    if (value === undefined) add('missing-field', at, `${at} is missing`, 'an empty list [] will do');
    else add('wrong-type', at, `${at} must be a list, not ${describeValue(value)}`);
    return [];
  };
  shaped(scenario.machine, 'machine', machineSpec);
  let mounts: unknown[] = [];
  let nodes: unknown[] = [];
  if (!isRecord(scenario.filesystem)) {
    add(scenario.filesystem === undefined ? 'missing-field' : 'wrong-type', 'filesystem', scenario.filesystem === undefined ? 'filesystem is missing' : `filesystem must be an object, not ${describeValue(scenario.filesystem)}`);
  } else {
    mounts = listAt(scenario.filesystem.mounts, 'filesystem.mounts');
    nodes = listAt(scenario.filesystem.nodes, 'filesystem.nodes');
  }
  mounts.forEach((m, i) => shaped(m, `filesystem.mounts[${i}]`, mountSpec));
  nodes.forEach((n, i) => shaped(n, `filesystem.nodes[${i}]`, fsNodeSpec));
  const tasks = listAt(scenario.tasks, 'tasks');
  tasks.forEach((t, i) => shaped(t, `tasks[${i}]`, taskSpec));
  const actions = listAt(scenario.actions, 'actions');
  actions.forEach((a, i) => shaped(a, `actions[${i}]`, actionSpec));
  const expectations = listAt(scenario.expectations, 'expectations');
  expectations.forEach((e, i) => shaped(e, `expectations[${i}]`, expectationSpec));
  const wellShaped = problems.length === 0;

  // ---------------------------------------------------------------- machine
  const machine = scenario.machine;
  if (!bad.has(machine)) {
    // Only major.minor matter; a release string such as 6.18.44-generic is fine.
    if (machine.kernelVersion !== undefined && !/^\d+\.\d+/.test(machine.kernelVersion)) {
      add('bad-value', 'machine.kernelVersion', `kernel version "${machine.kernelVersion}" does not start with a version such as 6.12`, undefined, machine.loc);
    }
    (machine.binfmtMisc ?? []).forEach((b, i) => {
      if (!isAbsolute(b.interpreter)) add('relative-path', `machine.binfmtMisc[${i}].interpreter`, `binfmt_misc interpreter "${b.interpreter}" is not an absolute path`, 'binfmt_misc opens its interpreter by absolute path', b.loc);
    });
  }

  // ---------------------------------------------------------------- filesystem
  /** Problems that make the tree impossible to build (a mode out of range or a script loop do not). */
  let unbuildable =
    !isRecord(scenario.filesystem) ||
    !Array.isArray(scenario.filesystem.mounts) ||
    !Array.isArray(scenario.filesystem.nodes) ||
    mounts.some((m) => bad.has(m)) ||
    nodes.some((n) => bad.has(n));
  const seenPaths = new Map<string, number>();
  const mountPaths = new Map<string, number>();
  mounts.forEach((raw, i) => {
    if (bad.has(raw)) return;
    const m = raw as MountSpec;
    const at = `filesystem.mounts[${i}]`;
    if (!isAbsolute(m.path)) {
      add('relative-path', `${at}.path`, `mount point "${m.path}" is not absolute`, 'write it from the root, e.g. /mnt/usb', m.loc);
      unbuildable = true;
      return;
    }
    const n = normalizePath(m.path);
    if (mountPaths.has(n)) {
      add('duplicate-path', `${at}.path`, `${n} is mounted twice`, `the first mount is filesystem.mounts[${mountPaths.get(n)}]`, m.loc);
      unbuildable = true;
    } else mountPaths.set(n, i);
  });
  const nodeAt = new Map<string, FsNodeSpec>();
  nodes.forEach((raw, i) => {
    if (bad.has(raw)) return;
    const node = raw as FsNodeSpec;
    const at = `filesystem.nodes[${i}]`;
    if (!isAbsolute(node.path)) {
      add('relative-path', `${at}.path`, `"${node.path}" is not an absolute path`, `files are named from the root: /${node.path.replace(/^\.?\/*/, '')}`, node.loc);
      unbuildable = true;
      return;
    }
    const p = normalizePath(node.path);
    if (p === '/' && node.kind !== 'dir') {
      add('bad-value', `${at}.path`, `the root directory / cannot be a ${node.kind}`, undefined, node.loc);
      unbuildable = true;
      return;
    }
    if (seenPaths.has(p)) {
      add('duplicate-path', `${at}.path`, `${p} is defined twice`, `the first definition is filesystem.nodes[${seenPaths.get(p)}]`, node.loc);
      unbuildable = true;
      return;
    }
    seenPaths.set(p, i);
    nodeAt.set(p, node);
    if (node.mode !== undefined && (node.mode < 0 || node.mode > 0o7777)) {
      add('bad-mode', `${at}.mode`, `mode ${node.mode} is not between 0000 and 7777 (octal)`, 'modes are octal permission bits such as 0755 or 4755', node.loc);
    }
    if (node.kind === 'symlink' && node.target === '') add('bad-value', `${at}.target`, `symlink ${p} has an empty target`, undefined, node.loc);
  });
  // A node below a non-directory can never be reached; below a symlink it would be inside the link's target.
  for (const [p, node] of nodeAt) {
    const parts = pathComponents(p);
    for (let i = 1; i < parts.length; i++) {
      const parent = '/' + parts.slice(0, i).join('/');
      const pn = nodeAt.get(parent);
      if (pn && pn.kind !== 'dir') {
        const message = pn.kind === 'symlink' ? `${p} is inside ${parent}, which is a symbolic link` : `${p} is inside ${parent}, which is a ${pn.kind}, not a directory`;
        add('not-a-directory', `filesystem.nodes[${seenPaths.get(p)}].path`, message, pn.kind === 'symlink' ? 'name it by the path of the directory the link points to' : undefined, node.loc);
        unbuildable = true;
        break;
      }
    }
  }
  // Scripts whose interpreters lead back to themselves.
  for (const [p, node] of nodeAt) {
    if (node.kind !== 'file' || node.content.type !== 'script') continue;
    const chain = [p];
    let cur: FsNodeSpec | undefined = node;
    while (cur && cur.kind === 'file' && cur.content.type === 'script') {
      const parsed = parseShebang(cur.content.text);
      if (!parsed.ok || !isAbsolute(parsed.interpreter)) break;
      const next = resolveStatic(nodeAt, normalizePath(parsed.interpreter));
      if (chain.includes(next)) {
        add(
          'interpreter-loop',
          `filesystem.nodes[${seenPaths.get(p)}].content`,
          `interpreter loop: ${[...chain, next].join(' → ')}`,
          'one file in the chain must be a binary (elf); a real kernel would give ELOOP after 5 levels',
          node.loc,
        );
        break;
      }
      chain.push(next);
      cur = nodeAt.get(next);
    }
  }

  const fsBuilt = unbuildable ? undefined : buildFilesystem(scenario.filesystem);
  /** Whether a path names something in the filesystem (and what), cached: 1M fds may name one file. */
  const found = new Map<string, string | null>();
  const kindAt = (path: string): string | null => {
    let k = found.get(path);
    if (k === undefined) {
      const res = lookup(fsBuilt!, path, { base: '/', root: '/', creds: credentialsOf(undefined), followFinal: true, noPermission: true });
      k = res.ok ? res.inode.kind : null;
      found.set(path, k);
    }
    return k;
  };

  // ---------------------------------------------------------------- tasks
  const names = new Map<string, number>();
  const ids = new Map<number, string>();
  const threadsOf = new Map<string, Set<string>>();
  tasks.forEach((raw, i) => {
    const at = `tasks[${i}]`;
    if (bad.has(raw)) {
      // Still known by name, so that statements naming it are not reported twice.
      if (isRecord(raw) && typeof raw.name === 'string' && !names.has(raw.name)) {
        names.set(raw.name, i);
        threadsOf.set(raw.name, new Set(['main', ...(Array.isArray(raw.threads) ? raw.threads.flatMap((th) => (isRecord(th) && typeof th.name === 'string' ? [th.name] : [])) : [])]));
      }
      return;
    }
    const t = raw as TaskSpec;
    if (t.name === '') add('bad-value', `${at}.name`, 'a task needs a name', undefined, t.loc);
    if (names.has(t.name)) add('duplicate-task', `${at}.name`, `task "${t.name}" is defined twice`, `the first is tasks[${names.get(t.name)}]`, t.loc);
    else names.set(t.name, i);
    // pid 0 is the boot CPU's idle task (init_task), a kernel thread.
    const minPid = t.kind === 'kernel-thread' ? 0 : 1;
    if (t.pid < minPid || t.pid > PID_MAX_LIMIT) {
      add('bad-value', `${at}.pid`, `pid ${t.pid} is out of range`, minPid === 0 ? `pids are 0 to ${PID_MAX_LIMIT} (PID_MAX_LIMIT)` : `pids are 1 to ${PID_MAX_LIMIT} (PID_MAX_LIMIT); only a kernel thread (the boot thread) has pid 0`, t.loc);
    } else if (ids.has(t.pid)) {
      add('duplicate-pid', `${at}.pid`, `pid ${t.pid} is used by both "${ids.get(t.pid)}" and "${t.name}"`, undefined, t.loc);
    } else ids.set(t.pid, t.name);
    if (t.ppid !== undefined && (t.ppid < 0 || t.ppid > PID_MAX_LIMIT)) add('bad-value', `${at}.ppid`, `parent pid ${t.ppid} is out of range`, `pids are 0 to ${PID_MAX_LIMIT}`, t.loc);
    const threads = new Set<string>(['main']);
    (t.threads ?? []).forEach((th, j) => {
      const tat = `${at}.threads[${j}]`;
      if (threads.has(th.name)) add('duplicate-thread', `${tat}.name`, `thread "${th.name}" is defined twice in ${t.name}`, th.name === 'main' ? '"main" is the thread the process starts with' : undefined, th.loc);
      threads.add(th.name);
      if (th.tid !== undefined) {
        if (th.tid < 1 || th.tid > PID_MAX_LIMIT) add('bad-value', `${tat}.tid`, `tid ${th.tid} is out of range`, `thread ids are 1 to ${PID_MAX_LIMIT}, like pids`, th.loc);
        else if (ids.has(th.tid)) add('duplicate-pid', `${tat}.tid`, `tid ${th.tid} is already used by "${ids.get(th.tid)}"`, 'threads and processes share one id space', th.loc);
        else ids.set(th.tid, `${t.name}.${th.name}`);
      }
      uncatchable(th.blocked ?? [], `${tat}.blocked`, th.loc);
    });
    threadsOf.set(t.name, threads);
    for (const [field, value] of [['cwd', t.cwd], ['root', t.root], ['exe', t.exe]] as const) {
      if (value === undefined) continue;
      if (!isAbsolute(value)) add('relative-path', `${at}.${field}`, `${field} "${value}" is not an absolute path`, undefined, t.loc);
      else if (field !== 'exe' && fsBuilt) {
        // A missing cwd is a state a process can be in (its directory was removed); a file never is.
        const kind = kindAt(value);
        if (kind !== null && kind !== 'dir') add('not-a-directory', `${at}.${field}`, `${field} ${value} is a ${kind}, not a directory`, undefined, t.loc);
      }
    }
    if (t.umask !== undefined && (t.umask < 0 || t.umask > 0o777)) add('bad-mode', `${at}.umask`, `umask ${t.umask.toString(8)} is not between 000 and 777 (octal)`, undefined, t.loc);
    uncatchable(t.signals?.blocked ?? [], `${at}.signals.blocked`, t.loc);
    for (const [sig, d] of Object.entries(t.signals?.dispositions ?? {})) {
      if ((sig === 'SIGKILL' || sig === 'SIGSTOP') && d !== 'default') add('bad-value', `${at}.signals.dispositions.${sig}`, `${sig} cannot be caught or ignored`, 'only SIG_DFL is possible for SIGKILL and SIGSTOP', t.loc);
    }
    checkFds(t, at);
  });

  function uncatchable(blocked: readonly SignalName[], at: string, loc: SourceLoc | undefined): void {
    for (const sig of blocked) {
      if (sig === 'SIGKILL' || sig === 'SIGSTOP') add('bad-value', at, `${sig} cannot be blocked`, 'the kernel leaves SIGKILL and SIGSTOP out of every mask', loc);
    }
  }

  function checkFds(t: TaskSpec, at: string): void {
    const fds = new Set<number>();
    (t.fds ?? []).forEach((fd: FdSpec, j) => {
      if (fd.fd < 0 || fd.fd >= NR_OPEN) {
        add('fd-out-of-range', `${at}.fds[${j}].fd`, `fd ${fd.fd} is out of range`, `fds are 0 to ${NR_OPEN - 1} (fs.nr_open)`, fd.loc);
        return;
      }
      if (fds.has(fd.fd)) {
        add('duplicate-fd', `${at}.fds[${j}].fd`, `fd ${fd.fd} is defined twice in ${t.name}`, undefined, fd.loc);
        return;
      }
      if (fd.dupOf !== undefined) {
        if (fd.target) add('bad-value', `${at}.fds[${j}].target`, `fd ${fd.fd} has both a target and dupOf`, 'a duplicate shares the target of the fd it duplicates', fd.loc);
        else if (!fds.has(fd.dupOf)) add('bad-dup', `${at}.fds[${j}].dupOf`, `fd ${fd.fd} duplicates fd ${fd.dupOf}, which is not defined before it`, undefined, fd.loc);
      } else if (!fd.target) {
        add('missing-field', `${at}.fds[${j}].target`, `fd ${fd.fd} has no target`, 'give a path, socket, pipe or kqueue, or dupOf an earlier fd', fd.loc);
      } else if ('path' in fd.target) {
        if (!isAbsolute(fd.target.path)) add('relative-path', `${at}.fds[${j}].target`, `fd ${fd.fd} names "${fd.target.path}", which is not absolute`, undefined, fd.loc);
        else if (fsBuilt && kindAt(fd.target.path) === null) {
          add('missing-file', `${at}.fds[${j}].target`, `fd ${fd.fd} names ${fd.target.path}, which is not in the filesystem`, `add it: file ${fd.target.path} data`, fd.loc);
        }
      }
      fds.add(fd.fd);
    });
  }

  // ---------------------------------------------------------------- actions
  const known = new Set(names.keys());
  const systemNames = wellShaped ? (personality.systemTaskNames?.(scenario) ?? []) : [];
  for (const n of systemNames) {
    known.add(n);
    if (!threadsOf.has(n)) threadsOf.set(n, new Set(['main']));
  }
  const children = new Set<string>();
  actions.forEach((raw, i) => {
    if (bad.has(raw)) return;
    const a = raw as ActionSpec;
    const at = `actions[${i}]`;
    if (a.index !== i) add('bad-value', `${at}.index`, `action ${i} has index ${a.index}`, 'index is the position in the list of actions', a.loc);
    if (!known.has(a.task)) {
      add('unknown-task', `${at}.task`, `no task named "${a.task}" exists at this point`, hintFor(a.task, known), a.loc);
    } else if (a.thread !== undefined && !threadsOf.get(a.task)?.has(a.thread)) {
      add('unknown-thread', `${at}.thread`, `task "${a.task}" has no thread "${a.thread}"`, hintFor(a.thread, threadsOf.get(a.task) ?? new Set()), a.loc);
    }
    if (!personality.actions[a.call]) {
      const others = SYSTEMS.filter((s) => s !== scenario.system && personalityFor(s)?.actions[a.call]);
      if (others.length) add('unsupported-on-system', `${at}.call`, `${a.call} is not available on ${scenario.system}`, `${a.call} exists on ${others.join(', ')}`, a.loc);
      else add('unknown-action', `${at}.call`, `no simulated system has a call named "${a.call}"`, closest(a.call, Object.keys(personality.actions)), a.loc);
    }
    const rec = a as unknown as Record<string, unknown>;
    for (const key of ['fd', 'oldfd', 'newfd', 'dirfd'] as const) {
      const value = rec[key];
      if (typeof value === 'number' && (!Number.isInteger(value) || value < 0 || value >= NR_OPEN)) {
        add('fd-out-of-range', `${at}.${key}`, `fd ${value} is out of range`, `fds are 0 to ${NR_OPEN - 1}`, a.loc);
      }
    }
    // Every call that makes a process names it in `child` (fork, vfork, clone, and the personalities' own such calls).
    const child = typeof rec.child === 'string' ? rec.child : undefined;
    if (child !== undefined) {
      if (known.has(child)) add('duplicate-task', `${at}.child`, `a task named "${child}" already exists`, 'give the child its own name', a.loc);
      known.add(child);
      children.add(child);
      threadsOf.set(child, new Set(['main']));
    }
    if (a.call === 'pthread_create') {
      const set = threadsOf.get(a.task) ?? new Set<string>();
      if (set.has(a.newThread)) add('duplicate-thread', `${at}.newThread`, `${a.task} already has a thread "${a.newThread}"`, undefined, a.loc);
      set.add(a.newThread);
      threadsOf.set(a.task, set);
    }
    if (a.call === 'kill' && !known.has(a.target)) add('unknown-task', `${at}.target`, `no task named "${a.target}"`, hintFor(a.target, known), a.loc);
  });

  // ---------------------------------------------------------------- expectations
  const phases = new Set(personality.phases.map((p) => p.id));
  expectations.forEach((raw, i) => {
    if (bad.has(raw)) return;
    const e = raw as ExpectationSpec;
    const at = `expectations[${i}]`;
    if (e.index !== i) add('bad-value', `${at}.index`, `expectation ${i} has index ${e.index}`, 'index is the position in the list of expectations', e.loc);
    if (e.after < -1 || e.after >= actions.length) add('bad-reference', `${at}.after`, `expectation follows action ${e.after}, which does not exist`, `-1 checks the state before the first action; the last action is ${actions.length - 1}`, e.loc);
    if (!isCoreExpectation(e.what) && !personality.evaluateExpectation) {
      add('unknown-expectation', `${at}.what`, `${scenario.system} has no expectation "${e.what}"`, closest(e.what, ['fd-open', 'fd-closed', 'fd-table', 'cred', 'pid', 'ppid', 'tid', 'comm', 'exe', 'argv', 'umask', 'cwd', 'threads', 'disposition', 'blocked', 'pending', 'auxv', 'state', 'killed', 'exited', 'memory', 'result', 'ponr', 'failed-in']), e.loc);
    }
    const rec = e as unknown as Record<string, unknown>;
    if (typeof rec.task === 'string') {
      if (!names.has(rec.task) && !systemNames.includes(rec.task) && !children.has(rec.task)) {
        add('unknown-task', `${at}.task`, `no task named "${rec.task}"`, hintFor(rec.task, known), e.loc);
      } else if (typeof rec.thread === 'string' && !threadsOf.get(rec.task)?.has(rec.thread)) {
        add('unknown-thread', `${at}.thread`, `task "${rec.task}" has no thread "${rec.thread}"`, hintFor(rec.thread, threadsOf.get(rec.task) ?? new Set()), e.loc);
      }
    }
    if (typeof rec.action === 'number' && (rec.action < 0 || rec.action > e.after)) {
      add('bad-reference', `${at}.action`, `expectation refers to action ${rec.action}, which has not run by then`, 'an expectation can only check actions written before it', e.loc);
    }
    if (typeof rec.fd === 'number' && (rec.fd < 0 || rec.fd >= NR_OPEN)) add('fd-out-of-range', `${at}.fd`, `fd ${rec.fd} is out of range`, `fds are 0 to ${NR_OPEN - 1}`, e.loc);
    if (e.what === 'result' && e.outcome !== 'ok' && !(e.outcome in ERRNOS)) {
      add('bad-value', `${at}.outcome`, `unknown errno ${e.outcome}`, closest(e.outcome, Object.keys(ERRNOS)) ?? 'an errno name such as ENOENT, or ok', e.loc);
    }
    if (e.what === 'failed-in' && !phases.has(e.phase)) {
      add('bad-reference', `${at}.phase`, `${scenario.system} has no phase "${e.phase}"`, closest(e.phase, phases), e.loc);
    }
  });

  if (wellShaped && personality.validate) problems.push(...personality.validate(scenario));
  return problems;
}

/** Follows symlinks among the scenario's own nodes (for the interpreter-loop check). */
function resolveStatic(nodes: Map<string, FsNodeSpec>, path: string): string {
  let cur = path;
  for (let i = 0; i < 40; i++) {
    const n = nodes.get(cur);
    if (!n || n.kind !== 'symlink') return cur;
    cur = normalizePath(isAbsolute(n.target) ? n.target : `${cur.slice(0, cur.lastIndexOf('/'))}/${n.target}`);
  }
  return cur;
}

function hintFor(name: string, candidates: Iterable<string>): string | undefined {
  const near = closest(name, candidates);
  if (near) return near;
  const list = [...candidates];
  return list.length ? `known: ${list.join(', ')}` : undefined;
}
