/**
 * #! scripts, run by the exec server itself (HURD exec/hashexec.c
 * check_hashbang): it parses the first line, opens the interpreter on the
 * user's behalf with the user's ports, names the script for the interpreter
 * (the path given, an argv[0] it can verify, or /dev/fd/N), and calls
 * file_exec_paths on the interpreter with the same flags.
 */
import { SysError, type Kernel } from '../../engine/kernel.js';
import { inodeAt, isAbsolute } from '../../model/filesystem.js';
import { reauthenticateIo } from './auth.js';
import { fileNameLookup, ioIdentity, protidAt } from './fs.js';
import { serveFileExec } from './file-exec.js';
import { execArgs, execRights, type ExecRequest } from './glibc-exec.js';
import { addRefs, dealloc, deallocMany, rpc, unchecked } from './ipc.js';
import { taskSuspend } from './task-ops.js';
import type { ExecData } from './exec-server.js';
import { EXEC_DEFAULTS, EXEC_SECURE, INIT_PORT, execFlagsText, type PortName, type ServerInfo } from './state.js';

/** vm_page_size - 2 + 1: the buffer for the rest of the first line (its last byte is the NUL). */
export const HASHBANG_BUFFER = 4096 - 2 + 1;

export interface Shebang {
  readonly interp: string;
  /** The rest of the line after the interpreter, one string, trailing blanks trimmed; null if none. */
  readonly arg: string | null;
  readonly truncated: boolean;
  readonly noNewline: boolean;
}

/** Parses "#!" lines as check_hashbang does; null if the file does not start with "#!". */
export function parseHashbang(text: string): Shebang | null {
  if (!text.startsWith('#!')) return null;
  const rest = text.slice(2);
  const limit = Math.min(rest.length, HASHBANG_BUFFER);
  const nl = rest.slice(0, limit).indexOf('\n');
  let line: string;
  let truncated = false;
  let noNewline = false;
  if (nl >= 0) line = rest.slice(0, nl);
  else if (rest.length >= HASHBANG_BUFFER) {
    line = rest.slice(0, HASHBANG_BUFFER - 1);
    truncated = true;
  } else {
    line = rest;
    noNewline = true;
  }
  const start = line.search(/[^ \t]|$/);
  const afterStart = line.slice(start);
  const blank = afterStart.search(/[ \t]/);
  if (blank < 0) return { interp: afterStart, arg: null, truncated, noNewline };
  const interp = afterStart.slice(0, blank);
  const argStart = afterStart.slice(blank).search(/[^ \t]|$/);
  const arg = afterStart.slice(blank + argStart).replace(/[ \t]+$/, '');
  return { interp, arg: arg.length ? arg : null, truncated, noNewline };
}

function scriptText(k: Kernel, d: ExecData): string | null {
  const pi = protidAt(k, d.space, d.file);
  if (!pi || pi.peropen.target.kind !== 'file') return null;
  const c = inodeAt(k.state.fs, pi.peropen.target.ino).content;
  if (!c) return null;
  if (c.type === 'script') return c.text;
  if (c.type === 'data') return c.text ?? null;
  return null;
}

