/**
 * The proc server (HURD proc/mgt.c, proc/info.c): one process port per
 * process, pids for tasks, and proc_reauthenticate_reassign, which moves a
 * pid onto a new task and gives the process a new port (the old one dies).
 */
import type { Kernel } from '../../engine/kernel.js';
import type { KernelState, Pid } from '../../model/state.js';
import { fdTableOf, putFdTable } from '../../model/fds.js';
import { putMm } from '../common/process-ops.js';
import { handshake } from './auth.js';
import { dealloc, destroy, party, rpc, spaceLabel } from './ipc.js';
import { createPort, entryOf, insertSend, nameOf, portOf, withWorld, worldOf } from './mach-ports.js';
import { createProcess, machTaskOf, setMachTask, type ProcessSpec } from './tasks.js';
import type { HurdWorld, PortName, ProcRecord, SpaceId } from './state.js';
import { terminateMachTask } from './task-ops.js';

export function procRecord(w: HurdWorld, pid: Pid): ProcRecord {
  const r = w.procs.get(pid);
  if (!r) throw new Error(`internal: proc has no process ${pid}`);
  return r;
}

function recordByTask(w: HurdWorld, space: SpaceId): ProcRecord | undefined {
  const pid = w.tasks.get(space)?.pid;
  return pid === null || pid === undefined ? undefined : w.procs.get(pid);
}

/** A process (core Task) for a Mach task, with its proc record and process port in proc's space. */
export function newProcess(state: KernelState, spec: ProcessSpec, pid?: Pid): [KernelState, Pid] {
  const [s, p] = createProcess(state, spec, pid);
  return [registerProcess(s, p, spec.space), p];
}

/** proc's record and process port for an existing process. */
export function registerProcess(state: KernelState, pid: Pid, space: SpaceId): KernelState {
  let w = worldOf(state);
  let port;
  const name = state.tasks.get(pid)?.name ?? '';
  [w, port] = createPort(w, { kind: 'proc', pid }, `proc ${name}(${pid})`, w.proc);
  // proc keeps a send right to the process's task (p->p_task).
  [w] = insertSend(w, w.proc, machTaskOf(w, space).port);
  const rec: ProcRecord = { pid, port, task: space, msgport: 0, parentSet: false, exe: null, execed: false, stopped: null };
  return withWorld(state, { ...w, procs: w.procs.set(pid, rec) });
}

/** The task a name in `space` denotes (a task port), or null. */
function taskAt(k: Kernel, space: SpaceId, name: PortName): SpaceId | null {
  const w = worldOf(k.state);
  const e = entryOf(w, space, name);
  if (!e) return null;
  const p = portOf(w, e.port);
  return p.object.kind === 'task' ? p.object.task : null;
}

/** The process a process port denotes. */
function procAt(k: Kernel, space: SpaceId, name: PortName): ProcRecord | null {
  const w = worldOf(k.state);
  const e = entryOf(w, space, name);
  if (!e) return null;
  const p = portOf(w, e.port);
  return p.object.kind === 'proc' && p.receiver ? (w.procs.get(p.object.pid) ?? null) : null;
}

/** proc_task2proc: a send right to the process port of the task's process. */
export function procTask2proc(k: Kernel, from: SpaceId, proc: PortName, task: PortName): PortName {
  return rpc(k, { from, dest: proc, rpc: 'proc_task2proc', rights: [{ what: 'task', name: task, disposition: 'COPY_SEND' }] }, (req) => {
    const t = taskAt(k, req.space, req.names[0]!);
    const rec = t === null ? undefined : recordByTask(worldOf(k.state), t);
    if (!rec) k.fail('ESRCH', 'proc knows no process for that task');
    dealloc(k, req.space, req.names[0]!, 'proc is done with the task port');
    const w = worldOf(k.state);
    const name = (portOf(w, rec.port).receiver as { name: PortName }).name;
    return { value: rec.pid, out: [`proc ${rec.pid}`], rights: [{ what: 'proc', name, disposition: 'MAKE_SEND' }] };
  }).names[0]!;
}

