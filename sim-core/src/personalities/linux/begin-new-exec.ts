/**
 * begin_new_exec, setup_new_exec and the new stack (LINUX fs/exec.c,
 * fs/binfmt_elf.c: create_elf_tables): the commit of an exec. From the point
 * of no return on, a failure kills the process instead of returning.
 */
import type { Kernel } from '../../engine/kernel.js';
import { copyFdTable, taskOf } from '../../model/fds.js';
import { withState, withTask } from '../../model/copy.js';
import { inodeAt, permits, utf8Length } from '../../model/filesystem.js';
import { openNew, closeAllOnExec, lowestFreeFd } from '../common/fd-ops.js';
import { putMm, releaseVforkParent, setTask, updateTask } from '../common/process-ops.js';
import type { AddressSpace, Mapping, SignalState } from '../../model/state.js';
import type { SignalName } from '../../model/signals.js';
import type { Credentials, ElfContent } from '../../scenario/scenario.js';
import { comm as commName, TASK_COMM_LEN } from '../../engine/initial-state.js';
import { rememberLast } from '../../model/remember-last.js';
import { basename } from '../../model/filesystem.js';
import { STK_LIM, type Bprm } from './bprm.js';
import { newStackBytes, stackPages } from './copy-args.js';
import { credsFromFile } from './creds.js';
import { commFromDentry } from './version.js';

const MAY_READ = { read: true } as const;

// A new address space starts empty; records are never changed, so every one shares these.
const NO_STRINGS: readonly string[] = [];
const NO_AUXV: AddressSpace['auxv'] = {};
const NO_VARIABLES: AddressSpace['variables'] = {};
const STACK: Mapping = { name: '[stack]', kind: 'stack' };
const VDSO: Mapping = { name: '[vdso]', kind: 'vdso' };

/** The new mm's mappings: the image, its PT_INTERP if any, the stack and the vDSO (load_elf_binary, arch_setup_additional_pages). */
const mappingsOf = rememberLast(
  (image: string, interp: string | undefined): readonly Mapping[] =>
    interp !== undefined ? [{ name: image, kind: 'text' }, { name: interp, kind: 'interp' }, STACK, VDSO] : [{ name: image, kind: 'text' }, STACK, VDSO],
);

