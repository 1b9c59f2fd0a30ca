/**
 * The exec server of the proposal (SEEDS 003): it receives the file, the task
 * object, the flags and the caller's words; it never calls a port the caller
 * could have supplied (interpreters of non-secure scripts go back to the
 * caller), suspends and trashes the task, loads the image, writes everything
 * the new program needs on its stack, starts it, and keeps nothing.
 */
import type { Kernel } from '../../engine/kernel.js';
import { newFdTable, putFdTable, taskOf } from '../../model/fds.js';
import { basename, inodeAt, lookup, pathOf } from '../../model/filesystem.js';
import type { AddressSpace, Ino, Pid } from '../../model/state.js';
import type { ElfContent } from '../../scenario/scenario.js';
import { IntMap } from '../../persistent/int-map.js';
import { putMm, updateTask } from '../common/process-ops.js';
import { execCall, grantHolder, removeHolder, setExecHolds } from './ops.js';
import { l4task, withL4Task, wordsText, type L4StackArea, type L4Words } from './state.js';
import { parseHashbang } from './hashbang.js';

export interface ExecFileRef {
  readonly ino: Ino;
  /** Absolute path of the file in the one filesystem of the simulation. */
  readonly path: string;
}

export interface ExecRequest {
  /** The target task: the caller's own. */
  readonly pid: Pid;
  readonly file: ExecFileRef;
  readonly words: L4Words;
  readonly secure: boolean;
  /** The new auth handle the filesystem made for a secure exec. */
  readonly auth: number | null;
}

export type ExecReply =
  | { readonly kind: 'interpreter'; readonly interpreter: string; readonly arg?: string; readonly script: string }
  | { readonly kind: 'started'; readonly path: string };

/** What the header check found: the image to load and its program interpreter. */
interface Image {
  readonly file: ExecFileRef;
  readonly elf: ElfContent;
  readonly interp: string | null;
}

/** The simulated stack of a new program (8 MiB, like a default stack rlimit). */
const STACK_SIZE = 8 * 1024 * 1024;

function execRoot(k: Kernel, path: string, what: string): ExecFileRef {
  execCall(k, 'fs', `dir_lookup ${path} from exec's own root (${what})`);
  const res = lookup(k.state.fs, path, { base: '/', root: '/', creds: taskOf(k.state, k.state.ext.l4hurd!.servers.exec).creds, followFinal: true });
  if (!res.ok) k.fail(res.errno, `${what} ${path} is not in exec's own root filesystem: ${res.detail}`);
  return { ino: res.ino, path: pathOf(k.state.fs, res.ino) };
}

function checkElf(k: Kernel, file: ExecFileRef): ElfContent {
  const c = inodeAt(k.state.fs, file.ino).content;
  if (c?.type !== 'elf') k.fail('ENOEXEC', `${file.path} is neither a #! script nor an ELF file`);
  if (c.corrupt) k.fail('ENOEXEC', `${file.path} has a broken ELF header`);
  if (c.machine !== k.state.machine.arch) k.fail('ENOEXEC', `${file.path} is a ${c.machine} binary; this machine is ${k.state.machine.arch}`);
  return c;
}

/** exec_exec as the proposal has it; returns to the filesystem, which returns to the caller. */
export function execServer(k: Kernel, req: ExecRequest): ExecReply {
  const w = k.state.ext.l4hurd!;
  const task = taskOf(k.state, req.pid);
  return k.actor('exec-server', `exec_exec ${req.file.path}${req.secure ? ' (secure)' : ''}`, w.servers.exec, w.servers.exec, () => {
    grantHolder(k, req.pid, 'exec server', w.servers.exec);
    setExecHolds(k, [`send right on the task object of pid ${req.pid}`], 'exec holds the task object only while this call runs');
    try {
      const checked = k.phase('l4hurd.script_check', () => scriptCheck(k, req));
      if (checked.kind === 'interpreter') return checked;
      const image = checked.image;
      k.phase('l4hurd.suspend', () => {
        execCall(k, 'task', `task_suspend pid ${req.pid}`);
        k.change(withL4Task(k.state, req.pid, (t) => ({ ...t, suspended: true })), { kind: 'task-changed', pid: req.pid, field: 'state', from: 'running', to: 'suspended' });
      });
      k.phase('l4hurd.secure_revoke', () => secureRevoke(k, req));
      k.phase('l4hurd.trash', () => trash(k, req.pid));
      k.phase('l4hurd.load', () => load(k, req.pid, image));
      k.phase('l4hurd.stack', () => stackAndStart(k, req, image));
      return { kind: 'started', path: image.file.path };
    } finally {
      removeHolder(k, req.pid, 'exec server', 'dropped');
      setExecHolds(k, [], `exec returns to ${task.name}'s filesystem call and holds nothing`);
    }
  });
}

