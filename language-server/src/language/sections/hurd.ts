/**
 * The GNU Hurd section (hurd.langium): the exec server's state before the
 * first action, the translator library of each mount, a task's auth id
 * vectors, extra port rights, controlling tty and bootstrap port; the calls
 * posix_spawn (GLIBC sysdeps/mach/hurd/spawni.c: __spawni), file_exec_paths
 * into another task (GLIBC hurd/hurdexec.c: _hurd_exec_paths) and the boot
 * steps of the exec server (HURD libdiskfs/boot-start.c: start_execserver,
 * exec/main.c: S_exec_init); and the checks of the port namespace, glibc's
 * dtable and init ports, the auth port and the exec flags.
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { ActionSpec, ExpectationSpec, IdVectorsSpec, MachineSpec, MountSpec, PortSpec, Scenario, TaskSpec } from '../../../../sim-core/src/scenario/scenario.js';
import type { ActionCall } from '../../../../sim-core/src/scenario/actions.js';
import type { ExpectationBody } from '../../../../sim-core/src/scenario/expectations.js';
import { SPAWN_FLAGS, type SpawnAttributes, type SpawnFileAction, type SpawnFlag } from '../../../../sim-core/src/personalities/hurd/actions.js';
import type { DtableRowSpec, PortRowSpec } from '../../../../sim-core/src/personalities/hurd/expectations.js';
import { INIT_PORT_NAMES, type InitPortName, type PortKind } from '../../../../sim-core/src/personalities/hurd/state.js';
import { locOf, rangeOf, type LoweringContext } from '../lowering/context.js';
import { lowerStringList } from '../lowering/strings.js';
import { OPEN_FLAGS } from '../lowering/vocabulary.js';
import { octal, oneOf, signalSet } from '../lowering/words.js';
import { printName, printPath, printString, printStringList, UnprintableError } from '../printer/tokens.js';
import type { LanguageSection, MachineDraft, MountDraft, Mutable, TaskCheckBody, TaskDraft, WorldDraft } from './section.js';

/** What a port stands for (HURD personalities/hurd/state.ts: PortObject), as checks name it. */
export const PORT_KINDS = [
  'task', 'thread', 'io', 'ctty', 'cttyid', 'auth', 'proc', 'execboot', 'exec', 'fsys', 'msgport', 'reply', 'device', 'plain', 'port-set',
] as const satisfies readonly PortKind[];
type MissingKind = Exclude<PortKind, (typeof PORT_KINDS)[number]>;
const _kinds: [MissingKind] extends [never] ? true : never = true;
void _kinds;

/** The rights a scenario can give a task (PortSpec.right). */
export const PORT_RIGHTS = ['send', 'receive', 'send-once', 'dead-name', 'port-set'] as const satisfies readonly PortSpec['right'][];

/** The parts of a rights text in the order the debugger prints them (mach-ports.ts: rightsText); send and dead names carry user references. */
const RIGHT_ORDER = ['receive', 'send', 'send-once', 'dead-name', 'port-set'] as const;
const COUNTED = new Set(['send', 'dead-name']);

export const HURD_BOOT_STEPS = ['start_execserver', 'exec_init'] as const;

const SPAWN_ACTIONS_WITH_FD = new Set(['open', 'dup2', 'close', 'fchdir', 'closefrom']);

function hurdOf(task: TaskDraft): Mutable<NonNullable<TaskSpec['hurd']>> {
  return ((task as { hurd?: TaskSpec['hurd'] }).hurd ??= {}) as Mutable<NonNullable<TaskSpec['hurd']>>;
}

function idVectors(node: ast.AuthAttr | ast.AuthIdsCheck): IdVectorsSpec {
  return { euids: [...node.euids], auids: [...node.auids], egids: [...node.egids], agids: [...node.agids] };
}

