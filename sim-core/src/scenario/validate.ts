/**
 * Up-front checks of a Scenario: everything that would otherwise surface as an
 * exception deep inside a run is reported here, all problems at once.
 */
import { SIGNALS } from '../model/signals.js';
import { ERRNOS } from '../model/errno.js';
import {
  buildFilesystem,
  isAbsolute,
  lookup,
  normalizePath,
  pathComponents,
} from '../model/filesystem.js';
import { credentialsOf } from '../engine/initial-state.js';
import type { Personality } from '../personalities/personality.js';
import type { Problem, ProblemCode } from './problems.js';
import type { ActionSpec, FsNodeSpec, Scenario, SourceLoc, SystemId } from './scenario.js';
import { SYSTEMS } from './scenario.js';
import { parseShebang } from '../personalities/linux/shebang.js';

/** Highest fd number a table can hold (fs.nr_open's default, 1024 * 1024). */
export const NR_OPEN = 1024 * 1024;

type Lookup = (system: SystemId) => Personality | undefined;

export function validateScenario(scenario: Scenario, personalityFor: Lookup): Problem[] {
  const problems: Problem[] = [];
  const add = (code: ProblemCode, at: string, message: string, hint?: string, loc?: SourceLoc) =>
    problems.push({ code, at, message, ...(hint ? { hint } : {}), ...(loc ? { loc } : {}) });

  const personality = personalityFor(scenario.system);
  if (!personality) {
    add('unknown-system', 'system', `unknown system "${scenario.system}"`, `systems: ${SYSTEMS.join(', ')}`);
    return problems;
  }

  // ---------------------------------------------------------------- filesystem
  const seenPaths = new Map<string, number>();
  const mountPaths = new Set<string>();
  scenario.filesystem.mounts.forEach((m, i) => {
    const at = `filesystem.mounts[${i}]`;
    if (!isAbsolute(m.path)) add('relative-path', `${at}.path`, `mount point "${m.path}" is not absolute`, 'write it from the root, e.g. /mnt/usb', m.loc);
    const n = normalizePath(m.path);
    if (mountPaths.has(n)) add('duplicate-path', `${at}.path`, `${n} is mounted twice`, undefined, m.loc);
    mountPaths.add(n);
  });
  const nodeAt = new Map<string, FsNodeSpec>();
  scenario.filesystem.nodes.forEach((node, i) => {
    const at = `filesystem.nodes[${i}]`;
    if (!isAbsolute(node.path)) {
      add('relative-path', `${at}.path`, `"${node.path}" is not an absolute path`, `files are named from the root: /${node.path.replace(/^\.?\/*/, '')}`, node.loc);
      return;
    }
    const p = normalizePath(node.path);
    if (seenPaths.has(p)) add('duplicate-path', `${at}.path`, `${p} is defined twice`, `the first definition is filesystem.nodes[${seenPaths.get(p)}]`, node.loc);
    seenPaths.set(p, i);
    nodeAt.set(p, node);
    if (node.mode !== undefined && (!Number.isInteger(node.mode) || node.mode < 0 || node.mode > 0o7777)) {
      add('bad-mode', `${at}.mode`, `mode ${node.mode} is not between 0000 and 7777 (octal)`, 'modes are octal permission bits such as 0755 or 4755', node.loc);
    }
    if (node.kind === 'symlink' && node.target === '') add('bad-value', `${at}.target`, `symlink ${p} has an empty target`, undefined, node.loc);
  });
  // A node below a non-directory can never be reached.
  for (const [p, node] of nodeAt) {
    const parts = pathComponents(p);
    for (let i = 1; i < parts.length; i++) {
      const parent = '/' + parts.slice(0, i).join('/');
      const pn = nodeAt.get(parent);
      if (pn && pn.kind !== 'dir' && pn.kind !== 'symlink') {
        add('not-a-directory', `filesystem.nodes[${seenPaths.get(p)}].path`, `${p} is inside ${parent}, which is a ${pn.kind}, not a directory`, undefined, node.loc);
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

  let fsBuilt: ReturnType<typeof buildFilesystem> | undefined;
  if (!problems.some((pr) => pr.at.startsWith('filesystem'))) fsBuilt = buildFilesystem(scenario.filesystem);

  // ---------------------------------------------------------------- tasks
  const names = new Map<string, number>();
  const ids = new Map<number, string>();
  const threadsOf = new Map<string, Set<string>>();
  const fdTargetFound = new Map<string, boolean>();
  scenario.tasks.forEach((t, i) => {
    const at = `tasks[${i}]`;
    if (names.has(t.name)) add('duplicate-task', `${at}.name`, `task "${t.name}" is defined twice`, undefined, t.loc);
    names.set(t.name, i);
    if (!Number.isInteger(t.pid) || t.pid <= 0 || t.pid > 4194304) {
      add('bad-value', `${at}.pid`, `pid ${t.pid} is out of range`, 'pids are 1 to 4194304 (PID_MAX_LIMIT)', t.loc);
    } else if (ids.has(t.pid)) {
      add('duplicate-pid', `${at}.pid`, `pid ${t.pid} is used by both "${ids.get(t.pid)}" and "${t.name}"`, undefined, t.loc);
    } else ids.set(t.pid, t.name);
    const threads = new Set<string>(['main']);
    (t.threads ?? []).forEach((th, j) => {
      if (threads.has(th.name)) add('duplicate-thread', `${at}.threads[${j}].name`, `thread "${th.name}" is defined twice in ${t.name}`, th.name === 'main' ? '"main" is the thread the process starts with' : undefined, th.loc);
      threads.add(th.name);
      if (th.tid !== undefined) {
        if (ids.has(th.tid)) add('duplicate-pid', `${at}.threads[${j}].tid`, `tid ${th.tid} is already used by "${ids.get(th.tid)}"`, undefined, th.loc);
        ids.set(th.tid, `${t.name}.${th.name}`);
      }
    });
    threadsOf.set(t.name, threads);
    for (const [field, value] of [['cwd', t.cwd], ['root', t.root]] as const) {
      if (value !== undefined && !isAbsolute(value)) add('relative-path', `${at}.${field}`, `${field} "${value}" is not an absolute path`, undefined, t.loc);
    }
    if (t.umask !== undefined && (t.umask < 0 || t.umask > 0o777)) add('bad-mode', `${at}.umask`, `umask ${t.umask.toString(8)} is not between 000 and 777 (octal)`, undefined, t.loc);
    const creds = credentialsOf(t.creds);
    const fds = new Set<number>();
    (t.fds ?? []).forEach((fd, j) => {
      const fat = `${at}.fds[${j}]`;
      if (!Number.isInteger(fd.fd) || fd.fd < 0 || fd.fd >= NR_OPEN) {
        add('fd-out-of-range', `${fat}.fd`, `fd ${fd.fd} is out of range`, `fds are 0 to ${NR_OPEN - 1} (fs.nr_open)`, fd.loc);
      } else if (fds.has(fd.fd)) add('duplicate-fd', `${fat}.fd`, `fd ${fd.fd} is defined twice in ${t.name}`, undefined, fd.loc);
      if (fd.dupOf !== undefined) {
        if (!fds.has(fd.dupOf)) add('bad-dup', `${fat}.dupOf`, `fd ${fd.fd} duplicates fd ${fd.dupOf}, which is not defined before it`, undefined, fd.loc);
      } else if (!fd.target) {
        add('bad-value', `${fat}.target`, `fd ${fd.fd} has no target`, undefined, fd.loc);
      } else if ('path' in fd.target) {
        if (!isAbsolute(fd.target.path)) add('relative-path', `${fat}.target`, `fd ${fd.fd} names "${fd.target.path}", which is not absolute`, undefined, fd.loc);
        else if (fsBuilt) {
          let found = fdTargetFound.get(fd.target.path);
          if (found === undefined) {
            found = lookup(fsBuilt, fd.target.path, { base: '/', root: '/', creds, followFinal: true, noPermission: true }).ok;
            fdTargetFound.set(fd.target.path, found);
          }
          if (!found) add('missing-file', `${fat}.target`, `fd ${fd.fd} names ${fd.target.path}, which is not in the filesystem`, `add it: file ${fd.target.path} data`, fd.loc);
        }
      }
      fds.add(fd.fd);
    });
    for (const sig of [...(t.signals?.blocked ?? []), ...(t.signals?.pending ?? []), ...Object.keys(t.signals?.dispositions ?? {})]) {
      if (!(sig in SIGNALS)) add('bad-value', `${at}.signals`, `unknown signal ${sig}`, undefined, t.loc);
    }
  });

  // ---------------------------------------------------------------- actions
  const known = new Set(names.keys());
  scenario.actions.forEach((a, i) => {
    const at = `actions[${i}]`;
    if (a.index !== i) add('bad-value', `${at}.index`, `action ${i} has index ${a.index}`, undefined, a.loc);
    if (!known.has(a.task)) {
      add('unknown-task', `${at}.task`, `no task named "${a.task}" exists at this point`, hintFor(a.task, known), a.loc);
    } else if (a.thread !== undefined && !threadsOf.get(a.task)?.has(a.thread)) {
      add('unknown-thread', `${at}.thread`, `task "${a.task}" has no thread "${a.thread}"`, hintFor(a.thread, threadsOf.get(a.task) ?? new Set()), a.loc);
    }
    if (!personality.actions[a.call]) {
      const others = SYSTEMS.filter((s) => s !== scenario.system && personalityFor(s)?.actions[a.call]);
      add(
        'unsupported-on-system',
        `${at}.call`,
        `${a.call} is not available on ${scenario.system}`,
        others.length ? `${a.call} exists on ${others.join(', ')}` : `no simulated system has ${a.call}`,
        a.loc,
      );
    }
    for (const [field, value] of fdFields(a)) {
      if (typeof value === 'number' && (!Number.isInteger(value) || value < 0 || value >= NR_OPEN)) {
        add('fd-out-of-range', `${at}.${field}`, `fd ${value} is out of range`, `fds are 0 to ${NR_OPEN - 1}`, a.loc);
      }
    }
    if ((a.call === 'fork' || a.call === 'vfork' || a.call === 'clone') && known.has(a.child)) {
      add('duplicate-task', `${at}.child`, `a task named "${a.child}" already exists`, 'give the child its own name', a.loc);
    }
    if ((a.call === 'fork' || a.call === 'vfork' || a.call === 'clone')) {
      known.add(a.child);
      threadsOf.set(a.child, new Set(['main']));
    }
    if (a.call === 'pthread_create') {
      const set = threadsOf.get(a.task) ?? new Set<string>();
      if (set.has(a.name)) add('duplicate-thread', `${at}.name`, `${a.task} already has a thread "${a.name}"`, undefined, a.loc);
      set.add(a.name);
      threadsOf.set(a.task, set);
    }
    if (a.call === 'kill' && !known.has(a.target)) add('unknown-task', `${at}.target`, `no task named "${a.target}"`, hintFor(a.target, known), a.loc);
  });

  // ---------------------------------------------------------------- expectations
  scenario.expectations.forEach((e, i) => {
    const at = `expectations[${i}]`;
    if (e.after < -1 || e.after >= scenario.actions.length) add('bad-reference', `${at}.after`, `expectation follows action ${e.after}, which does not exist`, undefined, e.loc);
    const rec = e as unknown as Record<string, unknown>;
    if (typeof rec.task === 'string' && !names.has(rec.task) && !scenario.actions.some((a) => 'child' in a && a.child === rec.task)) {
      add('unknown-task', `${at}.task`, `no task named "${rec.task}"`, hintFor(rec.task, known), e.loc);
    }
    if (typeof rec.action === 'number' && (rec.action < 0 || rec.action > e.after)) {
      add('bad-reference', `${at}.action`, `expectation refers to action ${rec.action}, which has not run by then`, 'an expectation can only check actions written before it', e.loc);
    }
    if (typeof rec.fd === 'number' && (rec.fd < 0 || rec.fd >= NR_OPEN)) add('fd-out-of-range', `${at}.fd`, `fd ${rec.fd} is out of range`, undefined, e.loc);
    if (e.what === 'result' && e.outcome !== 'ok' && !(e.outcome in ERRNOS)) add('bad-value', `${at}.outcome`, `unknown errno ${e.outcome}`, undefined, e.loc);
  });

  if (personality.validate) problems.push(...personality.validate(scenario));
  return problems;
}

function* fdFields(a: ActionSpec): Generator<[string, unknown]> {
  for (const key of ['fd', 'oldfd', 'newfd'] as const) {
    if (key in a) yield [key, (a as unknown as Record<string, unknown>)[key]];
  }
  if ('dirfd' in a && typeof a.dirfd === 'number') yield ['dirfd', a.dirfd];
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
  const list = [...candidates];
  return list.length ? `known: ${list.join(', ')}` : undefined;
}

export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
