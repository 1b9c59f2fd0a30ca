/**
 * The new program's own startup (SEEDS 003): it reads the stack area exec
 * wrote, deallocates the old program's handles itself (same pid, so no server
 * saw a task die), reauthenticates, and rebuilds its fd table from the words.
 * A secure program trusts nothing in the words.
 */
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { basename } from '../../model/filesystem.js';
import type { Pid } from '../../model/state.js';
import { openNew } from '../common/fd-ops.js';
import { updateTask } from '../common/process-ops.js';
import { deallocateHandle, handleById, party, rpc } from './ops.js';
import { l4task, serverName, withL4Task } from './state.js';

function credsOfAuth(object: string): { euid: number; egid: number } | undefined {
  const m = /^uid (\d+) gid (\d+)$/.exec(object);
  return m ? { euid: Number(m[1]), egid: Number(m[2]) } : undefined;
}

export function newTaskInit(k: Kernel, pid: Pid): void {
  const task = taskOf(k.state, pid);
  const area = l4task(k.state, pid).stack!;
  const me = party(k, 'new program', pid);
  k.actor('new-program', `${basename(task.exe ?? 'program')} startup`, pid, task.leader, () =>
    k.phase('l4hurd.newtask_init', () => {
      k.note(`reads the stack area: ${area.words.fds.length} fd(s) to set up, ${area.words.dealloc.length} old handle(s) to deallocate, secure ${area.secure}`);
      k.pc(2);
      if (area.words.dealloc.length) {
        k.note('these servers get no task-death notification for an exec (same pid): the new task deallocates the old handles itself; an unresponsive server can only hang this task (SEEDS 003)');
      }
      for (const id of area.words.dealloc) {
        const h = handleById(k, pid, id);
        if (!h) continue;
        rpc(k, me, serverName(h.server), `deallocate handle #${id} (${h.use} of the old program)`);
        deallocateHandle(k, pid, id);
      }
      if (area.secure) {
        k.pc(3);
        secureStartup(k, pid, me);
      }
      k.pc(4);
      for (const { fd, handle } of area.words.fds) {
        const h = handleById(k, pid, handle);
        if (!h?.file) continue;
        openNew(k, pid, fd, h.file.target, h.file.access, false, 'startup', [], `fd ${fd} set up from handle #${handle} (${h.server}:${h.object})`);
      }
      k.pc(5);
      k.note(`jumps to ${area.entry}`);
    }),
  );
}

/** Nothing in the words is trusted: the auth comes from exec's stack data, every kept handle is reauthenticated. */
function secureStartup(k: Kernel, pid: Pid, me: string): void {
  const area = l4task(k.state, pid).stack!;
  k.note('secure: the words are not trusted; the credentials come from the auth handle exec put on the stack');
  const oldAuth = area.words.ports.find((p) => p.use === 'auth');
  if (oldAuth) {
    rpc(k, me, 'auth', `deallocate handle #${oldAuth.handle} (the old program's auth)`);
    deallocateHandle(k, pid, oldAuth.handle);
  }
  const auth = area.auth !== null ? handleById(k, pid, area.auth) : undefined;
  if (auth) {
    k.change(withL4Task(k.state, pid, (t) => ({ ...t, handles: t.handles.map((h) => (h.id === auth.id ? { ...h, use: 'auth' } : h)) })), {
      kind: 'note',
      text: `handle #${auth.id} (${auth.object}) is the program's auth now`,
    });
    const ids = credsOfAuth(auth.object);
    const before = taskOf(k.state, pid).creds;
    if (ids) {
      const after = { ...before, euid: ids.euid, suid: ids.euid, fsuid: ids.euid, egid: ids.egid, sgid: ids.egid, fsgid: ids.egid };
      k.change(updateTask(k.state, pid, (t) => ({ ...t, creds: after })), { kind: 'creds-changed', pid, before, after });
    }
  }
  const kept = [...area.words.fds.map((f) => f.handle), ...area.words.ports.filter((p) => p.use === 'cwd' || p.use === 'root').map((p) => p.handle)];
  for (const id of kept) {
    const h = handleById(k, pid, id);
    if (!h) continue;
    rpc(k, me, serverName(h.server), `reauthenticate handle #${id} (${h.use}) with the new auth`);
    k.emit({ kind: 'l4hurd-handle', pid, handle: id, server: h.server, object: h.object, change: 'reauthenticated' });
  }
  k.note('open question: which root directory a secure program should use is not said in the proposal (L4DOC later: the one the filesystem gives); the simulator keeps the caller\'s');
}
