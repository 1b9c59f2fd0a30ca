/**
 * What the debugger and the query language show of the Hurd: a task's port
 * namespace (`ports(shell)`, the Port namespace scope), the RPC message in
 * flight with the rights it carries (the dtable, the port array and the int
 * array of an exec travel this way), and the exec server's state.
 *
 * Edits stay consistent with the port world: close-on-exec is set in glibc's
 * descriptor table and the core mirror together; a name's send references
 * can change as long as a send right remains, and a name holding only send
 * rights can be dropped when that does not take the port's last send right
 * (a no-senders notification is a message, which an edit cannot send).
 */
import type { SimEvent } from '../../engine/events.js';
import type { KernelState, Pid, Task } from '../../model/state.js';
import { QueryError } from '../../query/errors.js';
import type { Section, StateInspector } from '../../query/inspector.js';
import { bool, fieldPath, indexPath, intTable, list, none, num, record, str, type EditPlan, type QValue } from '../../query/values.js';
import { setFd } from './glibc-state.js';
import { entryOf, modRefs, portOf, withWorld, worldOf, UREFS_MAX } from './mach-ports.js';
import { renderBootinfos } from './views.js';
import { reachingRightText, rightsReachingSecureExec, secureStartOf, unauthenticatedRights } from './secure-exec-rights.js';
import type { RightMove, RpcReplyEvent, RpcRequestEvent } from './events.js';
import { execFlagsText, type HurdWorld, type PortEntry, type PortName, type SpaceId } from './state.js';

/** `send ×2`, `receive+send ×1`, `send-once`, `dead name ×1`, `port set`: the rights a name denotes. */
export function rightsShort(e: PortEntry): string {
  const parts: string[] = [];
  if (e.receive && !e.portSet) parts.push('receive');
  if (e.send > 0) parts.push(`send ×${e.send}`);
  if (e.sendOnce) parts.push('send-once');
  if (e.dead > 0) parts.push(`dead name ×${e.dead}`);
  if (e.portSet) parts.push('port set');
  return parts.join('+');
}

function receiverText(w: HurdWorld, e: PortEntry): string {
  const p = portOf(w, e.port);
  if (p.receiver === null) return 'nobody (dead port)';
  if (p.receiver === 'kernel') return 'the kernel';
  if (e.receive) return 'this task';
  const t = w.tasks.get(p.receiver.space);
  return t ? `${t.name}, name ${p.receiver.name}` : `space ${p.receiver.space}`;
}

/** Plans a change of a name's rights, checked against the state now (the replay reaches the same state). */
function editRights(state: KernelState, task: Task, space: SpaceId, name: PortName, description: string, change: (w: HurdWorld) => HurdWorld): EditPlan {
  try {
    change(worldOf(state));
  } catch (e) {
    if (e instanceof QueryError) throw e;
    throw new QueryError(e instanceof Error ? e.message : String(e));
  }
  return {
    description,
    apply: (s) => {
      const t = s.tasks.get(task.pid);
      if (!t?.ext.hurd || t.ext.hurd.task !== space || !entryOf(worldOf(s), space, name)) return s;
      return withWorld(s, change(worldOf(s)));
    },
  };
}

function setSendRefs(state: KernelState, task: Task, space: SpaceId, e: PortEntry, text: string): EditPlan {
  const t = text.trim();
  if (!/^[0-9]+$/.test(t)) throw new QueryError(`"${text}" is not a number of user references`, undefined, `1 to ${UREFS_MAX}; drop the name by setting it to dropped`);
  const refs = Number(t);
  if (refs < 1 || refs > UREFS_MAX) throw new QueryError(`${refs} user references are out of range`, undefined, `1 to ${UREFS_MAX}; drop the name by setting it to dropped`);
  return editRights(state, task, space, e.name, `${task.name}: name ${e.name} send user references ${e.send} → ${refs}`, (w) => {
    const [next, effects] = modRefs(w, space, e.name, 'send', refs - e.send);
    if (effects.length) throw new QueryError('internal: changing user references had effects');
    return next;
  });
}

function dropName(state: KernelState, task: Task, space: SpaceId, e: PortEntry, text: string): EditPlan {
  if (text.trim() !== 'dropped') throw new QueryError('a port name can only be set to dropped', undefined, 'type dropped to take the rights away; change send user references with its send field');
  if (e.receive || e.portSet || e.sendOnce || e.dead > 0 || e.send === 0) {
    throw new QueryError(`name ${e.name} holds ${rightsShort(e)}: only a name holding send rights alone can be dropped here`);
  }
  const p = portOf(worldOf(state), e.port);
  if (p.srights <= 1 && p.noSendersArmed && p.receiver !== null) {
    throw new QueryError(`name ${e.name} holds the last send right to ${p.label}`, undefined, 'dropping it would send a no-senders notification, which only the run itself can do');
  }
  return editRights(state, task, space, e.name, `${task.name}: name ${e.name} (${p.label}) dropped`, (w) => {
    const [next, effects] = modRefs(w, space, e.name, 'send', -e.send);
    if (effects.length) throw new QueryError('internal: dropping the name had effects');
    return next;
  });
}

