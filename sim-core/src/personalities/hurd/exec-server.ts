/**
 * The exec server's do_exec (HURD exec/exec.c), phases 11–24: preflight,
 * the ELF checks (or #!), the task to load into, the bootinfo, the ports a
 * secure exec replaces, PT_INTERP, trashing the old task (the point of no
 * return for a same-task exec), loading, proc, the first thread, moving the
 * pid to a new task, the bootstrap port swap, and the end.
 */
import { SysError, type Kernel } from '../../engine/kernel.js';
import { inodeAt } from '../../model/filesystem.js';
import type { Pid } from '../../model/state.js';
import { reauthenticateIo } from './auth.js';
import { checkElf, loadProblem, type ElfCheck } from './elf.js';
import { fileNameLookup, ioMap, ioStat } from './fs.js';
import { checkHashbang } from './hashbang.js';
import { addRefs, dealloc, deallocMany, destroy, destroyMany, kernelCall, party, spaceLabel, unchecked, type Request } from './ipc.js';
import { createPort, entryOf, insertSend, portOf, withWorld, worldOf } from './mach-ports.js';
import { dropGlibc } from './glibc-state.js';
import { newProcess, procCall, procReauthenticate, procTask2pid, procTask2proc } from './proc.js';
import {
  deallocateAddressSpace,
  getBootstrapPort,
  setBootstrapPort,
  taskNamed,
  taskPortName,
  taskSetName,
  taskSuspend,
  taskTerminate,
  terminateAllThreads,
  threadCreate,
} from './task-ops.js';
import { createMachTask, machTaskOf } from './tasks.js';
import type { ExecRequest } from './glibc-exec.js';
import { intsText, namesText, portsText } from './glibc-exec.js';
import {
  CMASK,
  EXEC_DEFAULTS,
  EXEC_NEWTASK,
  EXEC_SECURE,
  EXEC_SIGTRAP,
  INIT_INT,
  INIT_INT_MAX,
  INIT_PORT,
  INIT_PORT_MAX,
  execFlagsText,
  type BootInfo,
  type PortName,
  type SpaceId,
} from './state.js';

/** What do_exec works on: the request as names in the exec server's space. */
export interface ExecData {
  readonly space: SpaceId;
  readonly file: PortName;
  readonly task: PortName;
  flags: number;
  readonly path: string;
  readonly abspath: string;
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  readonly dtable: PortName[];
  readonly ports: PortName[];
  readonly ints: readonly number[];
  readonly dealloc: readonly PortName[];
  readonly destroy: readonly PortName[];
  readonly req: Request;
}

/** S_exec_exec_paths: unpacks the message ([file, oldtask, dtable…, ports…]) and runs do_exec. */
export function serveExec(k: Kernel, request: Omit<ExecRequest, 'file'>, req: Request): { value: undefined } {
  const n = request.dtable.length;
  const d: ExecData = {
    space: req.space,
    file: req.names[0]!,
    task: req.names[1]!,
    flags: request.flags,
    path: request.path,
    abspath: request.abspath,
    argv: request.argv,
    envp: request.envp,
    dtable: req.names.slice(2, 2 + n),
    ports: req.names.slice(2 + n, 2 + n + request.ports.length),
    ints: request.ints,
    dealloc: request.dealloc,
    destroy: request.destroy,
    req,
  };
  doExec(k, d);
  return { value: undefined };
}

function oldPidOf(k: Kernel, d: ExecData): Pid | null {
  if (!d.task) return null;
  const t = taskNamed(k, d.space, d.task);
  return machTaskOf(worldOf(k.state), t).pid;
}

/** set_name: "argv0(pid)", abbreviated from the front when 32 characters or more (TASK_NAME_SIZE). */
export function taskName(argv0: string, pid: number | null): string {
  const name = pid ? `${argv0}(${pid})` : argv0;
  return name.length < 32 ? name : `...${name.slice(name.length - 31 + 3)}`;
}