function printIds(ids: IdVectorsSpec): string {
  const list = (v: readonly number[]) => `[${v.join(', ')}]`;
  return `auth euids ${list(ids.euids)} auids ${list(ids.auids)} egids ${list(ids.egids)} agids ${list(ids.agids)}`;
}

function kindOf(word: string | undefined, cx: LoweringContext, node: AstNode, property: string): PortKind | undefined {
  return oneOf(word, PORT_KINDS, 'port kind', cx, node, property);
}

/** `receive+send(1)` as the debugger prints it, or undefined after reporting what is wrong. */
function rightsOf(node: ast.PortRights | undefined, cx: LoweringContext): string | undefined {
  if (!node) return undefined;
  const seen: string[] = [];
  for (const [i, part] of node.parts.entries()) {
    const right = oneOf(part.right, RIGHT_ORDER, 'right', cx, part, 'right');
    if (!right) return undefined;
    if (COUNTED.has(right) && part.refs === undefined) {
      cx.error('bad-value', `${right} needs its user references: ${right}(N)`, `e.g. ${right}(1)`, part);
      return undefined;
    }
    if (!COUNTED.has(right) && part.refs !== undefined) {
      cx.error('bad-value', `a ${right} right has no user references`, `write ${right} alone`, part, 'refs');
      return undefined;
    }
    if (seen.includes(right)) {
      cx.error('bad-value', `${right} is given twice`, undefined, node, 'parts', i);
      return undefined;
    }
    if (seen.length && RIGHT_ORDER.indexOf(right) < RIGHT_ORDER.indexOf(seen[seen.length - 1] as (typeof RIGHT_ORDER)[number])) {
      cx.error('never-checked', `${right} comes after ${seen[seen.length - 1]}: the debugger writes rights in a fixed order, so this never holds`, `write them in the order ${RIGHT_ORDER.join(', ')}`, node, 'parts', i);
      return undefined;
    }
    if (part.right === 'port-set' && seen.length) {
      cx.error('never-checked', 'a port set name holds no other right', 'write port-set alone', node, 'parts', i);
      return undefined;
    }
    seen.push(right);
  }
  return node.parts.map((p) => (p.refs !== undefined ? `${p.right}(${p.refs})` : p.right)).join('+');
}

const RIGHTS_TEXT = /^(receive|send\(\d+\)|send-once|dead-name\(\d+\)|port-set)(\+(receive|send\(\d+\)|send-once|dead-name\(\d+\)|port-set))*$/;

function printRights(rights: string): string {
  if (!RIGHTS_TEXT.test(rights)) throw new UnprintableError(`rights "${rights}" cannot be written`);
  return rights;
}

function printKind(kind: string | undefined): string {
  if (kind === undefined) return '';
  if (!(PORT_KINDS as readonly string[]).includes(kind)) throw new UnprintableError(`port kind "${kind}" cannot be written`);
  return ` ${kind}`;
}

function lowerFileAction(a: ast.SpawnFileAction, cx: LoweringContext): SpawnFileAction | undefined {
  if (SPAWN_ACTIONS_WITH_FD.has(a.action) && a.fd === undefined) return undefined;
  switch (a.action) {
    case 'open': {
      if (a.path === undefined) return undefined;
      const flags: (typeof OPEN_FLAGS)[number][] = [];
      for (const [i, f] of a.flags.entries()) {
        if (!(OPEN_FLAGS as readonly string[]).includes(f)) {
          oneOf(f, OPEN_FLAGS, 'open flag', cx, a, 'flags');
          void i;
          return undefined;
        }
        if (!flags.includes(f as (typeof OPEN_FLAGS)[number])) flags.push(f as (typeof OPEN_FLAGS)[number]);
      }
      const mode = a.mode !== undefined ? octal(a.mode, 'mode', cx, a, 'mode') : undefined;
      if (a.mode !== undefined && mode === undefined) return undefined;
      return { action: 'open', fd: a.fd!, path: a.path, flags, ...(mode !== undefined ? { mode } : {}) };
    }
    case 'dup2':
      return a.newfd === undefined ? undefined : { action: 'dup2', fd: a.fd!, newfd: a.newfd };
    case 'close':
    case 'fchdir':
    case 'closefrom':
      return { action: a.action, fd: a.fd! };
    case 'chdir':
      return a.path === undefined ? undefined : { action: 'chdir', path: a.path };
  }
}