export function beginNewExec(k: Kernel, bprm: Bprm): void {
  k.phase('linux.creds_from_file', () => credsFromFile(k, bprm));

  k.phase('linux.point_of_no_return', () => {
    k.pc(2);
    bprm.pointOfNoReturn = true;
    k.emit({ kind: 'point-of-no-return', pid: bprm.pid, phase: 'linux.point_of_no_return' });
  });

  k.phase('linux.de_thread', () => deThread(k, bprm));

  k.phase('linux.unshare_files', () => {
    const task = taskOf(k.state, bprm.pid);
    const table = k.state.fdTables.get(task.files)!;
    if (table.users <= 1) return;
    const [s, files] = copyFdTable(k.state, task.files);
    const s2 = withState(s, { fdTables: s.fdTables.set(table.id, { ...table, users: table.users - 1 }) });
    k.change(updateTask(s2, bprm.pid, (t) => withTask(t, { files })), {
      kind: 'fd-table-replaced',
      pid: bprm.pid,
      how: 'unshare',
      count: table.slots.size,
    });
  });

  k.phase('linux.exe_file', () => {
    const before = taskOf(k.state, bprm.pid);
    const from = before.exe;
    // Re-exec of the same file: the record stays as it is (the event is recorded all the same).
    k.change(from === bprm.file.path ? k.state : setTask(k.state, withTask(before, { exe: bprm.file.path })), {
      kind: 'task-changed',
      pid: bprm.pid,
      field: 'exe',
      from: from ?? '(none)',
      to: bprm.file.path,
    });
    k.pc(2);
    if (!permits(inodeAt(k.state.fs, bprm.file.ino), taskOf(k.state, bprm.pid).creds, MAY_READ)) {
      k.note(`${bprm.file.path} is not readable: the process will not be dumpable`);
    }
  });

  k.phase('linux.exec_mmap', () => {
    releaseVforkParent(k, bprm.pid, 'reached exec_mmap');
    k.pc(3);
    const task = taskOf(k.state, bprm.pid);
    const id = k.state.next.mm;
    const mm: AddressSpace = {
      id,
      image: bprm.file.path,
      mappings: mappingsOf(bprm.file.path, bprm.elfInterp?.path),
      argv: NO_STRINGS,
      envp: NO_STRINGS,
      auxv: NO_AUXV,
      variables: NO_VARIABLES,
      users: 1,
    };
    // One new state: the old mm put (exec_mmap → mmput), the new one installed and the task pointed at it.
    const s = putMm(k.state, task.mm);
    const next = s.next;
    k.change(withState(s, { mms: s.mms.set(id, mm), next: { pid: next.pid, desc: next.desc, files: next.files, mm: id + 1, ino: next.ino }, tasks: s.tasks.set(bprm.pid, withTask(task, { mm: id })) }), {
      kind: 'memory-changed',
      pid: bprm.pid,
      detail: `new address space #${id} for ${bprm.file.path}; old one released`,
    });
  });

  k.phase('linux.misc_resets', () => {
    k.pc(4);
  });

  k.phase('linux.close_on_exec', () => {
    k.pc(3);
    closeAllOnExec(k, bprm.pid);
  });

  k.phase('linux.secureexec_resets', () => {
    if (!bprm.secureexec) return;
    k.pc(2);
    k.note('secure exec: pdeath_signal cleared');
    k.pc(3);
    // Only bprm's copy is clamped now; finalize_exec stores it just before the program starts.
    if (bprm.rlimStack > STK_LIM) {
      k.note(`secure exec: RLIMIT_STACK ${bprm.rlimStack} will be clamped to _STK_LIM (${STK_LIM})`);
      bprm.rlimStack = STK_LIM;
    }
  });

  k.phase('linux.commit', () => commit(k, bprm));
}

function deThread(k: Kernel, bprm: Bprm): void {
  const task = taskOf(k.state, bprm.pid);
  if (task.threads.length === 1) return;
  k.pc(2);
  // zap_other_threads: every thread but the caller and (for now) the leader.
  for (const t of task.threads) {
    if (t.tid === bprm.tid || t.tid === task.leader) continue;
    k.change(
      updateTask(k.state, bprm.pid, (x) => ({ ...x, threads: x.threads.filter((th) => th.tid !== t.tid) })),
      { kind: 'thread-killed', pid: bprm.pid, tid: t.tid, reason: 'de_thread: another thread is exec\'ing' },
    );
  }
  if (bprm.tid === task.leader) return;
  k.pc(4);
  // The leader dies too; exchange_tids gives the caller its tid (= the pid) in the same step.
  k.change(
    updateTask(k.state, bprm.pid, (x) => ({
      ...x,
      threads: x.threads.filter((th) => th.tid !== task.leader).map((th) => (th.tid === bprm.tid ? { ...th, tid: task.leader } : th)),
    })),
    { kind: 'thread-killed', pid: bprm.pid, tid: task.leader, reason: 'de_thread: the old leader is released' },
  );
  k.emit({ kind: 'thread-renamed', pid: bprm.pid, fromTid: bprm.tid, toTid: task.leader, reason: "de_thread: a non-leader exec takes the leader's pid" });
}

