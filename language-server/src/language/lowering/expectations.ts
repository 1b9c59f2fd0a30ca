/**
 * Expectations: `expect TASK[.THREAD] WHAT` about the state, and `expect ACTION
 * OUTCOME` about how an action ended, lowered to sim-core's ExpectationBody.
 */
import type { AstNode } from 'langium';
import type * as ast from '../generated/ast.js';
import type { CheckNode } from '../node-types.js';
import type { ExpectationBody, FdRowSpec } from '../../../../sim-core/src/scenario/expectations.js';
import { phaseById, phasesOf } from '../../../../sim-core/src/catalogue/index.js';
import { NR_OPEN } from '../../../../sim-core/src/scenario/validate.js';
import { isAbsolute } from '../../../../sim-core/src/model/filesystem.js';
import type { LoweringContext } from './context.js';
import { lowerString, lowerStringList } from './strings.js';
import { errnoName, octal, signalName, signalSet } from './words.js';
import { SECTIONS } from '../sections/index.js';
import type { TaskCheckBody } from '../sections/section.js';
import { suggest } from './suggest.js';
import { acceptedOnSystem } from './systems.js';

/** `/etc/motd`, `socket:NAME`, `pipe:NAME[read]`, `kqueue:NAME`: fd targets as sim-core prints them. */
export function fdTargetText(t: ast.FdOpenCheck | ast.FdRow): string | undefined {
  if (t.path !== undefined) return t.path;
  if (t.socket !== undefined) return `socket:${t.socket}`;
  if (t.pipe !== undefined && t.end) return `pipe:${t.pipe}[${t.end}]`;
  if (t.kqueue !== undefined) return `kqueue:${t.kqueue}`;
  return undefined;
}

function relativeNeverMatches(path: string | undefined, what: string, cx: LoweringContext, node: AstNode): boolean {
  if (path === undefined || isAbsolute(path)) return false;
  cx.error('never-checked', `${what} "${path}" is relative; the simulator reports absolute paths, so this never holds`, `write it from the root: /${path.replace(/^\.?\/*/, '')}`, node, 'path');
  return true;
}