type Checked = ExecReply & { kind: 'interpreter' } | { readonly kind: 'image'; readonly image: Image };

function scriptCheck(k: Kernel, req: ExecRequest): Checked {
  execCall(k, 'fs', `io_read the header of ${req.file.path}`);
  k.note('exec reads the file through the file object the caller passed; here the system filesystem serves it (the proposal does not discuss a file served by an untrusted server)');
  const content = inodeAt(k.state.fs, req.file.ino).content;
  let file = req.file;
  if (content?.type === 'script') {
    const bang = parseHashbang(content.text);
    if (!bang) k.fail('ENOEXEC', `${file.path} starts with #! but names no interpreter`);
    if (!req.secure) {
      k.pc(2);
      k.emit({ kind: 'l4hurd-interpreter', pid: req.pid, interpreter: bang.interpreter, by: 'exec returns it to the caller' });
      k.note(
        `open question: the proposal returns "the interpreter name [and arguments?]"; the simulator returns the name only${bang.arg !== undefined ? ` and does not pass the #! argument ${JSON.stringify(bang.arg)}` : ''}`,
      );
      return { kind: 'interpreter', interpreter: bang.interpreter, ...(bang.arg !== undefined ? { arg: bang.arg } : {}), script: file.path };
    }
    k.pc(3);
    const mode = inodeAt(k.state.fs, file.ino).mode;
    if (mode & 0o6000) {
      k.note('open question: set-id scripts "require careful examination how to do it securely" (SEEDS 003); the simulator follows the secure path as written and decides nothing more');
    }
    k.note(
      `open question: the proposal does not say how the interpreter of a secure script learns which script to run, or with which arguments${bang.arg !== undefined ? ` (here ${JSON.stringify(bang.arg)})` : ''}; nothing is added to the words`,
    );
    file = execRoot(k, bang.interpreter, 'interpreter');
    k.emit({ kind: 'l4hurd-interpreter', pid: req.pid, interpreter: file.path, by: 'exec looks it up in its own root' });
  }
  k.pc(4);
  const elf = checkElf(k, file);
  let interp: string | null = null;
  if (elf.interp !== undefined) {
    k.note('the proposal does not say who finds the program interpreter (PT_INTERP); the simulator has exec take it from its own root, a trusted port');
    interp = execRoot(k, elf.interp, 'program interpreter').path;
  }
  return { kind: 'image', image: { file, elf, interp } };
}

function secureRevoke(k: Kernel, req: ExecRequest): void {
  if (!req.secure) return;
  k.pc(2);
  k.note('open question: "this might need to be done later, after trashing the target task"; the simulator revokes before trashing');
  const others = l4task(k.state, req.pid).holders.filter((h) => h.name !== 'exec server');
  if (others.length) execCall(k, 'task', `revoke every send right on task ${req.pid} but exec's: ${others.map((h) => h.name).join(', ')}`);
  for (const h of others) removeHolder(k, req.pid, h.name, 'revoked');
}