function commit(k: Kernel, bprm: Bprm): void {
  const task = taskOf(k.state, bprm.pid);
  k.pc(2);
  const version = k.state.machine.kernelVersion;
  const name = bprm.commFromDentry && commFromDentry(version) ? bprm.file.dentry : basename(bprm.filename);
  // A name that fits TASK_COMM_LEN is comm as it is (__set_task_comm copies it whole).
  const newComm = utf8Length(name) < TASK_COMM_LEN ? name : commName(name);
  if (newComm !== task.comm) {
    k.change(updateTask(k.state, bprm.pid, (t) => withTask(t, { comm: newComm })), {
      kind: 'task-changed',
      pid: bprm.pid,
      field: 'comm',
      from: task.comm,
      to: newComm,
    });
  }
  k.pc(4);
  const reset = withHandlersReset(taskOf(k.state, bprm.pid).signals);
  if (reset) {
    k.change(setTask(k.state, withTask(taskOf(k.state, bprm.pid), { signals: reset.signals })), {
      kind: 'signal-changed',
      pid: bprm.pid,
      what: 'disposition',
      detail: reset.detail,
    });
  }
  k.pc(5);
  const before = taskOf(k.state, bprm.pid).creds;
  const after = bprm.cred;
  if (!sameCreds(before, after)) {
    k.change(updateTask(k.state, bprm.pid, (t) => withTask(t, { creds: after })), { kind: 'creds-changed', pid: bprm.pid, before, after });
  }
  k.pc(6);
  if (bprm.haveExecfd && bprm.executable) {
    // get_unused_fd_flags(0): the lowest free fd, without close-on-exec.
    const fd = lowestFreeFd(k, bprm.pid);
    const target = { kind: 'file' as const, ino: bprm.executable.ino, path: bprm.executable.path };
    openNew(k, bprm.pid, fd, target, 'ro', false, 'execfd', [], `the binary ${bprm.executable.path} is passed to the interpreter as fd ${fd}`);
    bprm.execfd = fd;
  }
}

/**
 * flush_signal_handlers(current, 0): every caught signal back to SIG_DFL,
 * ignored ones kept (kernel/signal.c). Null when no signal is caught.
 */
const withHandlersReset = rememberLast((from: SignalState): { signals: SignalState; detail: string } | null => {
  const handled: string[] = [];
  const dispositions: Partial<Record<SignalName, 'ignore'>> = {};
  for (const sig in from.dispositions) {
    const d = from.dispositions[sig as SignalName];
    if (d === 'handler') handled.push(sig);
    else dispositions[sig as SignalName] = d as 'ignore';
  }
  if (handled.length === 0) return null;
  // No disposition left (the usual case) gives the same record each time, so that the next
  // sigaction's change of it, and this reset of that, are found in their one-entry memories.
  const signals = Object.keys(dispositions).length === 0 ? clearedSignals(from.pending) : { dispositions, pending: from.pending };
  return { signals, detail: `caught → SIG_DFL: ${handled.join(' ')}` };
});

/** A signal state with no disposition, for its pending set. */
const clearedSignals = rememberLast((pending: SignalState['pending']): SignalState => ({ dispositions: {}, pending }));

/**
 * Whether two credential records hold the same ids and groups: field by field
 * (serialising both, as this did first, was a tenth of an exec's cost), with
 * the serialised comparison kept for records that carry more fields.
 */
function sameCreds(a: Credentials, b: Credentials): boolean {
  if (a === b) return true;
  if (a.uid !== b.uid || a.euid !== b.euid || a.suid !== b.suid || a.fsuid !== b.fsuid) return false;
  if (a.gid !== b.gid || a.egid !== b.egid || a.sgid !== b.sgid || a.fsgid !== b.fsgid) return false;
  if (a.groups !== b.groups) {
    if (a.groups.length !== b.groups.length) return false;
    for (let i = 0; i < a.groups.length; i++) if (a.groups[i] !== b.groups[i]) return false;
  }
  const plain = (c: Credentials) => Object.keys(c).length === 9;
  return (plain(a) && plain(b)) || JSON.stringify(a) === JSON.stringify(b);
}

export function setupNewExec(k: Kernel, bprm: Bprm): void {
  k.phase('linux.setup_new_exec', () => {
    k.pc(3);
    if (bprm.secureexec) k.note('secure exec: the mmap layout uses the clamped stack rlimit');
  });
}