function portRow(state: KernelState, task: Task, space: SpaceId, e: PortEntry, tablePath: string): QValue {
  const w = worldOf(state);
  const p = portOf(w, e.port);
  const rights = rightsShort(e);
  const dead = p.receiver === null && e.dead === 0 && !e.portSet ? ' (dead port)' : '';
  const path = indexPath(tablePath, e.name)!;
  const f = (n: string) => fieldPath(path, n)!;
  return record(
    'port name',
    `name ${e.name}: ${rights} → ${p.label}${dead}`,
    () => [
      { name: 'rights', value: str(rights, { path: f('rights'), type: 'port rights' }) },
      {
        name: 'send',
        value: num(e.send, {
          path: f('send'),
          type: 'port send references',
          display: e.send ? String(e.send) : '0 (no send right)',
          set: e.send > 0 ? (text) => setSendRefs(state, task, space, e, text) : undefined,
        }),
      },
      { name: 'receive', value: bool(e.receive, { path: f('receive'), type: 'port right' }) },
      { name: 'sendOnce', value: bool(e.sendOnce, { path: f('sendOnce'), type: 'port right' }) },
      { name: 'deadName', value: num(e.dead, { path: f('deadName'), type: 'port dead-name references' }) },
      { name: 'port', value: str(p.label, { path: f('port'), type: `port ${p.object.kind}` }) },
      { name: 'receiver', value: str(receiverText(w, e), { path: f('receiver') }) },
      { name: 'sendRights', value: num(p.srights, { path: f('sendRights'), type: 'send rights outstanding' }) },
    ],
    {
      path,
      count: 8,
      brief: `${rights} → ${p.label}${dead}`,
      identity: `port ${e.port} ${rights}`,
      set: (text) => dropName(state, task, space, e, text),
    },
  );
}

/** Views of a namespace by right: `ports(shell).send` lists the names holding send rights. */
const BY_RIGHT: Readonly<Record<string, (e: PortEntry) => boolean>> = {
  send: (e) => e.send > 0,
  receive: (e) => e.receive && !e.portSet,
  sendOnce: (e) => e.sendOnce,
  deadNames: (e) => e.dead > 0,
  portSets: (e) => e.portSet,
};

function portNamespace(state: KernelState, task: Task, path: string): QValue | undefined {
  const space = task.ext.hurd?.task;
  const s = space === undefined ? undefined : state.ext.hurd?.spaces.get(space);
  if (space === undefined || !s) return undefined;
  const n = s.entries.size;
  return intTable('port namespace', s.entries, (_name, e) => portRow(state, task, space, e, path), {
    path,
    display: `${n} name${n === 1 ? '' : 's'} in space ${space}`,
    missing: 'no such name',
    members: [...Object.keys(BY_RIGHT), 'secureExec'],
    member: (name) => {
      if (name === 'secureExec') return secureExecValue(state, task, `${path}.secureExec`);
      const keep = BY_RIGHT[name];
      if (!keep) return undefined;
      const rows = s.entries.values().filter(keep).map((e) => portRow(state, task, space, e, path));
      return list('port names', rows, { path: `${path}.${name}`, display: rows.length ? rows.map((r) => r.display.replace(/^name /, '').replace(/:.*$/, '')).join(' ') : '(none)' });
    },
  });
}

/** `ports(shell).secureExec`: the send rights a secure exec by this task would pass to the new program. */
function secureExecValue(state: KernelState, task: Task, path: string): QValue {
  const rows = rightsReachingSecureExec(state, task);
  const asIs = rows.filter((r) => r.fate === 'as it is').length;
  return list('rights reaching a secure exec', rows.map((r, i) => str(reachingRightText(state, task, r), { path: indexPath(path, i), type: r.fate === 'as it is' ? 'right passed as it is' : 'right reauthenticated' })), {
    path,
    display: rows.length ? `${rows.length} right${rows.length === 1 ? '' : 's'}${asIs ? `, ${asIs} with the caller's identity` : ''}` : '(none)',
  });
}

function moveText(m: RightMove): string {
  return `${m.what}: ${m.disposition} ${m.from || 'MACH_PORT_NULL'} → ${m.to || 'MACH_PORT_NULL'}`;
}

function messageValue(e: RpcRequestEvent | RpcReplyEvent): QValue {
  const request = e.kind === 'hurd-rpc';
  return record('rpc message', `${e.rpc} ${request ? 'request' : 'reply'}: ${e.from.label} → ${e.to.label}`, () => [
    { name: 'rpc', value: str(e.rpc) },
    { name: 'from', value: str(e.from.label) },
    { name: 'to', value: str(e.to.label) },
    ...(request ? [{ name: 'destination', value: str(`${(e as RpcRequestEvent).dest.label} (name ${(e as RpcRequestEvent).dest.name})`) }] : [{ name: 'result', value: str((e as RpcReplyEvent).result) }]),
    { name: request ? 'arguments' : 'out', value: list('message data', (request ? (e as RpcRequestEvent).args : (e as RpcReplyEvent).out).map((a) => str(a)), { display: `${(request ? (e as RpcRequestEvent).args : (e as RpcReplyEvent).out).length} items` }) },
    { name: 'rights', value: list('rights carried', e.rights.map((m) => str(moveText(m), { type: 'right move' })), { display: e.rights.length ? `${e.rights.length} rights` : '(none)' }) },
    { name: 'call', value: num(e.call, { type: 'rpc call' }) },
  ]);
}