function trash(k: Kernel, pid: Pid): void {
  k.emit({ kind: 'point-of-no-return', pid, phase: 'l4hurd.trash' });
  execCall(k, 'task', `task_trash pid ${pid}: revoke all mappings, kill all threads`);
  const task = taskOf(k.state, pid);
  // The old program's memory, and the fd table that lived in it, are gone.
  const id = k.state.next.mm;
  const empty: AddressSpace = { id, image: null, mappings: [], argv: [], envp: [], auxv: {}, variables: {}, users: 1 };
  let s = putMm(k.state, task.mm);
  s = { ...s, mms: s.mms.set(id, empty), next: { ...s.next, mm: id + 1 } };
  s = putFdTable(s, task.files);
  const [s2, files] = newFdTable(s, IntMap.empty());
  k.change(updateTask(s2, pid, (t) => ({ ...t, mm: id, files })), { kind: 'memory-changed', pid, detail: `all mappings revoked: address space #${id} is empty` });
  k.emit({ kind: 'fd-table-replaced', pid, how: 'exec-remap', count: 0 });
  k.note('the fd table lived in the old program\'s memory; the handles behind the fds stay allocated in their servers');
  k.pc(2);
  for (const t of task.threads) {
    if (t.tid === task.leader) continue;
    k.change(updateTask(k.state, pid, (x) => ({ ...x, threads: x.threads.filter((th) => th.tid !== t.tid) })), { kind: 'thread-killed', pid, tid: t.tid, reason: 'exec trashes the task' });
  }
  k.note(`the simulator keeps thread ${task.leader} as the one exec starts (the proposal says "kill all threads" and does not say whether exec makes a new thread)`);
}

function load(k: Kernel, pid: Pid, image: Image): void {
  execCall(k, 'fs', `map ${image.file.path} into pid ${pid}`);
  if (image.interp) {
    k.pc(2);
    execCall(k, 'fs', `map ${image.interp} into pid ${pid}`);
  }
  const task = taskOf(k.state, pid);
  const mm = k.state.mms.get(task.mm)!;
  const mappings: AddressSpace['mappings'] = [{ name: image.file.path, kind: 'text' }, ...(image.interp ? [{ name: image.interp, kind: 'interp' as const }] : [])];
  k.change({ ...k.state, mms: k.state.mms.set(mm.id, { ...mm, image: image.file.path, mappings }) }, { kind: 'memory-changed', pid, detail: `loaded ${mappings.map((m) => m.name).join(' and ')}` });
  k.change(updateTask(k.state, pid, (t) => ({ ...t, exe: image.file.path })), { kind: 'task-changed', pid, field: 'exe', from: task.exe ?? '(none)', to: image.file.path });
}

function stackAndStart(k: Kernel, req: ExecRequest, image: Image): void {
  const { pid } = req;
  const entry = `0x${(image.elf.entry ?? 0x401000).toString(16)}`;
  const area: L4StackArea = {
    words: req.words,
    entry,
    stackBase: 'top of the new stack',
    stackSize: STACK_SIZE,
    phdrs: ['PT_LOAD', ...(image.interp ? [`PT_INTERP ${image.interp}`] : [])],
    secure: req.secure,
    auth: req.auth,
  };
  const task = taskOf(k.state, pid);
  const mm = k.state.mms.get(task.mm)!;
  let s = withL4Task(k.state, pid, (t) => ({ ...t, stack: area }));
  s = { ...s, mms: s.mms.set(mm.id, { ...mm, mappings: [...mm.mappings, { name: '[stack]', kind: 'stack' }], argv: req.words.argv, envp: req.words.envp }) };
  k.change(s, {
    kind: 'l4hurd-stack',
    pid,
    summary: `words (${wordsText(req.words)}) + entry ${entry}, stack, program headers ${area.phdrs.join(', ')}, secure ${req.secure}${req.auth !== null ? `, auth #${req.auth}` : ''}`,
  });
  k.pc(3);
  k.note('open question: "It then registers what needs to be registered with proc (if anything, didn\'t figure that out yet)": the simulator registers nothing; the pid stays the same');
  k.pc(4);
  execCall(k, 'task', `task_start pid ${pid} at ${entry}`);
  k.change(withL4Task(k.state, pid, (t) => ({ ...t, suspended: false })), { kind: 'task-changed', pid, field: 'state', from: 'suspended', to: `running ${basename(image.file.path)}` });
  k.pc(5);
}
