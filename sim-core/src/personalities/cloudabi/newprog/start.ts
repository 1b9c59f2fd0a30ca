/**
 * The new program's first steps (CLOUDLIBC src/crt/crt0.c: _start) and, for
 * cloudabi-run's helper, cloudabi-reexec's program_main (CAUTILS
 * src/cloudabi-reexec/cloudabi-reexec.c).
 */
import type { Kernel } from '../../../engine/kernel.js';
import { errnoText } from '../../../model/errno.js';
import { fdTableOf, taskOf } from '../../../model/fds.js';
import type { Pid } from '../../../model/state.js';
import { terminateProcess } from '../../common/process-ops.js';
import { decodeArgdata, decodeProblems, getFd, iterateSeq, viewOf, type DecodedArgdata } from '../argdata/reader.js';
import { formatDecoded } from '../argdata/format.js';
import { argBuffer } from '../argdata/value.js';
import { fdPassthrough, fromHex } from '../argdata/wire.js';
import { cloudabiOf, updateLastMessage } from '../state.js';
import { programExec, type ExecCaller } from '../libc/program-exec.js';
import type { SyscallResult } from '../kernel/proc-exec.js';

export interface StartedProgram {
  readonly bytes: number[];
  readonly tree: DecodedArgdata;
}

/** Every fd index the tree names (valid ones only). */
function fdsNamed(d: DecodedArgdata, out: number[] = []): number[] {
  if (d.type === 'fd' && d.fd !== null) out.push(d.fd);
  else if (d.type === 'map') {
    for (const e of d.entries) {
      fdsNamed(e.key, out);
      fdsNamed(e.value, out);
    }
  } else if (d.type === 'seq') {
    for (const item of d.items) fdsNamed(item, out);
  }
  return out;
}

/**
 * crt0 _start: CLOUDABI_AT_ARGDATA and CLOUDABI_AT_ARGDATALEN become a buffer
 * argdata read with fd_passthrough, handed to program_main. Undefined for an
 * image without the CloudABI auxiliary vector (a native FreeBSD program).
 */
export function crt0Start(k: Kernel, pid: Pid): StartedProgram | undefined {
  const task = taskOf(k.state, pid);
  const image = cloudabiOf(k.state).images[task.mm];
  if (!image) {
    k.note(`${task.exe ?? 'the program'} is a native FreeBSD program: it starts at main(argc, argv) without argdata`);
    return undefined;
  }
  return k.phase('cloudabi.newprog.start', () => {
    const bytes = fromHex(image.argdata);
    k.pc(2);
    const tree = decodeArgdata(bytes, fdPassthrough);
    k.pc(3);
    k.change(updateLastMessage(k.state, (m) => (m.pid === pid ? { ...m, stage: 'delivered' } : m)), {
      kind: 'argdata-received',
      pid,
      argdatalen: bytes.length,
      tree: formatDecoded(tree),
    });
    const table = fdTableOf(k.state, pid);
    const dangling = [...new Set(fdsNamed(tree))].filter((fd) => !table.slots.has(fd));
    if (dangling.length) k.note(`the tree names fd ${dangling.join(', ')}, which ${dangling.length === 1 ? 'is' : 'are'} not open in the new table`);
    for (const p of decodeProblems(tree)) k.note(`a reader of ${p.path} gets ${p.errno}: ${p.reason}`);
    return { bytes, tree };
  });
}

/** Writes a diagnostic to an fd (only shown; no file contents are simulated). */
export function writeMessage(k: Kernel, pid: Pid, fd: number, text: string): void {
  const open = fdTableOf(k.state, pid).slots.has(fd);
  k.emit({ kind: 'program-output', pid, fd, text: open ? text : `${text} (fd ${fd} is not open: the message is lost)` });
}

export type ReexecResult = SyscallResult | { readonly ok: false; readonly exited: 127; readonly detail: string };

/**
 * cloudabi-reexec's program_main: the first entry of the sequence is the
 * executable's fd (read literally: its number in this process), the second the
 * argument data, kept as serialized bytes and handed to cloudlibc's
 * program_exec. When it cannot start the program it says so on fd 2 and
 * exits 127.
 */
export function reexecMain(k: Kernel, caller: ExecCaller, started: StartedProgram): ReexecResult {
  const { pid } = caller;
  return k.phase('cloudabi.reexec.main', (): ReexecResult => {
    const it = iterateSeq(viewOf(started.bytes, fdPassthrough));
    const first = it?.entries[0];
    const fd = first ? getFd(first) : undefined;
    if (!first || !fd || !fd.ok) return exit127(k, pid, 'Failed to extract executable file descriptor');
    k.pc(2);
    const second = it!.entries[1];
    if (!second) return exit127(k, pid, 'Failed to extract argument data');
    k.pc(3);
    const argv = argBuffer(started.bytes.slice(second.start, second.end), 'passthrough');
    k.note(`executable fd ${fd.value.fd}; argument data of ${second.end - second.start} bytes, passed on as they are`);
    const r = programExec(k, caller, fd.value.fd, argv);
    if (r.ok || 'killed' in r) return r;
    k.pc(4);
    return exit127(k, pid, `Failed to start executable: ${errnoText(r.errno)}`);
  });
}

function exit127(k: Kernel, pid: Pid, message: string): ReexecResult {
  writeMessage(k, pid, 2, message);
  terminateProcess(k, pid, { status: 127 });
  return { ok: false, exited: 127, detail: `cloudabi-reexec: ${message}` };
}

/** The new program's startup, at the top of the call chain: exec does not return to its caller. */
export function startProgram(k: Kernel, pid: Pid, tid: number): void {
  const task = taskOf(k.state, pid);
  k.actor('new-program', `${task.comm}: _start`, pid, tid, () => crt0Start(k, pid));
}