/** The innermost RPC whose reply has not come yet, looking back to where the statement started. */
function inFlight(event: SimEvent, earlier: (seq: number) => SimEvent): RpcRequestEvent | RpcReplyEvent | undefined {
  if (event.kind === 'hurd-reply' || event.kind === 'hurd-rpc') return event;
  const replied = new Set<number>();
  for (let i = event.seq - 1; i >= 0; i--) {
    const e = earlier(i);
    if (e.kind === 'action-started') return undefined;
    if (e.kind === 'hurd-reply') replied.add(e.call);
    else if (e.kind === 'hurd-rpc' && !replied.has(e.call)) return e;
  }
  return undefined;
}

function execServer(state: KernelState): Section | undefined {
  const w = state.ext.hurd;
  if (!w) return undefined;
  const info = w.servers.get(w.exec);
  const boots = renderBootinfos(state);
  return {
    name: 'Exec server',
    value: record('exec server', `${info?.serving ? 'serving /servers/exec' : 'not serving yet'}, ${boots.length} bootinfo${boots.length === 1 ? '' : 's'}`, () => [
      { name: 'serving', value: bool(info?.serving === true) },
      {
        name: 'standardData',
        value: info?.std
          ? str(`ports [${info.std.ports.join(' ')}] ints [${info.std.ints.join(' ')}]`, { type: 'exec_setexecdata' })
          : none('not set (a secure exec fails with EIEIO)', { type: 'exec_setexecdata' }),
      },
      { name: 'bootinfos', value: list('bootinfos', boots.map((b) => str(b)), { display: boots.length ? `${boots.length}` : '(none)' }) },
    ]),
  };
}

export const hurdInspector: StateInspector = {
  ownsTaskState: true,

  setCloexec(state: KernelState, pid: Pid, fd: number, cloexec: boolean): KernelState {
    const h = state.tasks.get(pid)?.ext.hurd;
    const hfd = h?.glibc?.dtable.get(fd);
    return hfd ? setFd(state, pid, fd, { ...hfd, cloexec }) : state;
  },

  portNamespace: (state, task, path) => portNamespace(state, task, path),

  taskSections(state, pid) {
    const task = state.tasks.get(pid);
    if (!task?.ext.hurd) return [];
    const name = state.names[task.name] === pid ? task.name : `task(${pid})`;
    const ns = portNamespace(state, task, `ports(${name})`);
    const g = task.ext.hurd.glibc;
    const out: Section[] = [];
    if (ns) out.push({ name: 'Port namespace', value: ns });
    if (g) out.push({ name: 'Rights a secure exec would pass', value: secureExecValue(state, task, `ports(${name}).secureExec`) });
    if (g) {
      out.push({
        name: 'glibc',
        value: record('glibc state', `exec flags ${execFlagsText(g.execFlags)}`, () => [
          { name: 'initPorts', value: list('init ports', g.ports.map((n, i) => str(`${['CWDIR', 'CRDIR', 'AUTH', 'PROC', 'CTTYID', 'BOOTSTRAP'][i]} = ${n || 'MACH_PORT_NULL'}`)), { display: `[${g.ports.join(' ')}]` }) },
          { name: 'dtable', value: list('dtable', g.dtable.entries().map(([fd, d]) => str(`${fd} = name ${d.port}${d.ctty ? `, ctty ${d.ctty}` : ''}${d.cloexec ? ', FD_CLOEXEC' : ''}`)), { display: `${g.dtable.size} descriptors` }) },
          { name: 'execFlags', value: str(execFlagsText(g.execFlags)) },
          { name: 'traced', value: bool(g.traced) },
          { name: 'msgport', value: num(g.msgport, { type: 'port name' }) },
          { name: 'taskSelf', value: num(g.taskSelf, { type: 'port name' }) },
        ]),
      });
    }
    return out;
  },

  eventSections(_state, event, earlier) {
    const m = inFlight(event, earlier);
    return m ? [{ name: m.kind === 'hurd-rpc' ? 'Message in flight' : 'Reply in flight', value: messageValue(m) }] : [];
  },

  systemSections(state) {
    const s = execServer(state);
    return s ? [s] : [];
  },

  secureExecStart(_before, after, event) {
    const task = secureStartOf(after, event);
    if (!task) return undefined;
    const mm = after.mms.get(task.mm);
    return { pid: task.pid, image: mm?.image ?? null, flag: 'EXEC_SECURE' };
  },

  secureExecLeaks(_before, after, event) {
    const task = secureStartOf(after, event);
    return task ? unauthenticatedRights(after, task) : [];
  },
};
