/**
 * The new program's first steps (phases 25–29): GLIBC hurd/hurdstartup.c
 * _hurd_startup asks the bootstrap port (the exec server's bootinfo) for
 * everything; hurd/hurdinit.c _hurd_init installs the ports and puts the real
 * bootstrap port back; hurd/dtable.c init_dtable rebuilds the descriptors
 * with flags 0; hurd/hurdsig.c _hurdsig_init; _hurd_new_proc_init.
 */
import type { Kernel } from '../../engine/kernel.js';
import { descriptionOf, fdTableOf, targetName, taskOf } from '../../model/fds.js';
import { sigset, SIGNAL_NAMES } from '../../model/signals.js';
import { IntMap } from '../../persistent/int-map.js';
import { protidAt } from './fs.js';
import { addRefs, dealloc, party, rpc } from './ipc.js';
import { createPort, entryOf, insertSend, portOf, withWorld, worldOf } from './mach-ports.js';
import { procCall, procSetmsgport } from './proc.js';
import { sigsetOfMask } from './signals.js';
import { setFd, setGlibc, syncCoreView } from './glibc-state.js';
import { getBootstrapPort, setBootstrapPort, taskPortName } from './task-ops.js';
import { addThread, hurdTaskOf, machTaskOf } from './tasks.js';
import { intsText, namesText, portsText } from './glibc-exec.js';
import { CMASK, EXEC_SECURE, EXEC_SIGTRAP, EXEC_STACK_ARGS, INIT_INT, INIT_PORT, execFlagsText, type BootInfo, type PortName, type SpaceId } from './state.js';
import type { Pid } from '../../model/state.js';

/** What exec_startup_get_info gave the new program. */
export interface StartupInfo {
  readonly flags: number;
  readonly argv: readonly string[];
  readonly envp: readonly string[];
  readonly dtable: readonly PortName[];
  readonly ports: readonly PortName[];
  readonly ints: readonly number[];
}

/** S_exec_startup_get_info on a bootinfo port: hands everything over and zeroes its copies. */
export function serveStartupInfo(k: Kernel, server: SpaceId, bootPortId: number) {
  const w = worldOf(k.state);
  const p = portOf(w, bootPortId);
  const boot = p.object.kind === 'execboot' ? p.object.boot : null;
  if (!boot) k.fail('EOPNOTSUPP', 'not a bootinfo port');
  const given: BootInfo = boot.taken ? { ...boot, argv: [], envp: [], dtable: [], portarray: [], intarray: [] } : boot;
  const emptied: BootInfo = { ...boot, argv: [], envp: [], dtable: [], portarray: [], intarray: [], taken: true };
  k.change(withWorld(k.state, { ...w, ports: w.ports.set(p.id, { ...p, object: { kind: 'execboot', boot: emptied } }) }), {
    kind: 'note',
    text: boot.taken ? 'the bootinfo was already handed out: empty arrays' : 'the exec server hands the bootinfo over and zeroes its counts (a second call gets nothing)',
  });
  void server;
  return {
    value: { flags: given.flags, argv: given.argv, envp: given.envp, nd: given.dtable.length, np: given.portarray.length, ints: given.intarray },
    out: [`entry 0x${given.entry.toString(16)}`, `flags ${execFlagsText(given.flags)}`, `argv ${JSON.stringify(given.argv)}`, `envp ${JSON.stringify(given.envp)}`, `ints {${intsText(given.intarray)}}`],
    rights: [
      ...given.dtable.map((name, i) => ({ what: `dtable[${i}]`, name, disposition: 'MOVE_SEND' as const })),
      ...given.portarray.map((name, i) => ({ what: `portarray[${i}]`, name, disposition: 'MOVE_SEND' as const })),
    ],
  };
}

/** exec_startup_get_info from a task's bootstrap port; returns what it got (names in the task's space). */
export function execStartupGetInfo(k: Kernel, space: SpaceId, bootstrap: PortName): StartupInfo {
  const answer = rpc(k, { from: space, dest: bootstrap, rpc: 'exec_startup_get_info' }, (req) => {
    const e = entryOf(worldOf(k.state), space, bootstrap)!;
    return serveStartupInfo(k, req.space, e.port);
  });
  const names = answer.names;
  return {
    flags: answer.value.flags,
    argv: answer.value.argv,
    envp: answer.value.envp,
    dtable: names.slice(0, answer.value.nd),
    ports: names.slice(answer.value.nd, answer.value.nd + answer.value.np),
    ints: answer.value.ints,
  };
}