/** proc_task2pid. */
export function procTask2pid(k: Kernel, from: SpaceId, proc: PortName, task: PortName): Pid {
  return rpc(k, { from, dest: proc, rpc: 'proc_task2pid', rights: [{ what: 'task', name: task, disposition: 'COPY_SEND' }] }, (req) => {
    const t = taskAt(k, req.space, req.names[0]!);
    const rec = t === null ? undefined : recordByTask(worldOf(k.state), t);
    if (!rec) k.fail('ESRCH', 'proc knows no process for that task');
    dealloc(k, req.space, req.names[0]!, 'proc is done with the task port');
    return { value: rec.pid, out: [String(rec.pid)] };
  }).value;
}

function updateRecord(k: Kernel, pid: Pid, fn: (r: ProcRecord) => ProcRecord, detail: string): void {
  const w = worldOf(k.state);
  k.change(withWorld(k.state, { ...w, procs: w.procs.set(pid, fn(procRecord(w, pid))) }), { kind: 'note', text: detail });
}

/** proc_child: the task's process becomes the caller's child (once: EBUSY after). */
export function procChild(k: Kernel, from: SpaceId, proc: PortName, child: PortName): void {
  rpc(k, { from, dest: proc, rpc: 'proc_child', rights: [{ what: 'child', name: child, disposition: 'COPY_SEND' }] }, (req) => {
    const parent = procAt(k, from, proc);
    if (!parent) k.fail('EOPNOTSUPP', 'not a process port');
    const t = taskAt(k, req.space, req.names[0]!);
    const rec = t === null ? undefined : recordByTask(worldOf(k.state), t);
    if (!rec) k.fail('ESRCH', 'proc knows no process for that task');
    if (rec.parentSet) k.fail('EBUSY', `process ${rec.pid} already has its parent`);
    dealloc(k, req.space, req.names[0]!, 'proc is done with the task port');
    updateRecord(k, rec.pid, (r) => ({ ...r, parentSet: true }), `proc: process ${rec.pid} is now a child of ${parent.pid}`);
    const t2 = k.state.tasks.get(rec.pid)!;
    k.change({ ...k.state, tasks: k.state.tasks.set(rec.pid, { ...t2, ppid: parent.pid }) }, { kind: 'task-changed', pid: rec.pid, field: 'ppid', from: String(t2.ppid), to: String(parent.pid) });
    return { value: undefined };
  });
}

/** One of proc's simple bookkeeping routines on the caller's process. */
export function procCall(k: Kernel, from: SpaceId, proc: PortName, name: string, args: readonly string[], apply?: (r: ProcRecord) => ProcRecord): void {
  rpc(k, { from, dest: proc, rpc: name, args }, () => {
    const rec = procAt(k, from, proc);
    if (!rec) k.fail('EOPNOTSUPP', 'not a live process port');
    if (apply) updateRecord(k, rec.pid, apply, `proc: ${name} for ${rec.pid}`);
    return { value: undefined };
  });
}

/** proc_setowner: kept for compatibility, always EOPNOTSUPP (proc/mgt.c). */
export function procSetowner(k: Kernel, from: SpaceId, proc: PortName, owner: number): void {
  rpc(k, { from, dest: proc, rpc: 'proc_setowner', args: [String(owner)] }, () => k.fail('EOPNOTSUPP', 'proc_setowner no longer does anything'));
}

/** proc_setmsgport: proc keeps a send right to the message port; the old one comes back. */
export function procSetmsgport(k: Kernel, from: SpaceId, proc: PortName, msgport: PortName): PortName {
  const answer = rpc(k, { from, dest: proc, rpc: 'proc_setmsgport', rights: [{ what: 'msgport', name: msgport, disposition: 'MAKE_SEND' }] }, (req) => {
    const rec = procAt(k, from, proc);
    if (!rec) k.fail('EOPNOTSUPP', 'not a live process port');
    const old = rec.msgport;
    updateRecord(k, rec.pid, (r) => ({ ...r, msgport: req.names[0]! }), `proc: process ${rec.pid} has a new message port`);
    const e = old ? entryOf(worldOf(k.state), req.space, old) : undefined;
    if (e && e.dead > 0) {
      // The old message port died with the old image: what goes back is MACH_PORT_DEAD.
      dealloc(k, req.space, old, 'the old message port is a dead name');
      return { value: 0, out: ['oldmsgport MACH_PORT_DEAD'] };
    }
    return { value: old, rights: old ? [{ what: 'oldmsgport', name: old, disposition: 'MOVE_SEND' as const }] : [] };
  });
  return answer.names[0] ?? 0;
}