/** LD_ORIGIN_PATH=<dirname(abspath)> replaces an existing definition or goes first. */
export function withOrigin(envp: readonly string[], abspath: string): string[] {
  if (!abspath.startsWith('/')) return [...envp];
  let end = abspath.lastIndexOf('/');
  while (end > 0 && abspath[end - 1] === '/') end--;
  const dir = end === 0 ? '/' : abspath.slice(0, end);
  const i = envp.findIndex((e) => e.startsWith('LD_ORIGIN_PATH='));
  if (i >= 0) return envp.map((e, j) => (j === i ? `LD_ORIGIN_PATH=${dir}` : e));
  return [`LD_ORIGIN_PATH=${dir}`, ...envp];
}

export function doExec(k: Kernel, d: ExecData): void {
  const w0 = worldOf(k.state);
  const info = w0.servers.get(d.space)!;
  const std = info.std ?? null;
  const oldtask = d.task;
  const oldPid = oldPidOf(k, d);
  let newtask: PortName = 0;
  let newSpace: SpaceId | null = null;
  let newPid: Pid | null = null;
  let trashed = false;
  let bootName: PortName = 0;
  let interpFile: PortName = 0;
  let elf: Extract<ElfCheck, { ok: true }> | null = null;
  let interpElf: Extract<ElfCheck, { ok: true }> | null = null;
  const replaced = new Array<boolean>(INIT_PORT_MAX).fill(false);
  const boot: { -readonly [K in keyof BootInfo]: BootInfo[K] } = {
    flags: 0,
    argv: [],
    envp: [],
    dtable: [],
    portarray: [],
    intarray: [],
    entry: 0,
    phdr: 0,
    stackBase: 0,
    taken: false,
  };

  k.phase('hurd.exec.preflight', () => {
    if (!std && d.flags & (EXEC_SECURE | EXEC_DEFAULTS)) {
      k.fail('EIEIO', `${execFlagsText(d.flags)} needs the standard ports, which the exec server has not received yet (exec_setexecdata)`);
    }
    k.pc(2);
    if (oldtask) taskSuspend(k, d.space, oldtask, 1);
  });

  try {
    // ------------------------------------------------------------ check / #!
    const checked = k.phase('hurd.exec.check', () => {
      const c = prepareAndCheck(k, d.space, d.file);
      if (!c.ok && !(c.stage === 'check_elf' && c.errno === 'ENOEXEC')) k.fail(c.errno, c.detail);
      return c;
    });
    if (!checked.ok) {
      k.note(`check_elf: ${checked.detail} (ENOEXEC): try #!`);
      const why = checked.detail;
      k.phase('hurd.exec.hashbang', () => checkHashbang(k, d, std, why));
      // The #! exec succeeded; nothing more to do (check_hashbang resumed the old task).
      return;
    }
    elf = checked;

    // ------------------------------------------------------------ the task
    k.phase('hurd.exec.newtask', () => {
      if (!oldtask) {
        d.flags |= EXEC_NEWTASK;
        k.note('no old task: EXEC_NEWTASK');
      }
      k.pc(2);
      if (d.flags & (EXEC_NEWTASK | EXEC_SECURE)) {
        const parent = d.flags & EXEC_SECURE || !oldtask ? 'the exec server\'s own task' : 'the old task';
        k.pc(3);
        const parentName = d.flags & EXEC_SECURE || !oldtask ? taskPortName(k, d.space, d.space) : oldtask;
        newtask = createTask(k, d.space, parentName, oldPid, d.argv[0] ?? '', parent);
        newSpace = taskNamed(k, d.space, newtask);
        newPid = machTaskOf(worldOf(k.state), newSpace).pid;
      } else {
        k.pc(5);
        newtask = oldtask;
        newSpace = taskNamed(k, d.space, oldtask);
        newPid = oldPid;
        k.note('same task: the program is replaced in place');
      }
    });

    // ------------------------------------------------------------ bootinfo
    const secure = (d.flags & EXEC_SECURE) !== 0;
    const defaults = (d.flags & EXEC_DEFAULTS) !== 0;
    k.phase('hurd.exec.boot_data', () => {
      let w = worldOf(k.state);
      [w, , bootName] = createPort(w, { kind: 'execboot', boot: null }, `execboot for ${d.argv[0] ?? '?'}`, d.space, { armed: true });
      k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'allocate', space: d.space, pid: party(k, d.space).pid, names: [bootName], detail: `ports_create_port(execboot): the bootinfo for this exec` });
      boot.flags = d.flags;
      k.pc(2);
      boot.argv = [...d.argv];
      boot.envp = withOrigin(d.envp, d.abspath);
      k.pc(3);
      boot.dtable = [...d.dtable];
      const ints = [...d.ints];
      if ((secure || defaults) && ints.length < INIT_INT_MAX) while (ints.length < INIT_INT_MAX) ints.push(0);
      k.pc(4);
      if (secure) ints[INIT_INT.UMASK] = std ? std.ints[INIT_INT.UMASK]! : CMASK;
      boot.intarray = ints;
      k.pc(5);
      const ports = [...d.ports];
      while (ports.length < INIT_PORT_MAX) ports.push(0);
      boot.portarray = ports;
      k.pc(6);
      if (!d.ports[INIT_PORT.BOOTSTRAP] && oldtask) {
        ports[INIT_PORT.BOOTSTRAP] = getBootstrapPort(k, d.space, oldtask);
        replaced[INIT_PORT.BOOTSTRAP] = true;
      }
      saveBoot(k, d.space, bootName, boot, `argv ${JSON.stringify(boot.argv)} envp ${JSON.stringify(boot.envp)} dtable ${namesText(boot.dtable)} ports {${portsText(boot.portarray)}} ints {${intsText(boot.intarray)}}`);
    });

    // ------------------------------------------------------------ secure ports
    k.phase('hurd.exec.secure_ports', () => {
      const ports = [...boot.portarray];
      const use = (idx: number, name: PortName, reauth: boolean, consume: boolean, why: string) => {
        let fresh = name;
        if (name && reauth) fresh = reauthenticateIo(k, d.space, name, ports[INIT_PORT.AUTH]!, why);
        else if (!consume && name) addRefs(k, d.space, name, 1, `${why}: a reference for the bootinfo`);
        ports[idx] = fresh;
        replaced[idx] = true;
      };
      if ((secure || defaults) && !ports[INIT_PORT.AUTH]) use(INIT_PORT.AUTH, std!.ports[INIT_PORT.AUTH]!, false, false, 'AUTH := standard auth (no ids)');
      else if (secure) k.note('secure: AUTH is kept (the fs put the setuid auth there)');
      k.pc(2);
      if (secure || (defaults && !ports[INIT_PORT.PROC])) {
        const p = procTask2proc(k, d.space, info.procPort!, newtask);
        use(INIT_PORT.PROC, p, false, true, 'PROC := the exec server\'s proc for the new task');
      } else if (newtask !== oldtask && oldtask && ports[INIT_PORT.PROC]) {
        k.pc(3);
        const p = procTask2proc(k, d.space, ports[INIT_PORT.PROC]!, newtask);
        use(INIT_PORT.PROC, p, false, true, 'PROC := the user\'s proc for the new task');
      }
      k.pc(4);
      if (secure || (defaults && !ports[INIT_PORT.CRDIR])) use(INIT_PORT.CRDIR, std!.ports[INIT_PORT.CRDIR]!, true, false, 'CRDIR := the standard root');
      k.pc(5);
      if ((secure || defaults) && !ports[INIT_PORT.CWDIR]) use(INIT_PORT.CWDIR, std!.ports[INIT_PORT.CWDIR]!, true, false, 'CWDIR := the standard cwd');
      boot.portarray = ports;
      saveBoot(k, d.space, bootName, boot, `ports {${portsText(boot.portarray)}}`);
    });

    // ------------------------------------------------------------ PT_INTERP
    k.phase('hurd.exec.interp_lookup', () => {
      if (!elf!.interp) {
        k.note('no PT_INTERP: a static program');
        return;
      }
      k.pc(2);
      interpFile = fileNameLookup(k, d.space, { crdir: boot.portarray[INIT_PORT.CRDIR]!, cwdir: boot.portarray[INIT_PORT.CWDIR]! }, elf!.interp, { read: true, write: false, exec: false });
      k.pc(3);
      const c = prepareAndCheck(k, d.space, interpFile);
      if (!c.ok) k.fail(c.errno, `the interpreter ${elf!.interp}: ${c.detail}`);
      interpElf = c;
    });

    // ------------------------------------------------------------ point of no return
    k.phase('hurd.exec.trash_oldtask', () => {
      if (newtask !== oldtask) {
        k.note('a new task: the old one is left alone (it will be terminated); the dealloc and destroy lists are not applied');
        return;
      }
      const space = newSpace!;
      const pid = newPid!;
      const hadProgram = (k.state.tasks.get(pid)?.ext.hurd?.glibc ?? null) !== null;
      k.pc(2);
      terminateAllThreads(k, d.space, oldtask, 'the exec server trashes the old task');
      k.pc(3);
      deallocateAddressSpace(k, pid);
      const [s, fds] = dropGlibc(k.state, pid);
      if (fds.length) k.change(s, { kind: 'fd-closed', pid, fds, reason: 'exec-remap' });
      else k.change(s, { kind: 'note', text: 'glibc\'s memory (dtable, _hurd_ports) is gone with the address space' });
      trashed = true;
      if (hadProgram) k.emit({ kind: 'point-of-no-return', pid, phase: 'hurd.exec.trash_oldtask' });
      else k.note('the task had no program yet: nothing is lost (the caller still gets any error)');
      k.pc(4);
      if (d.dealloc.length) deallocMany(k, space, d.dealloc, `deallocnames from ${spaceLabel(k, worldOf(k.state), space)}`);
      k.pc(5);
      if (d.destroy.length) destroyMany(k, space, d.destroy, 'destroynames: every other name the old program held');
    });

    // ------------------------------------------------------------ load
    k.phase('hurd.exec.load', () => {
      const pid = newPid!;
      const problem = loadProblem(elf!.elf, k.state.machine) ?? (interpElf ? loadProblem(interpElf.elf, k.state.machine) : null);
      k.pc(2);
      if (problem) k.fail('KERN_NO_SPACE', problem);
      const task = k.state.tasks.get(pid)!;
      const mm = k.state.mms.get(task.mm)!;
      const image = d.abspath || d.path || boot.argv[0] || '?';
      const mappings = [
        { name: '[page 0: no access]', kind: 'guard' as const },
        { name: image, kind: 'text' as const },
        ...(interpElf && elf!.interp ? [{ name: elf!.interp, kind: 'interp' as const }] : []),
      ];
      k.change({ ...k.state, mms: k.state.mms.set(mm.id, { ...mm, image, mappings, argv: boot.argv, envp: boot.envp, auxv: {} }) }, {
        kind: 'memory-changed',
        pid,
        detail: `loaded ${image}${interpElf ? ` and its interpreter ${elf!.interp}` : ''}; page 0 mapped VM_PROT_NONE`,
      });
      boot.entry = interpElf ? interpElf.entry : elf!.entry;
      saveBoot(k, d.space, bootName, boot, `user_entry 0x${boot.entry.toString(16)}`);
    });

    // ------------------------------------------------------------ proc
    k.phase('hurd.exec.proc_register', () => {
      const proc = boot.portarray[INIT_PORT.PROC]!;
      const argv0 = boot.argv[0] ?? '';
      if (!proc) {
        k.pc(5);
        k.note('no proc port (early boot): only the task name');
        taskSetName(k, d.space, newtask, taskName(argv0, null));
        return;
      }
      procCall(k, d.space, proc, 'proc_set_code', ['start_code', 'end_code']);
      const pid = procTask2pid(k, d.space, proc, newtask);
      k.pc(3);
      procCall(k, d.space, proc, 'proc_set_exe', [JSON.stringify(d.abspath)], (r) => ({ ...r, exe: d.abspath }));
      const task = k.state.tasks.get(newPid!)!;
      k.change({ ...k.state, tasks: k.state.tasks.set(newPid!, { ...task, exe: d.abspath || task.exe, comm: (argv0.split('/').pop() || argv0).slice(0, 15) }) }, {
        kind: 'task-changed',
        pid: newPid!,
        field: 'exe',
        from: task.exe ?? '(none)',
        to: d.abspath || task.exe || '(none)',
      });
      taskSetName(k, d.space, newtask, taskName(argv0, pid));
      k.pc(4);
      procCall(k, d.space, proc, 'proc_set_entry', [`0x${boot.entry.toString(16)}`]);
    });

    // ------------------------------------------------------------ thread
    let thread: PortName = 0;
    k.phase('hurd.exec.thread', () => {
      thread = threadCreate(k, d.space, newtask, 'main').name;
      k.pc(2);
      k.note(`mach_setup_thread: PC = ${interpElf ? `${elf!.interp}'s entry` : 'the program\'s entry'} (0x${boot.entry.toString(16)}), a stack`);
      k.pc(3);
      if (elf!.execStack || interpElf?.execStack) k.note('the stack is made executable (PT_GNU_STACK absent or asks for it)');
    });

    // ------------------------------------------------------------ reassign
    k.phase('hurd.exec.proc_reassign', () => {
      if (newtask === oldtask || !oldtask) {
        k.note(newtask === oldtask ? 'same task: the pid stays where it is' : 'no old task: nothing to reassign');
        return;
      }
      const ports = [...boot.portarray];
      const psrv = secure || !ports[INIT_PORT.PROC] ? info.procPort! : ports[INIT_PORT.PROC]!;
      k.pc(3);
      const proc = procTask2proc(k, d.space, psrv, oldtask);
      k.pc(4);
      const newproc = procReauthenticate(k, d.space, proc, ports[INIT_PORT.AUTH]!, { task: newtask });
      dealloc(k, d.space, proc, 'the old process port (now dead)');
      k.pc(6);
      dealloc(k, d.space, ports[INIT_PORT.PROC]!, 'the stub process\'s port (dead)');
      ports[INIT_PORT.PROC] = newproc;
      boot.portarray = ports;
      newPid = oldPid;
      saveBoot(k, d.space, bootName, boot, `PROC := ${newproc} (the process's new port)`);
    });

    // ------------------------------------------------------------ bootstrap port
    k.phase('hurd.exec.bootstrap_port', () => {
      let w = worldOf(k.state);
      const bootPort = entryOf(w, d.space, bootName)!.port;
      let bt: PortName;
      [w, bt] = insertSend(w, d.space, bootPort);
      k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'insert', space: d.space, pid: party(k, d.space).pid, names: [bt], detail: 'ports_get_send_right(boot)' });
      k.pc(2);
      setBootstrapPort(k, d.space, newtask, bt);
      k.pc(3);
      dealloc(k, d.space, bt, 'the kernel keeps the task\'s send right');
    });

    // ------------------------------------------------------------ finish
    k.phase('hurd.exec.finish', () => {
      const proc = boot.portarray[INIT_PORT.PROC]!;
      if (d.flags & EXEC_SIGTRAP && proc) {
        unchecked(k, 'proc_mark_stop', () => procCall(k, d.space, proc, 'proc_mark_stop', ['SIGTRAP'], (r) => ({ ...r, stopped: 'SIGTRAP' })));
      }
      k.pc(2);
      if (proc) unchecked(k, 'proc_mark_exec', () => procCall(k, d.space, proc, 'proc_mark_exec', [], (r) => ({ ...r, execed: true })));
      k.note('ports_port_deref(boot): only the new task\'s bootstrap send right keeps the bootinfo alive');
      k.pc(3);
      if (!(d.flags & EXEC_SIGTRAP)) threadResume(k, d.space, thread);
      else k.note('EXEC_SIGTRAP: the first thread stays suspended for the debugger');
      dealloc(k, d.space, thread, 'our right to the thread');
      k.pc(4);
      if (newtask !== oldtask) {
        if (oldtask) {
          const e = entryOf(worldOf(k.state), d.space, oldtask);
          if (e && e.send > 0) taskTerminate(k, d.space, oldtask, 'the exec succeeded in a new task');
          else k.note('task_terminate(oldtask): the old task is already gone (proc terminated it)');
          dealloc(k, d.space, oldtask, 'our right to the old task');
        }
        dealloc(k, d.space, newtask, 'our right to the new task');
      } else {
        unchecked(k, 'task_resume(oldtask)', () => taskSuspend(k, d.space, oldtask, -1));
        dealloc(k, d.space, oldtask, 'our right to the task');
      }
      k.pc(5);
      const gone = d.ports.filter((p, i) => replaced[i] && p);
      if (gone.length) deallocMany(k, d.space, gone, 'the caller\'s copies of the replaced ports');
      if (interpFile) dealloc(k, d.space, interpFile, 'finish(interp)');
      dealloc(k, d.space, d.file, 'finish(e): done with the file');
      // Hand the message's rights over to the bootinfo: MIG must not destroy them.
      d.req.names.fill(0);
    });
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    failExec(k, d, { newtask, oldtask, trashed, bootName, interpFile });
    throw e;
  }
}