/** The check of `expect TASK …` without the task, or undefined after reporting why not. */
export function lowerTaskCheck(node: CheckNode, cx: LoweringContext): TaskCheckBody | undefined {
  if (!acceptedOnSystem(node, cx)) return undefined;
  if (node.$type === 'FdClosedCheck') return node.fd === undefined ? undefined : { what: 'fd-closed', fd: node.fd };
  if (node.$type === 'FdOpenCheck') {
    if (node.fd === undefined) return undefined;
    const target = fdTargetText(node);
    if (node.path !== undefined && relativeNeverMatches(node.path, 'the target', cx, node)) return undefined;
    return {
      what: 'fd-open',
      fd: node.fd,
      ...(target !== undefined ? { target } : {}),
      ...(node.access ? { access: node.access as FdRowSpec['access'] } : {}),
      ...(node.cloexec || node.notCloexec ? { cloexec: node.cloexec } : {}),
    };
  }
  if (node.$type === 'FdTableCheck') {
    const rows: FdRowSpec[] = [];
    const seen = new Set<number>();
    for (const [i, row] of node.rows.entries()) {
      const target = fdTargetText(row);
      if (row.fd === undefined || target === undefined) return undefined;
      if (row.fd >= NR_OPEN) {
        cx.error('fd-out-of-range', `fd ${row.fd} is out of range`, `fds are 0 to ${NR_OPEN - 1} (fs.nr_open)`, node, 'rows', i);
        return undefined;
      }
      if (seen.has(row.fd)) {
        cx.error('duplicate-fd', `fd ${row.fd} is listed twice`, undefined, node, 'rows', i);
        return undefined;
      }
      if (rows.length && rows[rows.length - 1]!.fd > row.fd) {
        cx.error('bad-value', `fd ${row.fd} comes after fd ${rows[rows.length - 1]!.fd}`, 'list the rows in increasing fd order, as the table is compared slot by slot', node, 'rows', i);
        return undefined;
      }
      seen.add(row.fd);
      rows.push({ fd: row.fd, target, ...(row.access ? { access: row.access as FdRowSpec['access'] } : {}), ...(row.cloexec ? { cloexec: true } : {}) });
    }
    return { what: 'fd-table', rows };
  }
  if (node.$type === 'CredCheck') return node.value === undefined ? undefined : { what: 'cred', field: node.field, value: node.value };
  if (node.$type === 'GroupsCheck') return { what: 'cred', field: 'groups', value: node.none ? [] : [...node.groups] };
  if (node.$type === 'PidCheck') return node.pid === undefined ? undefined : { what: 'pid', pid: node.pid };
  if (node.$type === 'PpidCheck') return node.ppid === undefined ? undefined : { what: 'ppid', ppid: node.ppid };
  if (node.$type === 'TidCheck') return node.tid === undefined ? undefined : { what: 'tid', tid: node.tid };
  if (node.$type === 'CommCheck') return node.comm === undefined ? undefined : { what: 'comm', comm: node.comm };
  if (node.$type === 'ExeCheck') return node.path === undefined || relativeNeverMatches(node.path, 'exe', cx, node) ? undefined : { what: 'exe', path: node.path };
  if (node.$type === 'ArgvCheck') {
    const argv = lowerStringList(node.argv, cx);
    return argv ? { what: 'argv', argv } : undefined;
  }
  if (node.$type === 'UmaskCheck') {
    const umask = octal(node.mask, 'umask', cx, node, 'mask');
    return umask === undefined ? undefined : { what: 'umask', umask };
  }
  if (node.$type === 'CwdCheck') return node.path === undefined || relativeNeverMatches(node.path, 'cwd', cx, node) ? undefined : { what: 'cwd', path: node.path };
  if (node.$type === 'ThreadsCheck') return node.count === undefined ? undefined : { what: 'threads', count: node.count };
  if (node.$type === 'DispositionCheck') {
    const signal = signalName(node.signal, cx, node, 'signal');
    return signal && node.disposition ? { what: 'disposition', signal, disposition: node.disposition } : undefined;
  }
  if (node.$type === 'BlockedCheck' || node.$type === 'PendingCheck') {
    const signals = signalSet(node, cx);
    return signals ? { what: node.$type === 'BlockedCheck' ? 'blocked' : 'pending', signals } : undefined;
  }
  if (node.$type === 'StateCheck') return node.state ? { what: 'state', state: node.state } : undefined;
  if (node.$type === 'KilledCheck') {
    const signal = signalName(node.signal, cx, node, 'signal');
    return signal ? { what: 'killed', signal } : undefined;
  }
  if (node.$type === 'ExitedCheck') return node.status === undefined ? undefined : { what: 'exited', status: node.status };
  if (node.$type === 'MemoryCheck') {
    if (node.variable === undefined) return undefined;
    if (node.unset) return { what: 'memory', variable: node.variable, value: null };
    const value = lowerString(node.value, cx);
    return value === undefined ? undefined : { what: 'memory', variable: node.variable, value };
  }
  for (const section of SECTIONS) {
    const body = section.lowerTaskCheck?.(node, cx);
    if (body) return body;
  }
  return undefined;
}

/** The outcome part of `expect ACTION OUTCOME`, or undefined after reporting why not. */
export function lowerOutcome(
  node: ast.Outcome,
  action: number,
  cx: LoweringContext,
): ExpectationBody | undefined {
  if (node.$type === 'Fails') {
    const errno = errnoName(node.errno, cx, node, 'errno');
    return errno ? { what: 'result', action, outcome: errno } : undefined;
  }
  if (node.$type === 'Succeeds') return { what: 'result', action, outcome: 'ok' };
  if (node.$type === 'Ponr') return { what: 'ponr', action, crossed: node.crossed };
  if (!acceptedOnSystem(node, cx)) return undefined;
  if (node.$type === 'FailedIn') {
    if (node.phase === undefined) return undefined;
    const phase = phaseById(node.phase);
    if (!phase) {
      const candidates = cx.system ? phasesOf(cx.system).map((p) => p.id) : [];
      cx.error('unknown-name', `unknown phase ${node.phase}`, suggest(node.phase, candidates, 'phases') ?? (candidates.length ? `phases of ${cx.system}: ${candidates.slice(0, 6).join(', ')}, …` : undefined), node, 'phase');
      return undefined;
    }
    if (cx.system && phase.system !== cx.system) {
      cx.error('never-checked', `${node.phase} is a phase of ${phase.system}; a ${cx.system} exec never fails in it`, `phases of ${cx.system} start with "${cx.system}."`, node, 'phase');
      return undefined;
    }
    return { what: 'failed-in', action, phase: node.phase };
  }
  for (const section of SECTIONS) {
    const body = section.lowerOutcome?.(node, cx);
    if (body) return { ...body, action } as ExpectationBody;
  }
  return undefined;
}
