/** Problems only the Hurd sees in a scenario, each with where and a hint. */
import { buildFilesystem, lookup } from '../../model/filesystem.js';
import { isSignalName } from '../../model/signals.js';
import type { Problem, ProblemCode } from '../../scenario/problems.js';
import type { Scenario, SourceLoc } from '../../scenario/scenario.js';
import { INT_MAP_MAX_KEY } from '../../persistent/int-map.js';
import { SPAWN_FLAGS } from './actions.js';
import { isHurdSignal } from './signals.js';
import { mountServerNames, PROC_PID } from './world.js';

const RESERVED_THREADS = ['msgport', 'worker'];

/** The servers' task names (proc, auth, one per mount, exec, pflocal). */
export function serverNames(scenario: Scenario): string[] {
  const out = ['proc', 'auth', ...mountServerNames(scenario)];
  if (scenario.hurd?.execServer !== false) out.push('exec');
  if (scenario.tasks.some((t) => (t.fds ?? []).some((f) => f.target && !('path' in f.target)))) out.push('pflocal');
  return out;
}

export function validateHurd(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const add = (code: ProblemCode, at: string, message: string, hint?: string, loc?: SourceLoc) =>
    problems.push({ code, at, message, ...(hint ? { hint } : {}), ...(loc ? { loc } : {}) });

  const servers = serverNames(scenario);
  const seenServers = new Set<string>();
  servers.forEach((n) => {
    if (seenServers.has(n)) add('duplicate-task', 'filesystem.mounts', `two translators would both be called "${n}"`, 'give one of the mounts its own server name', scenario.hurd?.loc);
    seenServers.add(n);
  });
  const taskNames = new Set(scenario.tasks.map((t) => t.name));
  const declared = new Map<string, Map<number, string>>();

  scenario.tasks.forEach((t, i) => {
    const at = `tasks[${i}]`;
    if (servers.includes(t.name)) add('duplicate-task', `${at}.name`, `"${t.name}" is the name of a Hurd server task`, `servers here: ${servers.join(', ')}`, t.loc);
    if (t.pid === PROC_PID) add('duplicate-pid', `${at}.pid`, `pid ${PROC_PID} is the proc server's (HURD_PID_PROC)`, 'use another pid', t.loc);
    for (const th of t.threads ?? []) {
      if (RESERVED_THREADS.includes(th.name)) add('duplicate-thread', `${at}.threads`, `thread name "${th.name}" is taken on the Hurd (${th.name === 'msgport' ? 'glibc\'s signal thread' : 'a server\'s request thread'})`, 'choose another name', th.loc);
      if (th.tid === PROC_PID) add('duplicate-pid', `${at}.threads`, `tid ${PROC_PID} is the proc server's pid`, undefined, th.loc);
    }
    const sigs = [...(t.signals?.blocked ?? []), ...(t.signals?.pending ?? []), ...Object.keys(t.signals?.dispositions ?? {})];
    for (const sig of sigs) if (isSignalName(sig) && !isHurdSignal(sig)) add('bad-value', `${at}.signals`, `${sig} does not exist on the Hurd`, 'GNU/Hurd signals are BSD-numbered and have no SIGSTKFLT or SIGPWR', t.loc);
    const h = t.hurd;
    const names = new Map<number, string>();
    declared.set(t.name, names);
    (h?.ports ?? []).forEach((p, j) => {
      const pat = `${at}.hurd.ports[${j}]`;
      if (!Number.isInteger(p.name) || p.name <= 0 || p.name > INT_MAP_MAX_KEY) add('bad-value', `${pat}.name`, `port name ${p.name} is out of range`, `names are 1 to ${INT_MAP_MAX_KEY}`, p.loc);
      else if (names.has(p.name)) add('bad-value', `${pat}.name`, `port name ${p.name} is declared twice in ${t.name}`, undefined, p.loc);
      names.set(p.name, p.right);
      if (p.refs !== undefined && (!Number.isInteger(p.refs) || p.refs < 1 || p.refs > 0xffff)) add('bad-value', `${pat}.refs`, `${p.refs} user references`, 'a send right or dead name has 1 to 65535', p.loc);
      if (p.refs !== undefined && p.right !== 'send' && p.right !== 'dead-name') add('bad-value', `${pat}.refs`, `a ${p.right} right has no user references to set`, undefined, p.loc);
      if (p.peer && (p.right === 'receive' || p.right === 'port-set')) add('bad-value', `${pat}.peer`, `a ${p.right} right cannot name a peer`, 'only send, send-once and dead names refer to another task\'s port', p.loc);
    });
    if (h?.auth) {
      for (const [k, v] of Object.entries(h.auth)) {
        if (!Array.isArray(v) || v.some((x: unknown) => !Number.isInteger(x) || (x as number) < 0)) add('bad-value', `${at}.hurd.auth.${k}`, `${k} must be a list of non-negative ids`, undefined, h.loc);
      }
    }
  });

  // Peers and bootstrap ports refer to a right another task declared.
  scenario.tasks.forEach((t, i) => {
    const h = t.hurd;
    (h?.ports ?? []).forEach((p, j) => {
      if (!p.peer) return;
      const at = `tasks[${i}].hurd.ports[${j}].peer`;
      const other = declared.get(p.peer.task);
      if (!other) add('unknown-task', at, `no task named "${p.peer.task}"`, undefined, p.loc);
      else if (other.get(p.peer.name) !== 'receive') add('bad-reference', at, `${p.peer.task} declares no receive right named ${p.peer.name}`, `declare it: port ${p.peer.name} receive in ${p.peer.task}`, p.loc);
    });
    if (h?.bootstrap) {
      const other = declared.get(h.bootstrap.task);
      if (!other) add('unknown-task', `tasks[${i}].hurd.bootstrap`, `no task named "${h.bootstrap.task}"`, undefined, h.loc);
      else if (!other.has(h.bootstrap.name)) add('bad-reference', `tasks[${i}].hurd.bootstrap`, `${h.bootstrap.task} declares no port named ${h.bootstrap.name}`, undefined, h.loc);
    }
    if (h?.ctty) {
      let ok = false;
      try {
        ok = lookup(buildFilesystem(scenario.filesystem), h.ctty, { base: '/', root: '/', creds: { uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [] }, followFinal: true, noPermission: true }).ok;
      } catch {
        ok = false;
      }
      if (!ok) add('missing-file', `tasks[${i}].hurd.ctty`, `the terminal ${h.ctty} is not in the filesystem`, `add it: device ${h.ctty}`, h.loc);
    }
  });

  const w = scenario.hurd;
  if (w?.boot && w.execServer === false) add('bad-value', 'hurd.boot', 'a boot without an exec server', 'drop one of the two', w.loc);
  if (w?.standardUmask !== undefined && (w.standardUmask < 0 || w.standardUmask > 0o777)) add('bad-mode', 'hurd.standardUmask', `umask ${w.standardUmask.toString(8)} is not between 000 and 777`, undefined, w.loc);
  const rootServer = servers[2]!;

  scenario.actions.forEach((a, i) => {
    const at = `actions[${i}]`;
    switch (a.call) {
      case 'hurd_boot':
        if (!w?.boot) add('bad-value', `${at}.call`, 'the boot steps need a world that starts at boot', 'set hurd.boot (the exec server starts suspended)', a.loc);
        if (a.task !== rootServer) add('bad-value', `${at}.task`, `the boot steps are run by the root filesystem ("${rootServer}"), not ${a.task}`, `write: ${rootServer}: hurd_boot ${a.step}`, a.loc);
        break;
      case 'posix_spawn':
        for (const fa of a.fileActions ?? []) {
          const fds = [('fd' in fa ? fa.fd : undefined), fa.action === 'dup2' ? fa.newfd : undefined].filter((x): x is number => x !== undefined);
          for (const fd of fds) if (!Number.isInteger(fd) || fd < 0) add('fd-out-of-range', `${at}.fileActions`, `fd ${fd} is out of range`, undefined, a.loc);
        }
        for (const f of a.attributes?.flags ?? []) if (!SPAWN_FLAGS.includes(f)) add('bad-value', `${at}.attributes`, `unknown spawn flag ${f}`, `flags: ${SPAWN_FLAGS.join(', ')}`, a.loc);
        for (const s of a.attributes?.sigmask ?? []) if (!isHurdSignal(s)) add('bad-value', `${at}.attributes`, `${s} does not exist on the Hurd`, undefined, a.loc);
        break;
      case 'file_exec_paths':
        if (!taskNames.has(a.target) && !scenario.actions.some((b) => 'child' in b && (b as { child: string }).child === a.target)) add('unknown-task', `${at}.target`, `no task named "${a.target}"`, undefined, a.loc);
        if (a.target === a.task) add('bad-value', `${at}.target`, 'file_exec_paths into the caller\'s own task is execve', 'use execve', a.loc);
        if ((a.path === undefined) === (a.fd === undefined)) add('bad-value', `${at}.path`, 'file_exec_paths needs either a path or an fd', 'give one of them', a.loc);
        break;
      case 'sigaction':
        if (!isHurdSignal(a.signal)) add('bad-value', `${at}.signal`, `${a.signal} does not exist on the Hurd`, undefined, a.loc);
        break;
      default:
        break;
    }
  });
  return problems;
}