/** The out: path of do_exec on an error. */
function failExec(k: Kernel, d: ExecData, s: { newtask: PortName; oldtask: PortName; trashed: boolean; bootName: PortName; interpFile: PortName }): void {
  if (s.interpFile) dealloc(k, d.space, s.interpFile, 'finish(interp)');
  if (s.bootName) {
    k.note('the bootinfo is cleared (ports it got from replacements are not released: do_exec zeroes it) and its port freed');
    destroy(k, d.space, s.bootName, 'ports_port_deref(boot): the last reference');
  }
  if (s.newtask && s.newtask !== s.oldtask) {
    unchecked(k, 'task_terminate(newtask)', () => taskTerminate(k, d.space, s.newtask, 'the exec failed: the new task is killed'));
    dealloc(k, d.space, s.newtask, 'our right to the new task');
  }
  if (s.oldtask) {
    if (s.trashed) unchecked(k, 'task_terminate(oldtask)', () => taskTerminate(k, d.space, s.oldtask, 'the old task is trashed: coup de grâce'));
    else unchecked(k, 'task_resume(oldtask)', () => taskSuspend(k, d.space, s.oldtask, -1));
  }
}

function threadResume(k: Kernel, space: SpaceId, thread: PortName): void {
  kernelCall(k, { from: space, dest: thread, rpc: 'thread_resume' }, () => ({ value: undefined, out: ['the new program starts'] }));
}