/**
 * proc_reauthenticate (exec_reauth's `isproc` case): proc makes a new port for
 * the process, meets the user at the auth server, waits for
 * proc_reauthenticate_complete on the new port, then replaces the process
 * port: the old one is destroyed, so every holder's name for it goes dead.
 */
export function procReauthenticate(k: Kernel, client: SpaceId, proc: PortName, auth: PortName, reassign?: { task: PortName }): PortName {
  let w = worldOf(k.state);
  const rec = procAt(k, client, proc);
  if (!rec) k.fail('EOPNOTSUPP', 'not a live process port');
  let ref: PortName;
  [w, , ref] = createPort(w, { kind: 'plain' }, `rendezvous of ${spaceLabel(k, w, client)}`, client);
  k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'allocate', space: client, pid: party(k, client).pid, names: [ref], detail: `mach_reply_port ${ref}: rendezvous for proc` });
  const procSpace = w.proc;
  const rpcName = reassign ? 'proc_reauthenticate_reassign' : 'proc_reauthenticate';
  let newName: PortName = 0;
  rpc(
    k,
    {
      from: client,
      dest: proc,
      rpc: rpcName,
      oneway: true,
      rights: [{ what: 'rendezvous', name: ref, disposition: 'MAKE_SEND' }, ...(reassign ? [{ what: 'new_task', name: reassign.task, disposition: 'COPY_SEND' as const }] : [])],
    },
    (req) => {
      let stub: ProcRecord | undefined;
      if (reassign) {
        const t = taskAt(k, req.space, req.names[1]!);
        stub = t === null ? undefined : recordByTask(worldOf(k.state), t);
        if (!stub) k.fail('ESRCH', 'proc knows no process for the new task');
        if (stub.pid === rec.pid) k.fail('EINVAL', 'the new task is already this process\'s');
      }
      let w2 = worldOf(k.state);
      let newport: PortName;
      [w2, , newport] = createPort(w2, { kind: 'proc', pid: rec.pid }, `proc ${k.state.tasks.get(rec.pid)?.name ?? ''}(${rec.pid})`, procSpace);
      k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'allocate', space: procSpace, pid: party(k, procSpace).pid, names: [newport], detail: `mach_reply_port: the new port for process ${rec.pid}` });
      const procAuth = w2.servers.get(procSpace)?.authPort ?? 0;
      const { name } = handshake(k, { client, clientAuth: auth, clientRef: ref, server: procSpace, serverAuth: procAuth, serverRef: req.names[0]!, newport });
      newName = name;
      // The user calls proc_reauthenticate_complete on the new port; proc receives it there.
      rpc(k, { from: client, dest: name, rpc: 'proc_reauthenticate_complete', oneway: true }, () => ({ value: undefined }));
      dealloc(k, procSpace, req.names[0]!, 'proc is done with the rendezvous');
      w2 = worldOf(k.state);
      const newPortId = entryOf(w2, procSpace, newport)!.port;
      if (stub) reassignTask(k, rec, stub, req.names[1]!);
      // ports_reallocate_from_external: the process gets the new port; the old receive right is destroyed.
      const oldName = (portOf(w2, rec.port).receiver as { name: PortName }).name;
      w2 = worldOf(k.state);
      const oldMsgport = procRecord(w2, rec.pid).msgport;
      if (stub && oldMsgport !== 0) {
        dealloc(k, procSpace, oldMsgport, `the message port of process ${rec.pid}'s old image (p_deadmsg)`);
        w2 = worldOf(k.state);
      }
      k.change(withWorld(k.state, { ...w2, procs: w2.procs.set(rec.pid, { ...procRecord(w2, rec.pid), port: newPortId, ...(stub ? { msgport: 0 } : {}) }) }), {
        kind: 'note',
        text: `proc: process ${rec.pid} now answers on its new port; the old process port is destroyed`,
      });
      destroy(k, procSpace, oldName, `process ${rec.pid}'s old port (ports_reallocate_from_external)`);
      return { value: undefined };
    },
  );
  destroy(k, client, ref, 'the rendezvous is no longer needed');
  return newName;
}

