/**
 * The L4-Hurd world before the first action: the system servers as tasks of
 * their own, and for each scenario task the handles it holds (one per fd, its
 * cwd, root, auth and proc) and the holders of its task object (itself, and
 * its parent when the parent is in the scenario).
 */
import { IntMap } from '../../persistent/int-map.js';
import { descriptionOf, newFdTable, targetName } from '../../model/fds.js';
import type { AddressSpace, KernelState, Pid, Task } from '../../model/state.js';
import type { L4Handle, L4Holder, L4Server, L4WorldState } from './state.js';
import { serverName } from './state.js';

const SERVERS: readonly L4Server[] = ['task', 'exec', 'fs', 'auth', 'proc'];

function serverTask(state: KernelState, server: L4Server, pid: Pid): KernelState {
  const [s, files] = newFdTable(state, IntMap.empty());
  const mmId = s.next.mm;
  const mm: AddressSpace = { id: mmId, image: null, mappings: [], argv: [serverName(server)], envp: [], auxv: {}, variables: {}, users: 1 };
  const task: Task = {
    pid,
    ppid: 0,
    name: serverName(server),
    comm: server,
    exe: null,
    kind: 'user',
    leader: pid,
    threads: [{ tid: pid, name: 'main', blocked: [], run: { state: 'running' } }],
    creds: { uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [] },
    noNewPrivs: false,
    ptraced: false,
    cwd: '/',
    root: '/',
    umask: 0o022,
    files,
    mm: mmId,
    signals: { dispositions: {}, pending: [] },
    rlimits: { stack: 8 * 1024 * 1024, nproc: null },
    nprocExceeded: false,
    capabilityMode: false,
    status: { state: 'running' },
    vforkParent: null,
    ext: {},
  };
  return { ...s, mms: s.mms.set(mmId, mm), tasks: s.tasks.set(pid, task), next: { ...s.next, mm: mmId + 1 } };
}

export function initializeL4Hurd(state: KernelState): KernelState {
  const clients: Task[] = [];
  state.tasks.forEach((t) => void clients.push(t));
  let s = state;
  let pid = s.next.pid;
  const servers = {} as Record<L4Server, Pid>;
  for (const server of SERVERS) {
    servers[server] = pid;
    s = serverTask(s, server, pid++);
  }
  s = { ...s, next: { ...s.next, pid } };

  let nextHandle = 1;
  const handle = (server: L4Server, object: string, use: string, file?: L4Handle['file']): L4Handle => ({ id: nextHandle++, server, object, use, ...(file ? { file } : {}) });
  for (const task of clients) {
    const handles: L4Handle[] = [];
    s.fdTables.get(task.files)!.slots.forEach((slot, fd) => {
      const d = descriptionOf(s, slot.desc);
      handles.push(handle('fs', targetName(d.target), `fd ${fd}`, { target: d.target, access: d.access }));
    });
    handles.push(handle('fs', task.cwd, 'cwd'), handle('fs', task.root, 'root'));
    handles.push(handle('auth', `uid ${task.creds.euid} gid ${task.creds.egid}`, 'auth'));
    handles.push(handle('proc', `pid ${task.pid}`, 'proc'));
    const holders: L4Holder[] = [{ name: task.name, pid: task.pid }];
    const parent = clients.find((c) => c.pid === task.ppid && c.pid !== task.pid);
    if (parent) holders.push({ name: parent.name, pid: parent.pid });
    s = {
      ...s,
      tasks: s.tasks.set(task.pid, { ...task, ext: { ...task.ext, l4hurd: { handles, holders, suspended: false, stack: null } } }),
    };
  }
  const world: L4WorldState = { servers, nextHandle, execHolds: [], execCalls: [] };
  return { ...s, ext: { ...s.ext, l4hurd: world } };
}