/** prepare + check: io_map, io_stat, check_elf and check_elf_phdr. */
function prepareAndCheck(k: Kernel, space: SpaceId, file: PortName): ElfCheck {
  const readable = ioMap(k, space, file);
  k.pc(1);
  if (!readable) k.fail('EBADF', 'io_map gave no read memory object');
  k.pc(2);
  const inode = ioStat(k, space, file);
  k.pc(3);
  const result = checkElf(inodeAt(k.state.fs, inode.ino), k.state.machine);
  if (!result.ok && result.stage === 'check_elf_phdr') k.pc(6);
  else if (!result.ok && result.errno === 'ELIBEXEC') k.pc(5);
  else k.pc(result.ok ? 6 : 4);
  return result;
}

/** task_create (and the process proc makes for it: the pid it will have). */
function createTask(k: Kernel, space: SpaceId, parentName: PortName, oldPid: Pid | null, argv0: string, parent: string): PortName {
  let made = 0;
  const base = (argv0.split('/').pop() || 'task').slice(0, 15);
  kernelCall(k, { from: space, dest: parentName, rpc: 'task_create', args: [`parent: ${parent}`, 'inherit_memory 0'] }, () => {
    let w2 = worldOf(k.state);
    let t: SpaceId;
    [w2, t] = createMachTask(w2, `${base}(new task)`, null);
    let s = withWorld(k.state, w2);
    const old = oldPid !== null ? s.tasks.get(oldPid) : undefined;
    let pid: Pid;
    [s, pid] = newProcess(s, {
      name: `${old?.name ?? base}~${s.next.pid}`,
      ppid: 1,
      space: t,
      creds: old?.creds ?? { uid: -1, euid: -1, suid: -1, fsuid: -1, gid: -1, egid: -1, sgid: -1, fsgid: -1, groups: [] },
      cwd: old?.cwd ?? '/',
      root: old?.root ?? '/',
      umask: CMASK,
    });
    k.change(s, { kind: 'task-created', pid, parent: oldPid ?? 0, how: 'task_create by the exec server (proc gives it a pid)', name: s.tasks.get(pid)!.name });
    made = taskPortName(k, space, t);
    return { value: undefined, out: [`task ${made}`] };
  });
  return made;
}

/** Stores the bootinfo in its port object (what exec_startup_get_info will hand out). */
function saveBoot(k: Kernel, space: SpaceId, name: PortName, boot: BootInfo, detail: string): void {
  const w = worldOf(k.state);
  const e = entryOf(w, space, name);
  if (!e) return;
  const p = portOf(w, e.port);
  k.change(withWorld(k.state, { ...w, ports: w.ports.set(p.id, { ...p, object: { kind: 'execboot', boot: { ...boot } } }) }), { kind: 'note', text: `bootinfo: ${detail}` });
}