function printFileAction(a: SpawnFileAction): string {
  switch (a.action) {
    case 'open':
      return `open ${a.fd} ${printPath(a.path)}${a.flags.length ? ' ' + a.flags.join('|') : ''}${a.mode !== undefined ? ` mode ${a.mode.toString(8).padStart(4, '0')}` : ''}`;
    case 'dup2':
      return `dup2 ${a.fd} ${a.newfd}`;
    case 'chdir':
      return `chdir ${printPath(a.path)}`;
    default:
      return `${a.action} ${a.fd}`;
  }
}

function lowerSpawn(node: ast.PosixSpawn, cx: LoweringContext): ActionCall | undefined {
  const child = node.child?.name;
  const argv = lowerStringList(node.argv, cx);
  const envp = node.envp ? lowerStringList(node.envp, cx) : undefined;
  if (child === undefined || node.path === undefined || !argv || (node.envp && !envp)) return undefined;
  const fileActions: SpawnFileAction[] = [];
  for (const a of node.fileActions) {
    const lowered = lowerFileAction(a, cx);
    if (!lowered) return undefined;
    fileActions.push(lowered);
  }
  const flags: SpawnFlag[] = [];
  for (const [i, f] of node.flags.entries()) {
    if (!(SPAWN_FLAGS as readonly string[]).includes(f)) {
      cx.error('unknown-name', `unknown posix_spawn flag ${f}`, `flags: ${SPAWN_FLAGS.join(', ')}`, node, 'flags', i);
      return undefined;
    }
    if (flags.includes(f as SpawnFlag)) {
      cx.error('bad-value', `${f} is given twice`, undefined, node, 'flags', i);
      return undefined;
    }
    flags.push(f as SpawnFlag);
  }
  const sigmask = node.sigmask ? signalSet(node, cx) : undefined;
  if (node.sigmask && !sigmask) return undefined;
  const attributes: Mutable<SpawnAttributes> = {
    ...(flags.length ? { flags } : {}),
    ...(sigmask ? { sigmask } : {}),
    ...(node.pgroup !== undefined ? { pgroup: node.pgroup } : {}),
  };
  return {
    call: 'posix_spawn',
    child,
    path: node.path,
    argv,
    ...(envp ? { envp } : {}),
    ...(node.name === 'posix_spawnp' ? { usePath: true } : {}),
    ...(node.tryShell ? { tryShell: true } : {}),
    ...(node.fileActions.length ? { fileActions } : {}),
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}

function printSpawn(a: Extract<ActionSpec, { call: 'posix_spawn' }>): string {
  const parts = [`${a.usePath ? 'posix_spawnp' : 'posix_spawn'} ${printName(a.child)} ${printPath(a.path)} ${printStringList(a.argv)}`];
  if (a.envp) parts.push(`env ${printStringList(a.envp)}`);
  if (a.tryShell) parts.push('try_shell');
  if (a.fileActions?.length) parts.push(`file_actions [${a.fileActions.map(printFileAction).join(', ')}]`);
  const at = a.attributes;
  if (at?.flags?.length) parts.push(`flags ${at.flags.join('|')}`);
  if (at?.sigmask) parts.push(`sigmask ${at.sigmask.length ? at.sigmask.join(' ') : 'none'}`);
  if (at?.pgroup !== undefined) parts.push(`pgroup ${at.pgroup}`);
  return parts.join(' ');
}

function lowerPortAttr(node: ast.PortAttr, task: TaskDraft, at: string, cx: LoweringContext): void {
  if (node.name === undefined || node.label === undefined) return;
  const right = oneOf(node.right, PORT_RIGHTS, 'right', cx, node, 'right');
  if (!right) return;
  const h = hurdOf(task);
  const ports = (h.ports ??= []) as PortSpec[];
  const pat = `${at}.hurd.ports[${ports.length}]`;
  const peer = node.peer?.ref?.name;
  if (node.peer && (peer === undefined || node.peerName === undefined)) return;
  ports.push({
    name: node.name,
    label: node.label,
    right,
    ...(node.refs !== undefined ? { refs: node.refs } : {}),
    ...(peer !== undefined ? { peer: { task: peer, name: node.peerName! } } : {}),
    loc: locOf(rangeOf(node)),
  });
  cx.map(pat, node);
  cx.map(`${pat}.name`, node, 'name');
  cx.map(`${pat}.refs`, node, 'refs');
  cx.map(`${pat}.peer`, node, 'peer');
}

function printPort(p: PortSpec): string {
  if (!(PORT_RIGHTS as readonly string[]).includes(p.right)) throw new UnprintableError(`right "${p.right}" cannot be written`);
  return [`port ${p.name} ${p.right} ${printString(p.label)}`, p.refs !== undefined ? `refs ${p.refs}` : '', p.peer ? `peer ${printName(p.peer.task)} ${p.peer.name}` : ''].filter(Boolean).join(' ');
}

const EXEC_SERVER_STATES = ['ready', 'absent', 'present', 'booting', 'started'] as const;

/** `exec_server WORD` in machine { … }: which HurdWorldSpec field it sets. */
function execServerState(node: ast.ExecServerState, cx: LoweringContext): ['execServerReady' | 'execServer' | 'boot', boolean, string] | undefined {
  if (node.not) {
    if (node.state !== undefined && node.state !== 'ready') {
      cx.error('unknown-name', `exec_server not ${node.state} has no meaning`, 'write exec_server not ready (exec_setexecdata has not run)', node, 'state');
      return undefined;
    }
    return node.state === undefined ? undefined : ['execServerReady', false, 'readiness'];
  }
  const state = oneOf(node.state, EXEC_SERVER_STATES, 'exec server state', cx, node, 'state');
  if (state === 'ready') return ['execServerReady', true, 'readiness'];
  if (state === 'absent' || state === 'present') return ['execServer', state === 'present', 'presence'];
  if (state === 'booting' || state === 'started') return ['boot', state === 'booting', 'boot state'];
  return undefined;
}

function once(task: TaskDraft, key: 'auth' | 'ctty' | 'bootstrap', node: AstNode, cx: LoweringContext): boolean {
  if (task.hurd?.[key] === undefined) return true;
  cx.error('duplicate-statement', `${key} is given twice for task ${task.name}`, undefined, node);
  return false;
}

export const hurdSection: LanguageSection = {
  system: 'hurd',
  owns: {
    ExecServerState: () => 'exec_server',
    StandardUmask: () => 'standard_umask',
    HurdMountOption: (n) => (n as ast.HurdMountOption).server,
    AuthAttr: () => 'auth',
    PortAttr: () => 'port',
    CttyAttr: () => 'ctty',
    BootstrapAttr: () => 'bootstrap',
    PortCheck: () => 'port',
    PortCountCheck: () => 'port count',
    PortNamesCheck: () => 'ports',
    TaskReplacedCheck: (n) => ((n as ast.TaskReplacedCheck).replaced ? 'task replaced' : 'same task'),
    AuthIdsCheck: () => 'auth',
    BootstrapPortCheck: () => 'bootstrap port',
    InitPortCheck: (n) => `port ${(n as ast.InitPortCheck).slot}`,
    DtableCheck: () => 'dtable',
    ExecSecureCheck: () => 'EXEC_SECURE',
    ExecServerReadyCheck: () => 'exec_server ready',
  },

  lowerMachineEntry(node: AstNode, _machine: MachineDraft, cx: LoweringContext, world: WorldDraft): boolean {
    if (ast.isExecServerState(node)) {
      const state = execServerState(node, cx);
      if (!state) return true;
      const hurd = (world.hurd ??= {});
      const [key, value, word] = state;
      if (hurd[key] !== undefined) {
        cx.error('duplicate-statement', `the exec server's ${word} is given twice`, undefined, node);
        return true;
      }
      hurd[key] = value;
      cx.map(`hurd.${key}`, node);
      cx.map('hurd', node);
      return true;
    }
    if (ast.isStandardUmask(node)) {
      const hurd = (world.hurd ??= {});
      if (hurd.standardUmask !== undefined) {
        cx.error('duplicate-statement', 'standard umask is given twice', undefined, node);
        return true;
      }
      const mask = octal(node.mask, 'umask', cx, node, 'mask');
      if (mask !== undefined) hurd.standardUmask = mask;
      cx.map('hurd.standardUmask', node, 'mask');
      return true;
    }
    return false;
  },

  lowerMountOption(node: AstNode, mount: MountDraft, at: string, cx: LoweringContext): boolean {
    if (!ast.isHurdMountOption(node)) return false;
    if (mount.server !== undefined) {
      cx.error('duplicate-statement', 'server is given twice', undefined, node);
      return true;
    }
    mount.server = node.server;
    if (node.serverName !== undefined) mount.serverName = node.serverName;
    cx.map(`${at}.server`, node, 'server');
    cx.map(`${at}.serverName`, node, 'serverName');
    return true;
  },

  lowerTaskAttr(node: AstNode, task: TaskDraft, at: string, cx: LoweringContext): boolean {
    if (ast.isAuthAttr(node)) {
      if (once(task, 'auth', node, cx)) hurdOf(task).auth = idVectors(node);
      cx.map(`${at}.hurd.auth`, node);
      return true;
    }
    if (ast.isPortAttr(node)) {
      lowerPortAttr(node, task, at, cx);
      return true;
    }
    if (ast.isCttyAttr(node)) {
      if (node.path !== undefined && once(task, 'ctty', node, cx)) hurdOf(task).ctty = node.path;
      cx.map(`${at}.hurd.ctty`, node, 'path');
      return true;
    }
    if (ast.isBootstrapAttr(node)) {
      const owner = node.task?.ref?.name;
      if (owner !== undefined && node.name !== undefined && once(task, 'bootstrap', node, cx)) hurdOf(task).bootstrap = { task: owner, name: node.name };
      cx.map(`${at}.hurd.bootstrap`, node);
      return true;
    }
    return false;
  },

  lowerTaskCheck(node: AstNode, cx: LoweringContext): TaskCheckBody | undefined {
    if (ast.isPortCheck(node)) {
      if (node.name === undefined) return undefined;
      if (node.none) return { what: 'port', name: node.name, rights: 'none' };
      const rights = rightsOf(node.rights, cx);
      const kind = node.kind !== undefined ? kindOf(node.kind, cx, node, 'kind') : undefined;
      if (rights === undefined || (node.kind !== undefined && !kind)) return undefined;
      return { what: 'port', name: node.name, rights, ...(kind ? { kind } : {}) };
    }
    if (ast.isPortCountCheck(node)) return node.count === undefined ? undefined : { what: 'port-count', count: node.count };
    if (ast.isPortNamesCheck(node)) {
      const entries: PortRowSpec[] = [];
      for (const [i, row] of node.rows.entries()) {
        const rights = rightsOf(row.rights, cx);
        const kind = row.kind !== undefined ? kindOf(row.kind, cx, row, 'kind') : undefined;
        if (row.name === undefined || rights === undefined || (row.kind !== undefined && !kind)) return undefined;
        const previous = entries[entries.length - 1];
        if (previous && previous.name >= row.name) {
          cx.error('never-checked', `name ${row.name} comes after name ${previous.name}`, 'list the names in increasing order, as the namespace is compared name by name', node, 'rows', i);
          return undefined;
        }
        entries.push({ name: row.name, rights, ...(kind ? { kind } : {}) });
      }
      return { what: 'port-names', entries };
    }
    if (ast.isTaskReplacedCheck(node)) return { what: 'task-replaced', replaced: node.replaced };
    if (ast.isAuthIdsCheck(node)) return { what: 'auth-ids', ids: idVectors(node) };
    if (ast.isBootstrapPortCheck(node)) {
      if (node.none) return { what: 'bootstrap-port', kind: 'none' };
      const kind = kindOf(node.kind, cx, node, 'kind');
      return kind ? { what: 'bootstrap-port', kind } : undefined;
    }
    if (ast.isInitPortCheck(node)) {
      const slot = oneOf(node.slot, INIT_PORT_NAMES, 'init port', cx, node, 'slot') as InitPortName | undefined;
      const kind = node.kind === 'null' ? 'null' : kindOf(node.kind, cx, node, 'kind');
      if (!slot || !kind) return undefined;
      if (node.path !== undefined && kind !== 'io') {
        cx.error('never-checked', `only an io port has a path; ${slot} is expected to be ${kind}`, 'drop the path, or expect io', node, 'path');
        return undefined;
      }
      return { what: 'init-port', slot, kind, ...(node.path !== undefined ? { path: node.path } : {}) };
    }
    if (ast.isDtableCheck(node)) {
      const rows: DtableRowSpec[] = [];
      for (const [i, row] of node.rows.entries()) {
        if (row.fd === undefined || row.port === undefined) return undefined;
        const previous = rows[rows.length - 1];
        if (previous && previous.fd >= row.fd) {
          cx.error('never-checked', `fd ${row.fd} comes after fd ${previous.fd}`, 'list the rows in increasing fd order, as the table is compared slot by slot', node, 'rows', i);
          return undefined;
        }
        rows.push({ fd: row.fd, port: row.port, ...(row.cloexec ? { cloexec: true } : {}), ...(row.ctty !== undefined ? { ctty: row.ctty } : {}) });
      }
      return { what: 'dtable', rows };
    }
    if (ast.isExecSecureCheck(node)) return { what: 'exec-secure', secure: !node.not };
    return undefined;
  },

  lowerSystemCheck(node: AstNode, cx: LoweringContext): ExpectationBody | undefined {
    if (!ast.isExecServerReadyCheck(node) || node.state === undefined) return undefined;
    if (node.state !== 'ready') {
      cx.error('unknown-name', `unknown exec server check ${node.not ? 'not ' : ''}${node.state}`, 'write exec_server ready or exec_server not ready', node, 'state');
      return undefined;
    }
    return { what: 'exec-server-ready', ready: !node.not };
  },

  lowerCall(node: AstNode, cx: LoweringContext): ActionCall | undefined {
    if (ast.isPosixSpawn(node)) return lowerSpawn(node, cx);
    if (ast.isFileExecPaths(node)) {
      const target = node.target?.ref?.name;
      const argv = lowerStringList(node.argv, cx);
      const envp = node.envp ? lowerStringList(node.envp, cx) : undefined;
      if (target === undefined || !argv || (node.envp && !envp) || (node.path === undefined && node.fd === undefined)) return undefined;
      return {
        call: 'file_exec_paths',
        target,
        ...(node.path !== undefined ? { path: node.path } : { fd: node.fd! }),
        argv,
        ...(envp ? { envp } : {}),
      };
    }
    if (ast.isHurdBoot(node)) {
      const step = oneOf(node.step, HURD_BOOT_STEPS, 'boot step', cx, node, 'step');
      return step ? { call: 'hurd_boot', step } : undefined;
    }
    return undefined;
  },

  printMachine(_machine: MachineSpec, scenario: Scenario): string[] {
    const h = scenario.hurd;
    if (!h) return [];
    const lines: string[] = [];
    if (h.boot !== undefined) lines.push(`exec_server ${h.boot ? 'booting' : 'started'}`);
    if (h.execServer !== undefined) lines.push(`exec_server ${h.execServer ? 'present' : 'absent'}`);
    if (h.execServerReady !== undefined) lines.push(`exec_server ${h.execServerReady ? 'ready' : 'not ready'}`);
    if (h.standardUmask !== undefined) lines.push(`standard_umask ${h.standardUmask.toString(8).padStart(3, '0')}`);
    return lines;
  },

  printMountOptions(mount: MountSpec): string[] {
    if (mount.server === undefined) {
      if (mount.serverName !== undefined) throw new UnprintableError('a server task name needs its server library: libdiskfs task NAME');
      return [];
    }
    return [`${mount.server}${mount.serverName !== undefined ? ` task ${printName(mount.serverName)}` : ''}`];
  },

  printTask(task: TaskSpec): string[] {
    const h = task.hurd;
    if (!h) return [];
    const lines: string[] = [];
    if (h.auth) lines.push(printIds(h.auth));
    if (h.ctty !== undefined) lines.push(`ctty ${printPath(h.ctty)}`);
    if (h.bootstrap) lines.push(`bootstrap ${printName(h.bootstrap.task)} ${h.bootstrap.name}`);
    for (const p of h.ports ?? []) lines.push(printPort(p));
    return lines;
  },

  printTaskCheck(body: TaskCheckBody): string | undefined {
    switch (body.what) {
      case 'port':
        return body.rights === 'none' ? `port ${body.name} none` : `port ${body.name} ${printRights(body.rights)}${printKind(body.kind)}`;
      case 'port-count':
        return `port count ${body.count}`;
      case 'port-names':
        return `ports [${body.entries.map((r) => `${r.name} = ${printRights(r.rights)}${printKind(r.kind)}`).join(', ')}]`;
      case 'task-replaced':
        return body.replaced ? 'task replaced' : 'same task';
      case 'auth-ids':
        return printIds(body.ids);
      case 'bootstrap-port':
        return `bootstrap port ${body.kind === 'none' ? 'none' : printKind(body.kind).trim()}`;
      case 'init-port':
        return `port ${body.slot} ${body.kind === 'null' ? 'null' : printKind(body.kind).trim()}${body.path !== undefined ? ` ${printPath(body.path)}` : ''}`;
      case 'dtable':
        return `dtable [${body.rows.map((r) => `${r.fd} = ${r.port}${r.cloexec ? ' cloexec' : ''}${r.ctty !== undefined ? ` ctty ${r.ctty}` : ''}`).join(', ')}]`;
      case 'exec-secure':
        return body.secure ? 'EXEC_SECURE' : 'not EXEC_SECURE';
      default:
        return undefined;
    }
  },

  printCall(action: ActionSpec): string | undefined {
    switch (action.call) {
      case 'posix_spawn':
        return printSpawn(action);
      case 'file_exec_paths':
        return `file_exec_paths ${printName(action.target)} ${action.path !== undefined ? printPath(action.path) : `fd ${action.fd}`} ${printStringList(action.argv)}${action.envp ? ` env ${printStringList(action.envp)}` : ''}`;
      case 'hurd_boot':
        return `hurd_boot ${action.step}`;
      default:
        return undefined;
    }
  },

  printExpectation(e: ExpectationSpec): string | undefined {
    const body = e as ExpectationSpec & ExpectationBody;
    if (body.what === 'exec-server-ready') return `expect exec_server ${body.ready ? 'ready' : 'not ready'}`;
    return undefined;
  },
};