/**
 * S_proc_reauthenticate_reassign's core: the process takes the stub's task
 * (its threads, memory and fd table), proc terminates the old task, and the
 * stub process is destroyed and reaped.
 */
function reassignTask(k: Kernel, rec: ProcRecord, stub: ProcRecord, newTaskName: PortName): void {
  const procSpace = worldOf(k.state).proc;
  dealloc(k, procSpace, newTaskName, 'proc is done with the new task port');
  const s0 = k.state;
  const target = s0.tasks.get(rec.pid)!;
  const stubTask = s0.tasks.get(stub.pid)!;
  const oldFds = fdTableOf(s0, rec.pid).slots.keys();
  // What the old task had goes with it.
  let s = putFdTable(s0, target.files);
  s = putMm(s, target.mm);
  let w = worldOf(s);
  w = setMachTask(w, { ...machTaskOf(w, rec.task), pid: null });
  w = setMachTask(w, { ...machTaskOf(w, stub.task), pid: rec.pid });
  w = { ...w, procs: w.procs.set(rec.pid, { ...procRecord(w, rec.pid), task: stub.task }).delete(stub.pid) };
  const moved = {
    ...target,
    threads: stubTask.threads,
    leader: stubTask.leader,
    files: stubTask.files,
    mm: stubTask.mm,
    ext: { ...target.ext, hurd: { ...target.ext.hurd!, task: stub.task, glibc: null } },
  };
  const names = { ...s.names };
  delete names[stubTask.name];
  s = { ...s, tasks: s.tasks.set(rec.pid, moved).delete(stub.pid), names };
  k.change(withWorld(s, w), {
    kind: 'pid-changed',
    from: stub.pid,
    to: rec.pid,
    reason: `proc_reauthenticate_reassign: pid ${rec.pid} now is the new task; the stub process ${stub.pid} is destroyed`,
  });
  for (const t of target.threads) k.emit({ kind: 'thread-killed', pid: rec.pid, tid: t.tid, reason: 'its task is terminated by proc' });
  if (oldFds.length) k.emit({ kind: 'fd-closed', pid: rec.pid, fds: oldFds, reason: 'killed' });
  const oldTaskPort = machTaskOf(worldOf(k.state), rec.task).port;
  terminateMachTask(k, rec.task, `proc_reauthenticate_reassign: process ${rec.pid} left it`);
  const oldTaskName = nameOf(worldOf(k.state), procSpace, oldTaskPort);
  if (oldTaskName !== undefined) dealloc(k, procSpace, oldTaskName, `proc drops the old task of process ${rec.pid} (p->p_task)`);
  // ports_destroy_right(stubp): the stub's process port dies.
  const w2 = worldOf(k.state);
  const stubPort = portOf(w2, stub.port);
  if (stubPort.receiver && stubPort.receiver !== 'kernel') destroy(k, procSpace, stubPort.receiver.name, `stub process ${stub.pid} is gone`);
}

/** proc_pid2task: the task port of a process the caller owns (or any, for root). */
export function procPid2task(k: Kernel, from: SpaceId, proc: PortName, pid: Pid): PortName {
  return rpc(k, { from, dest: proc, rpc: 'proc_pid2task', args: [String(pid)] }, (req) => {
    const me = procAt(k, from, proc);
    if (!me) k.fail('EOPNOTSUPP', 'not a live process port');
    const w = worldOf(k.state);
    const target = w.procs.get(pid);
    if (!target) k.fail('ESRCH', `no process ${pid}`);
    const mine = k.state.tasks.get(me.pid)!.creds;
    const theirs = k.state.tasks.get(pid)!.creds;
    if (mine.euid !== 0 && mine.euid !== theirs.euid) k.fail('EPERM', `process ${me.pid} (euid ${mine.euid}) does not own process ${pid} (euid ${theirs.euid})`);
    const name = nameOf(w, req.space, machTaskOf(w, target.task).port);
    if (name === undefined) k.fail('ESRCH', `proc holds no task port for ${pid}`);
    return { value: undefined, out: [`task of ${pid}`], rights: [{ what: 'task', name, disposition: 'COPY_SEND' as const }] };
  }).names[0]!;
}
