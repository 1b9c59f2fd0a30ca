/**
 * execve in the C library of the proposal (SEEDS 003): the caller looks the
 * file up itself, packs the words, calls exec through the file; when exec
 * says a script needs its interpreter, the caller looks the interpreter up in
 * its own namespace and calls again. Then the new task starts up.
 */
import type { Outcome } from '../../engine/events.js';
import type { Kernel } from '../../engine/kernel.js';
import { taskOf } from '../../model/fds.js';
import { lookup, pathOf } from '../../model/filesystem.js';
import type { Pid } from '../../model/state.js';
import type { ActionContext } from '../personality.js';
import type { ExecFileRef, ExecReply } from './exec-server.js';
import { fileExec } from './file-exec.js';
import { newTaskInit } from './new-task.js';
import { party, rpc } from './ops.js';
import { l4task, type L4Words } from './state.js';

/** The proposal sets no limit on interpreter rounds; the simulator stops a runaway chain here. */
export const MAX_ROUNDS = 6;

function lookUp(k: Kernel, pid: Pid, path: string, what: string): ExecFileRef {
  const task = taskOf(k.state, pid);
  const res = lookup(k.state.fs, path, { base: task.cwd, root: task.root, creds: task.creds, followFinal: true });
  if (!res.ok) k.fail(res.errno, `${what}: ${res.detail}`);
  const abs = pathOf(k.state.fs, res.ino);
  k.note(`${what} ${path} found in ${task.name}'s own namespace (root ${task.root}): ${abs}`);
  return { ino: res.ino, path: abs };
}

/** The words: what the new program needs from the old one, in a format only they interpret. */
function packWords(k: Kernel, pid: Pid, argv: readonly string[], envp: readonly string[]): L4Words {
  const task = taskOf(k.state, pid);
  const handles = l4task(k.state, pid).handles;
  const fds: { fd: number; handle: number }[] = [];
  const dealloc: number[] = [];
  k.state.fdTables.get(task.files)!.slots.forEach((slot, fd) => {
    const h = handles.find((x) => x.use === `fd ${fd}`);
    if (!h) return;
    if (slot.cloexec) dealloc.push(h.id);
    else fds.push({ fd, handle: h.id });
  });
  const ports = ['cwd', 'root', 'auth', 'proc'].flatMap((use) => {
    const h = handles.find((x) => x.use === use);
    return h ? [{ use, handle: h.id }] : [];
  });
  return { argv, envp, fds, ports, dealloc };
}

export function execveL4Action(k: Kernel, ctx: ActionContext): Outcome {
  const a = ctx.action;
  if (a.call !== 'execve') throw new Error('internal');
  const { pid, tid } = ctx;
  const envp = a.envp ?? [];
  let path = a.path;
  let argv: readonly string[] = a.argv;
  const started = k.actor('glibc', `execve ${a.path}`, pid, tid, () => {
    for (let round = 1; ; round++) {
      const reply: ExecReply = k.phase('l4hurd.call', () => {
        if (round > MAX_ROUNDS) k.fail('ELOOP', `more than ${MAX_ROUNDS} rounds of script interpreters (a limit of the simulator; the proposal sets none)`);
        const file = lookUp(k, pid, path, round === 1 ? 'executable' : 'interpreter');
        k.pc(2);
        const words = packWords(k, pid, argv, envp);
        k.pc(4);
        rpc(k, party(k, 'glibc', pid), 'fs', `file_exec ${file.path} with task ${pid}`);
        return fileExec(k, pid, file, words);
      });
      if (reply.kind === 'started') return reply;
      ({ path, argv } = k.phase('l4hurd.interp_lookup', () => {
        k.note(`exec returned: ${reply.script} needs the interpreter ${reply.interpreter}; ${taskOf(k.state, pid).name} looks it up itself`);
        k.pc(2);
        const next = [reply.interpreter, reply.script, ...argv.slice(1)];
        k.note(`argv for the interpreter: ${JSON.stringify(next)} (the shape a Unix exec gives; the proposal leaves the interpreter's arguments open)`);
        k.pc(3);
        return { path: reply.interpreter, argv: next };
      }));
    }
  });
  newTaskInit(k, pid);
  return { ok: true, detail: `now running ${started.path}` };
}