/** Runs the #! path; returns when the interpreter's exec succeeded (the caller's do_exec then returns 0). */
export function checkHashbang(k: Kernel, d: ExecData, std: ServerInfo['std'] | null, elfProblem = 'not ELF'): void {
  const text = scriptText(k, d);
  const parsed = text === null ? null : parseHashbang(text);
  if (!parsed) k.fail('ENOEXEC', `not a #! script either (${elfProblem})`);
  k.pc(2);
  if (parsed.truncated) k.note(`the #! line is longer than ${HASHBANG_BUFFER - 1} bytes: it is silently truncated`);
  if (parsed.noNewline) k.note('the #! line has no newline: the server reads past the end of the file here (the simulator stops at the end)');
  k.pc(3);
  k.note(`interpreter ${JSON.stringify(parsed.interp)}${parsed.arg !== null ? `, one argument ${JSON.stringify(parsed.arg)}` : ', no argument'}`);
  const secure = (d.flags & EXEC_SECURE) !== 0;
  const defaults = (d.flags & EXEC_DEFAULTS) !== 0;

  // user_port: the user's port, or the standard one with EXEC_DEFAULTS; dir ports reauthenticated as hashexec.c does.
  const given = (which: number): PortName => d.ports[which] || (defaults && std ? std.ports[which]! : 0);
  const made: PortName[] = [];
  const dirPort = (which: number): PortName => {
    const port = given(which);
    const stdPort = std?.ports[which] ?? -1;
    if (which === INIT_PORT.CRDIR && std && (secure || port === stdPort)) {
      const fresh = reauthenticateIo(k, d.space, stdPort, given(INIT_PORT.AUTH), secure ? 'secure: the standard root with the user\'s auth' : 'the default root');
      made.push(fresh);
      return fresh;
    }
    if (which === INIT_PORT.CWDIR && (secure || (std && port === stdPort)) && port) {
      const fresh = reauthenticateIo(k, d.space, port, given(INIT_PORT.AUTH), secure ? 'secure: the cwd with the user\'s auth' : 'the default cwd');
      made.push(fresh);
      return fresh;
    }
    return port;
  };
  const lookupAs = (name: string, flags: { read: boolean; write: boolean; exec: boolean }): PortName => {
    const dirs = isAbsolute(name) ? { crdir: dirPort(INIT_PORT.CRDIR), cwdir: 0 } : { crdir: given(INIT_PORT.CRDIR), cwdir: dirPort(INIT_PORT.CWDIR) };
    return fileNameLookup(k, d.space, dirs, name, flags);
  };

  k.pc(4);
  let interpFile: PortName;
  try {
    interpFile = lookupAs(parsed.interp, { read: false, write: false, exec: true });
  } finally {
    if (made.length) deallocMany(k, d.space, made.splice(0), 'the reauthenticated directory ports for the lookup');
  }

  // Which name does the interpreter get for the script?
  k.pc(5);
  let fileName: string | null = null;
  const dtable = [...d.dtable];
  if (!secure) {
    if (d.path !== '') {
      fileName = d.path;
      k.note(`the path given (${JSON.stringify(d.path)}) names the script`);
    } else {
      const argv0 = d.argv[0] ?? '';
      const fileId = ioIdentity(k, d.space, d.file);
      const candidates = argv0.includes('/') ? [argv0] : searchPath(d.envp).map((dir) => `${dir}/${argv0}`);
      for (const candidate of candidates) {
        let port: PortName = 0;
        try {
          port = lookupAs(candidate, { read: false, write: false, exec: !argv0.includes('/') });
        } catch (e) {
          if (!(e instanceof SysError)) throw e;
          if (made.length) deallocMany(k, d.space, made.splice(0), 'the reauthenticated directory ports');
          continue;
        }
        if (made.length) deallocMany(k, d.space, made.splice(0), 'the reauthenticated directory ports');
        const id = ioIdentity(k, d.space, port);
        dealloc(k, d.space, port, 'only its identity was needed');
        if (id === fileId) {
          fileName = candidate;
          k.note(`argv[0] leads to the script: ${JSON.stringify(candidate)} names it`);
        } else k.note(`${candidate} is another file (io_identity differs)`);
        break;
      }
    }
  } else k.note('EXEC_SECURE: the script is always named /dev/fd/N');
  if (fileName === null) {
    k.pc(6);
    let fd = dtable.findIndex((p) => p === 0);
    if (fd < 0) {
      fd = dtable.length;
      dtable.push(0);
      k.note(`no NULL slot: the descriptor table grows to ${dtable.length}`);
    }
    dtable[fd] = d.file;
    addRefs(k, d.space, d.file, 1, `the script's port goes in dtable[${fd}]`);
    if (fd < d.dtable.length) d.req.names[2 + fd] = d.file;
    fileName = `/dev/fd/${fd}`;
  }

  k.pc(7);
  const argv = [parsed.interp, ...(parsed.arg !== null ? [parsed.arg] : []), fileName, ...d.argv.slice(1)];
  k.pc(8);
  const request: ExecRequest = {
    task: d.task,
    file: interpFile,
    flags: d.flags,
    path: parsed.interp,
    abspath: parsed.interp,
    argv,
    envp: d.envp,
    dtable,
    ports: d.ports,
    ints: d.ints,
    dealloc: d.dealloc,
    destroy: d.destroy,
  };
  k.note(`file_exec_paths on the interpreter with the same flags (${execFlagsText(d.flags)})`);
  try {
    rpc(k, { from: d.space, dest: interpFile, rpc: 'file_exec_paths', args: execArgs(request), rights: execRights(request) }, (r) => serveFileExec(k, request, r, d.space));
  } finally {
    dealloc(k, d.space, interpFile, 'done with the interpreter file');
  }
  k.pc(9);
  dealloc(k, d.space, d.file, 'the script file');
  if (d.task) {
    unchecked(k, 'task_resume(oldtask)', () => taskSuspend(k, d.space, d.task, -1));
    dealloc(k, d.space, d.task, 'the old task');
  }
  deallocMany(k, d.space, [...dtable, ...d.ports].filter((n) => n !== 0), 'the #! exec took over: our copies of the fds and ports go');
  d.req.names.fill(0);
}

/** $PATH from the environment, else _CS_PATH. */
function searchPath(envp: readonly string[]): string[] {
  const p = envp.find((e) => e.startsWith('PATH='));
  return (p ? p.slice(5) : '/bin:/usr/bin').split(':').map((x) => x || '.');
}