/** Phases 25–29 in the process's (new) task, on its first thread. */
export function startProgram(k: Kernel, pid: Pid): void {
  const task = taskOf(k.state, pid);
  if (task.threads.length === 0) return;
  if (worldOf(k.state).procs.get(pid)?.stopped) {
    k.note(`${task.name}: the first thread stays suspended (EXEC_SIGTRAP): the program starts when the debugger resumes it`);
    return;
  }
  const tid = task.threads[0]!.tid;
  k.actor('new-program', `${task.name}: _hurd_startup`, pid, tid, () => {
    const space = hurdTaskOf(k.state, pid).task;
    let info: StartupInfo | null = null;
    let self: PortName = 0;
    k.phase('hurd.newtask.startup', () => {
      k.note('vm_map(page 0, VM_PROT_NONE): a red zone');
      k.pc(2);
      self = taskPortName(k, space, space);
      insertThreadSelf(k, space, tid, 'the main thread\'s port');
      replyPort(k, space, tid, 'main');
      const bootstrap = getBootstrapPort(k, space, self, 'task_get_special_port(TASK_BOOTSTRAP_PORT)');
      if (!bootstrap) {
        k.pc(6);
        k.note('no bootstrap port: argc, argv and envp from the stack');
        return;
      }
      k.pc(3);
      info = execStartupGetInfo(k, space, bootstrap);
      k.pc(5);
      dealloc(k, space, bootstrap, 'done with the bootstrap port');
      if (info.flags & EXEC_STACK_ARGS) {
        k.pc(6);
        k.note('EXEC_STACK_ARGS: argc, argv and envp come from the stack');
      }
    });
    if (!info) return;
    initProgram(k, pid, space, self, info);
  });
}

/** Phases 26–29 with the startup data received. */
export function initProgram(k: Kernel, pid: Pid, space: SpaceId, self: PortName, info: StartupInfo): void {
  k.phase('hurd.newtask.init', () => {
    const ports = [...info.ports];
    k.pc(2);
    setBootstrapPort(k, space, self, ports[INIT_PORT.BOOTSTRAP] ?? 0, 'task_set_special_port(TASK_BOOTSTRAP_PORT)');
    k.pc(3);
    const umask = info.ints.length > INIT_INT.UMASK ? info.ints[INIT_INT.UMASK]! & 0o777 : CMASK;
    const traced = info.ints.length > INIT_INT.TRACEMASK ? info.ints[INIT_INT.TRACEMASK]! !== 0 : false;
    const t = taskOf(k.state, pid);
    let s = setGlibc(k.state, pid, { dtable: IntMap.empty(), ports, traced, execFlags: info.flags, taskSelf: self, msgport: 0 });
    s = { ...s, tasks: s.tasks.set(pid, { ...taskOf(s, pid), umask }) };
    s = syncCoreView(s, pid);
    k.change(s, { kind: 'task-changed', pid, field: 'umask', from: t.umask.toString(8).padStart(3, '0'), to: umask.toString(8).padStart(3, '0') });
    k.pc(4);
    k.note(`_hurd_ports {${portsText(ports)}}; _hurdsig_traced ${traced ? 'all' : 'none'}; __libc_enable_secure = ${info.flags & EXEC_SECURE ? 1 : 0}`);
  });

  k.phase('hurd.newtask.dtable', () => {
    const cttyid = info.ports[INIT_PORT.CTTYID] ?? 0;
    const ctty: PortName[] = [];
    for (let fd = 0; fd < info.dtable.length; fd++) {
      const port = info.dtable[fd]!;
      k.pc(1);
      if (!port) continue;
      let c: PortName = 0;
      const copyFrom = fd > 0 && info.dtable[fd - 1] === port ? fd - 1 : fd > 0 && info.dtable[0] === port ? 0 : -1;
      if (copyFrom >= 0) {
        k.pc(2);
        c = ctty[copyFrom] ?? 0;
        if (c) addRefs(k, space, c, 1, `fd ${fd} shares fd ${copyFrom}'s port: its ctty port too`);
      } else if (cttyid) {
        k.pc(3);
        c = openCtty(k, space, pid, port, cttyid);
      }
      ctty[fd] = c;
      k.pc(4);
      const s = setFd(k.state, pid, fd, { port, ctty: c, cloexec: false });
      const slot = fdTableOf(s, pid).slots.get(fd);
      const d = slot ? descriptionOf(s, slot.desc) : null;
      k.change(s, { kind: 'fd-opened', pid, fd, target: d ? targetName(d.target) : `port ${port}`, access: d?.access ?? 'path', cloexec: false, how: 'startup' });
    }
    k.note(`dtable ${namesText(info.dtable)} installed with flags 0`);
  });

  k.phase('hurd.newtask.signals', () => {
    let w = worldOf(k.state);
    let msgport: PortName;
    [w, , msgport] = createPort(w, { kind: 'msgport', pid }, `msgport ${taskOf(k.state, pid).name}(${pid})`, space);
    [w] = insertSend(w, space, entryOf(w, space, msgport)!.port);
    k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'allocate', space, pid, names: [msgport], detail: `_hurd_msgport ${msgport}: receive right and a send right` });
    k.pc(2);
    const blocked = sigsetOfMask(info.ints[INIT_INT.SIGMASK] ?? 0);
    const pending = sigsetOfMask(info.ints[INIT_INT.SIGPENDING] ?? 0);
    const ignored = sigsetOfMask(info.ints[INIT_INT.SIGIGN] ?? 0);
    const t = taskOf(k.state, pid);
    const dispositions: Record<string, 'ignore'> = {};
    for (const sig of ignored) dispositions[sig] = 'ignore';
    const main = t.threads[0]!;
    let s = { ...k.state, tasks: k.state.tasks.set(pid, { ...t, threads: t.threads.map((th) => (th.tid === main.tid ? { ...th, blocked } : th)), signals: { dispositions, pending } }) };
    s = setGlibc(s, pid, { ...hurdTaskOf(s, pid).glibc!, msgport });
    k.change(s, { kind: 'signal-changed', pid, what: 'blocked', detail: `blocked ${blocked.join(' ') || '(none)'}; pending ${pending.join(' ') || '(none)'}; SIG_IGN ${ignored.join(' ') || '(none)'}; every other signal SIG_DFL` });
    k.pc(4);
    const [s2, sigTid] = addThread(k.state, pid, 'msgport', sigset(SIGNAL_NAMES.filter((x) => x !== 'SIGKILL' && x !== 'SIGSTOP')));
    k.change(s2, { kind: 'thread-created', pid, tid: sigTid, name: 'msgport' });
    replyPort(k, space, sigTid, 'msgport');
    insertThreadSelf(k, space, sigTid, 'the signal thread\'s port');
  });

  k.phase('hurd.newtask.proc', () => {
    const g = hurdTaskOf(k.state, pid).glibc!;
    const proc = g.ports[INIT_PORT.PROC] ?? 0;
    if (!proc) {
      k.note('no proc port: nothing to tell');
      return;
    }
    const old = procSetmsgport(k, space, proc, g.msgport);
    if (old) dealloc(k, space, old, 'the old message port right proc gave back');
    k.pc(2);
    procCall(k, space, proc, 'proc_set_arg_locations', ['argv', 'environ']);
    k.pc(3);
    if (g.traced && !(info.flags & EXEC_SIGTRAP)) k.note('traced and not started with EXEC_SIGTRAP: msg_sig_post(SIGTRAP) to stop for the debugger');
  });
}