/** arch_align_stack (arch/x86/kernel/process.c) lowers the stack by up to 8 KiB at random. */
const ASLR_STACK_SHIFT = 8192;

/** create_elf_tables' auxv entries that the model keeps (written out in both shapes: a conditional spread cost more than the rest of the phase). */
const auxvOf = rememberLast(
  (secure: number, execfd: number | null, entry: number, uid: number, euid: number, gid: number, egid: number): AddressSpace['auxv'] =>
    execfd !== null
      ? { AT_SECURE: secure, AT_EXECFD: execfd, AT_ENTRY: entry, AT_UID: uid, AT_EUID: euid, AT_GID: gid, AT_EGID: egid, AT_PAGESZ: 4096 }
      : { AT_SECURE: secure, AT_ENTRY: entry, AT_UID: uid, AT_EUID: euid, AT_GID: gid, AT_EGID: egid, AT_PAGESZ: 4096 },
);

/** The argument and environment lists stored last: the same strings again share the list. */
let lastArgv: readonly string[] = [];
let lastEnvp: readonly string[] = [];

/** The stack event's text, for the argv list stored, AT_SECURE and AT_EXECFD. */
const stackText = rememberLast(
  (argv: readonly string[], secure: number, execfd: number | null): string =>
    `stack: argv ${JSON.stringify(argv)}, AT_SECURE ${secure}${execfd !== null ? `, AT_EXECFD ${execfd}` : ''}`,
);

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function startThread(k: Kernel, bprm: Bprm, elf: ElfContent): void {
  k.phase('linux.start', () => {
    k.pc(3);
    // create_elf_tables writes below the strings; the stack may grow only up to the
    // caller's RLIMIT_STACK (still in force: finalize_exec has not run yet).
    const need = newStackBytes(bprm, k.state.machine.arch);
    const limit = taskOf(k.state, bprm.pid).rlimits.stack;
    if (stackPages(need) > limit) {
      k.pc(4);
      k.fail('EFAULT', `the new stack needs ${need} bytes (strings, auxv, envp, argv), over RLIMIT_STACK (${limit})`);
    }
    if (stackPages(need + ASLR_STACK_SHIFT) > limit) {
      k.note(`the new stack needs ${need} of ${limit} bytes: with stack randomisation on, arch_align_stack's shift of up to 8 KiB would kill this exec with SIGSEGV on some runs`);
    }
    k.pc(5);
    if (bprm.rlimStack !== limit) {
      k.change(updateTask(k.state, bprm.pid, (t) => withTask(t, { rlimits: { ...t.rlimits, stack: bprm.rlimStack } })), {
        kind: 'task-changed',
        pid: bprm.pid,
        field: 'RLIMIT_STACK',
        from: String(limit),
        to: String(bprm.rlimStack),
      });
    }
    const task = taskOf(k.state, bprm.pid);
    const secure = bprm.secureexec ? 1 : 0;
    const entry = elf.entry ?? 0x401000;
    const { uid, euid, gid, egid } = task.creds;
    const auxv = auxvOf(secure, bprm.execfd, entry, uid, euid, gid, egid);
    const mm = k.state.mms.get(task.mm)!;
    k.pc(6);
    const argv = lastArgv = sameStrings(lastArgv, bprm.argv) ? lastArgv : bprm.argv;
    const envp = lastEnvp = sameStrings(lastEnvp, bprm.envp) ? lastEnvp : bprm.envp;
    const stacked: AddressSpace = { id: mm.id, image: mm.image, mappings: mm.mappings, argv, envp, auxv, variables: mm.variables, users: mm.users };
    k.change(withState(k.state, { mms: k.state.mms.set(mm.id, stacked) }), { kind: 'memory-changed', pid: bprm.pid, detail: stackText(argv, secure, bprm.execfd) });
    k.pc(7);
  });
}