/** _hurd_port2fd's ctty magic: term_getctty, and term_open_ctty for our own terminal. */
function openCtty(k: Kernel, space: SpaceId, pid: Pid, port: PortName, cttyid: PortName): PortName {
  const pi = protidAt(k, space, port);
  const w = worldOf(k.state);
  const idPort = portOf(w, entryOf(w, space, cttyid)!.port);
  const tty = idPort.object.kind === 'cttyid' ? idPort.object.tty : null;
  if (!pi || pi.peropen.path !== tty) return 0;
  const answer = rpc(k, { from: space, dest: port, rpc: 'term_open_ctty', args: [`pid ${pid}`, 'pgrp'] }, (req) => {
    let w2 = worldOf(k.state);
    let name: PortName;
    [w2, , name] = createPort(w2, { kind: 'ctty', peropen: pi.peropen.id, tty }, `ctty ${tty} for pid ${pid}`, req.space, { armed: true });
    k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'allocate', space: req.space, pid: party(k, req.space).pid, names: [name], detail: `a ctty port on ${tty}` });
    return { value: undefined, rights: [{ what: 'newtty', name, disposition: 'MAKE_SEND' as const }] };
  });
  return answer.names[0] ?? 0;
}

/** mig_get_reply_port: a thread's MIG reply port (a receive right). */
function replyPort(k: Kernel, space: SpaceId, tid: number, thread: string): void {
  const [w, , name] = createPort(worldOf(k.state), { kind: 'reply', tid }, `reply port of thread ${tid} (${thread})`, space);
  k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'allocate', space, pid: party(k, space).pid, names: [name], detail: `mig_get_reply_port: ${name}` });
}

function insertThreadSelf(k: Kernel, space: SpaceId, tid: number, what: string): void {
  const w = worldOf(k.state);
  const port = machTaskOf(w, space).threadPorts[tid];
  if (port === undefined) return;
  const [w2, name] = insertSend(w, space, port);
  k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'insert', space, pid: party(k, space).pid, names: [name], detail: `${what} (${name})` });
}
