/**
 * The world before the first action: machine, filesystem and tasks, lowered
 * to sim-core's MachineSpec, FilesystemSpec and TaskSpec. Each field's source
 * range is recorded under its Scenario path.
 */
import type { AstNode } from 'langium';
import { acceptedOnSystem } from './systems.js';
import * as ast from '../generated/ast.js';
import type {
  Credentials,
  ElfContent,
  FdSpec,
  FdTargetSpec,
  FileContent,
  FsNodeSpec,
  MountSpec,
  Owner,
  SignalsSpec,
  TaskSpec,
  ThreadSpec,
} from '../../../../sim-core/src/scenario/scenario.js';
import type { Disposition, SignalName } from '../../../../sim-core/src/model/signals.js';
import { locOf, rangeOf, type LoweringContext } from './context.js';
import { lowerString } from './strings.js';
import { ACCESS_MODES, ELF_OSABIS, STANDARD_LOADERS, STATUS_FLAGS } from './vocabulary.js';
import { octal, oneOf, signalName, signalSet } from './words.js';
import { SECTIONS } from '../sections/index.js';
import type { FdDraft, MachineDraft, Mutable, TaskDraft } from '../sections/section.js';

// ---------------------------------------------------------------- machine

export function lowerMachine(blocks: readonly ast.Machine[], cx: LoweringContext): MachineDraft {
  const machine: MachineDraft = { arch: 'x86_64', mmu: true };
  let archNode: ast.Arch | undefined;
  for (const block of blocks) {
    for (const entry of block.entries) {
      if (!acceptedOnSystem(entry, cx)) continue;
      if (entry.$type === 'Arch') {
        if (entry.arch === undefined) continue;
        if (archNode) {
          cx.error('duplicate-statement', 'arch is given twice', `the first is on line ${rangeOf(archNode).start.line + 1}`, entry);
          continue;
        }
        archNode = entry;
        machine.arch = entry.arch;
        cx.map('machine.arch', entry, 'arch');
        continue;
      }
      for (const section of SECTIONS) if (section.lowerMachineEntry?.(entry, machine, cx)) break;
    }
  }
  if (blocks[0]) machine.loc = locOf(rangeOf(blocks[0]));
  return machine;
}

// ---------------------------------------------------------------- filesystem

export function lowerFilesystem(blocks: readonly ast.Filesystem[], arch: string, cx: LoweringContext): { mounts: MountSpec[]; nodes: FsNodeSpec[] } {
  const mounts: MountSpec[] = [];
  const nodes: FsNodeSpec[] = [];
  for (const block of blocks) {
    for (const entry of block.entries) {
      if (!acceptedOnSystem(entry, cx)) continue;
      if (entry.$type === 'Mount') {
        const m = lowerMount(entry, `filesystem.mounts[${mounts.length}]`, cx);
        if (m) mounts.push(m);
      } else {
        const n = lowerNode(entry, `filesystem.nodes[${nodes.length}]`, arch, cx);
        if (n) nodes.push(n);
      }
    }
  }
  return { mounts, nodes };
}

function lowerMount(node: ast.Mount, at: string, cx: LoweringContext): MountSpec | undefined {
  if (node.path === undefined || node.fstype === undefined) return undefined;
  const flags: { noexec?: true; nosuid?: true; readonly?: true } = {};
  for (const [i, o] of node.options.entries()) {
    const key = o.option === 'ro' ? 'readonly' : o.option;
    if (flags[key]) cx.error('bad-value', `${o.option} is given twice`, undefined, node, 'options', i);
    flags[key] = true;
  }
  cx.map(at, node);
  cx.map(`${at}.path`, node, 'path');
  return { path: node.path, fstype: node.fstype, ...flags, loc: locOf(rangeOf(node)) };
}

interface NodeAttrs {
  mode?: number;
  owner?: Owner;
  writers?: number;
}

function lowerNodeAttrs(attrs: readonly ast.NodeAttr[], at: string, isFile: boolean, cx: LoweringContext): NodeAttrs {
  const out: NodeAttrs = {};
  const seen = new Set<string>();
  for (const a of attrs) {
    const key = a.$type;
    if (seen.has(key)) {
      cx.error('duplicate-statement', `${key === 'ModeAttr' ? 'mode' : key === 'OwnerAttr' ? 'owner' : 'open for writing'} is given twice`, undefined, a);
      continue;
    }
    seen.add(key);
    if (a.$type === 'ModeAttr') {
      const mode = octal(a.mode, 'mode', cx, a, 'mode');
      if (mode !== undefined) out.mode = mode;
      cx.map(`${at}.mode`, a, 'mode');
    } else if (a.$type === 'OwnerAttr') {
      if (a.uid !== undefined && a.gid !== undefined) out.owner = { uid: a.uid, gid: a.gid };
    } else if (a.$type === 'WritersAttr') {
      if (!isFile) {
        cx.error('bad-value', 'only a file can be open for writing', undefined, a);
        continue;
      }
      out.writers = a.writing ? 1 : (a.count ?? 0);
    }
  }
  return out;
}

function common(node: AstNode & { path: string }, attrs: NodeAttrs): { path: string; mode?: number; owner?: Owner } {
  return { path: node.path, ...(attrs.mode !== undefined ? { mode: attrs.mode } : {}), ...(attrs.owner ? { owner: attrs.owner } : {}) };
}

function lowerNode(node: ast.FsEntry, at: string, arch: string, cx: LoweringContext): FsNodeSpec | undefined {
  if (node.$type === 'Mount' || node.path === undefined) return undefined;
  const isFile = node.$type === 'FileNode';
  const attrs = lowerNodeAttrs(node.attrs, at, isFile, cx);
  const loc = locOf(rangeOf(node));
  cx.map(at, node);
  cx.map(`${at}.path`, node, 'path');
  const base = common(node as AstNode & { path: string }, attrs);
  if (node.$type === 'FileNode') {
    cx.map(`${at}.content`, node, 'content');
    const content = lowerContent(node.content, arch, cx);
    if (!content) return undefined;
    return { kind: 'file', ...base, content, ...(attrs.writers !== undefined ? { writers: attrs.writers } : {}), loc } as FsNodeSpec;
  }
  if (node.$type === 'DirNode') return { kind: 'dir', ...base, loc };
  if (node.$type === 'DeviceNode') return { kind: 'device', ...base, device: node.device ?? 'char', loc };
  if (node.$type === 'FifoNode') return { kind: 'fifo', ...base, loc };
  if (node.$type === 'SocketNode') return { kind: 'socket', ...base, loc };
  if (node.$type === 'SymlinkNode') {
    if (node.target === undefined) return undefined;
    cx.map(`${at}.target`, node, 'target');
    return { kind: 'symlink', ...base, target: node.target, loc };
  }
  return undefined;
}

function lowerContent(content: ast.FileContent | undefined, arch: string, cx: LoweringContext): FileContent | undefined {
  if (!content) return undefined;
  if (content.$type === 'ScriptContent') {
    const text = lowerString(content.text, cx);
    return text === undefined ? undefined : { type: 'script', text };
  }
  if (content.$type === 'DataContent') {
    const text = content.text ? lowerString(content.text, cx) : undefined;
    if (content.text && text === undefined) return undefined;
    return { type: 'data', ...(text !== undefined ? { text } : {}), ...(content.size !== undefined ? { size: content.size } : {}) };
  }
  return lowerElf(content, arch, cx);
}

function lowerElf(node: ast.ElfContent, arch: string, cx: LoweringContext): ElfContent | undefined {
  const machine = node.machine ?? arch;
  const elf: Mutable<ElfContent> = { type: 'elf', machine };
  const seen = new Map<string, AstNode>();
  let linkage: AstNode | undefined;
  for (const a of node.attrs) {
    const isLinkage = a.$type === 'ElfInterp' || a.$type === 'ElfStatic' || a.$type === 'ElfDynamic';
    const key = isLinkage ? 'linkage' : a.$type;
    const first = isLinkage ? linkage : seen.get(key);
    if (first) {
      const what = isLinkage ? 'interp, static and dynamic exclude each other' : `${keywordOf(a)} is given twice`;
      cx.error('duplicate-statement', what, `see ${keywordOf(first)} before it on this line`, a);
      continue;
    }
    if (isLinkage) linkage = a;
    else seen.set(key, a);
    if (a.$type === 'ElfInterp') {
      if (a.path !== undefined) elf.interp = a.path;
    } else if (a.$type === 'ElfDynamic') {
      const loader = STANDARD_LOADERS[machine];
      if (loader) elf.interp = loader;
      else cx.error('bad-value', `no standard program interpreter is known for ${machine}`, `write it: interp /lib/ld-linux-….so`, a);
    } else if (a.$type === 'ElfClass') {
      if (a.bits === 32 || a.bits === 64) elf.class = a.bits;
      else if (a.bits !== undefined) cx.error('bad-value', `ELF class ${a.bits} does not exist`, 'class 32 or class 64', a, 'bits');
    } else if (a.$type === 'ElfOsAbi') {
      const osabi = oneOf(a.osabi, ELF_OSABIS, 'OS ABI', cx, a, 'osabi');
      if (osabi) elf.osabi = osabi;
    } else if (a.$type === 'ElfType') {
      if (a.type) elf.elfType = a.type;
    } else if (a.$type === 'ElfEntry') {
      if (a.address !== undefined) elf.entry = a.address;
    } else if (a.$type === 'ElfSize') {
      if (a.size !== undefined) elf.size = a.size;
    } else if (a.$type === 'ElfSegments') {
      elf.segments = a.segments.filter((s) => s.offset !== undefined && s.filesz !== undefined).map((s) => ({ offset: s.offset, filesz: s.filesz }));
    } else if (a.$type === 'ElfExecStack') {
      elf.execStack = true;
    } else if (a.$type === 'ElfCorrupt') {
      elf.corrupt = true;
    }
  }
  // A fixed key order keeps lowered scenarios byte-identical however the attributes were written.
  const order: (keyof ElfContent)[] = ['type', 'machine', 'class', 'osabi', 'elfType', 'entry', 'interp', 'segments', 'size', 'execStack', 'corrupt'];
  return Object.fromEntries(order.filter((k) => elf[k] !== undefined).map((k) => [k, elf[k]])) as unknown as ElfContent;
}

function keywordOf(node: AstNode): string {
  return node.$cstNode?.text.split(/\s+/)[0] ?? node.$type;
}

// ---------------------------------------------------------------- tasks

const CREDENTIAL_ORDER: (keyof Credentials)[] = ['uid', 'euid', 'suid', 'fsuid', 'gid', 'egid', 'sgid', 'fsgid', 'groups'];

export function lowerTask(node: ast.Task, at: string, cx: LoweringContext): TaskSpec | undefined {
  if (node.name === undefined || node.pid === undefined) return undefined;
  const task: TaskDraft = { name: node.name, pid: node.pid };
  cx.map(at, node);
  cx.map(`${at}.name`, node, 'name');
  cx.map(`${at}.pid`, node, 'pid');
  const fds: FdSpec[] = [];
  const threads: ThreadSpec[] = [];
  const signals: { blocked?: SignalName[]; pending?: SignalName[]; dispositions?: Partial<Record<SignalName, Disposition>> } = {};
  const seen = new Map<string, AstNode>();
  const once = (key: string, word: string, attr: AstNode): boolean => {
    const first = seen.get(key);
    if (first) {
      cx.error('duplicate-statement', `${word} is given twice for task ${node.name}`, `the first is on line ${rangeOf(first).start.line + 1}`, attr);
      return false;
    }
    seen.set(key, attr);
    return true;
  };

  for (const entry of node.entries) {
    if (entry.$type === 'FdEntry') {
      const fd = lowerFd(entry, `${at}.fds[${fds.length}]`, cx);
      if (fd) fds.push(fd);
    } else if (entry.$type === 'ThreadDecl') {
      if (entry.name === undefined) continue;
      const tat = `${at}.threads[${threads.length}]`;
      const blocked = entry.blocked ? signalSet(entry, cx) : undefined;
      threads.push({ name: entry.name, ...(entry.tid !== undefined ? { tid: entry.tid } : {}), ...(blocked ? { blocked } : {}), loc: locOf(rangeOf(entry)) });
      cx.map(tat, entry);
      cx.map(`${tat}.name`, entry, 'name');
      cx.map(`${tat}.tid`, entry, 'tid');
    } else if (entry.$type === 'TaskAttrLine') {
      for (const a of entry.attrs) {
        if (!acceptedOnSystem(a, cx)) continue;
        if (a.$type === 'PpidAttr') {
          if (once('ppid', 'ppid', a) && a.ppid !== undefined) task.ppid = a.ppid;
        } else if (a.$type === 'CommAttr') {
          if (once('comm', 'comm', a) && a.comm !== undefined) task.comm = a.comm;
        } else if (a.$type === 'ExeAttr') {
          if (once('exe', 'exe', a) && a.path !== undefined) {
            task.exe = a.path;
            cx.map(`${at}.exe`, a, 'path');
          }
        } else if (a.$type === 'CredAttr') {
          if (once(a.field, a.field, a) && a.value !== undefined) {
            (task.creds ??= {})[a.field] = a.value;
            cx.map(`${at}.creds.${a.field}`, a, 'value');
          }
        } else if (a.$type === 'GroupsAttr') {
          if (once('groups', 'groups', a)) (task.creds ??= {}).groups = a.none ? [] : [...a.groups];
        } else if (a.$type === 'CwdAttr') {
          if (once('cwd', 'cwd', a) && a.path !== undefined) {
            task.cwd = a.path;
            cx.map(`${at}.cwd`, a, 'path');
          }
        } else if (a.$type === 'RootAttr') {
          if (once('root', 'root', a) && a.path !== undefined) {
            task.root = a.path;
            cx.map(`${at}.root`, a, 'path');
          }
        } else if (a.$type === 'UmaskAttr') {
          if (once('umask', 'umask', a)) {
            const mask = octal(a.mask, 'umask', cx, a, 'mask');
            if (mask !== undefined) task.umask = mask;
            cx.map(`${at}.umask`, a, 'mask');
          }
        } else if (a.$type === 'BlockedAttr') {
          if (once('blocked', 'blocked', a)) {
            const set = signalSet(a, cx);
            if (set) signals.blocked = set;
            cx.map(`${at}.signals`, a);
          }
        } else if (a.$type === 'PendingAttr') {
          if (once('pending', 'pending', a)) {
            const set = signalSet(a, cx);
            if (set) signals.pending = set;
          }
        } else if (a.$type === 'SignalAttr') {
          const sig = signalName(a.signal, cx, a, 'signal');
          if (sig && a.disposition && once(`signal ${sig}`, `the disposition of ${sig}`, a)) (signals.dispositions ??= {})[sig] = a.disposition;
        } else if (a.$type === 'RlimitAttr') {
          if (a.resource && a.value !== undefined && once(`rlimit ${a.resource}`, `rlimit ${a.resource}`, a)) {
            task.rlimits = { ...task.rlimits, [a.resource]: a.value };
          }
        } else if (a.$type === 'PtracedAttr') {
          if (once('ptraced', 'ptraced', a)) task.ptraced = true;
        } else {
          for (const section of SECTIONS) if (section.lowerTaskAttr?.(a, task, at, cx)) break;
        }
      }
    }
  }
  if (fds.length) task.fds = fds;
  if (threads.length) task.threads = threads;
  if (signals.blocked || signals.pending || signals.dispositions) task.signals = orderedSignals(signals);
  task.loc = locOf(rangeOf(node));
  return orderedTask(task);
}

function orderedSignals(s: SignalsSpec): SignalsSpec {
  return {
    ...(s.blocked ? { blocked: s.blocked } : {}),
    ...(s.pending ? { pending: s.pending } : {}),
    ...(s.dispositions ? { dispositions: s.dispositions } : {}),
  };
}

const TASK_ORDER: (keyof TaskSpec)[] = [
  'name', 'pid', 'ppid', 'comm', 'exe', 'creds', 'noNewPrivs', 'ptraced', 'cwd', 'root', 'umask',
  'fds', 'threads', 'signals', 'rlimits', 'kind', 'capabilityMode', 'hurd', 'loc',
];

function orderedTask(task: TaskDraft): TaskSpec {
  const out: Record<string, unknown> = {};
  for (const key of TASK_ORDER) {
    let value: unknown = task[key];
    if (value === undefined) continue;
    if (key === 'creds') {
      const c = value as Record<string, unknown>;
      value = Object.fromEntries(CREDENTIAL_ORDER.filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
    } else if (key === 'rlimits') {
      const r = value as Record<string, unknown>;
      value = Object.fromEntries(['stack', 'nproc'].filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
    }
    out[key] = value;
  }
  return out as unknown as TaskSpec;
}

function lowerFd(node: ast.FdEntry, at: string, cx: LoweringContext): FdSpec | undefined {
  if (node.fd === undefined || !node.target) return undefined;
  cx.map(at, node);
  cx.map(`${at}.fd`, node, 'fd');
  cx.map(`${at}.target`, node, 'target');
  cx.map(`${at}.dupOf`, node, 'target');
  const t = node.target;
  let target: FdTargetSpec | undefined;
  let dupOf: number | undefined;
  if (t.$type === 'FdPath') target = t.path === undefined ? undefined : { path: t.path };
  else if (t.$type === 'FdSocket') target = t.name === undefined ? undefined : { socket: t.name };
  else if (t.$type === 'FdPipe') target = t.name === undefined || !t.end ? undefined : { pipe: t.name, end: t.end };
  else if (t.$type === 'FdKqueue') target = t.name === undefined ? undefined : { kqueue: t.name };
  else if (t.$type === 'FdDup') dupOf = t.of;
  if (!target && dupOf === undefined) return undefined;
  let access: FdSpec['access'];
  let cloexec = false;
  const statusFlags: string[] = [];
  const extra: FdDraft = {};
  for (const a of node.attrs) {
    if (!acceptedOnSystem(a, cx)) continue;
    if (a.$type === 'AccessAttr') {
      if (access) cx.error('duplicate-statement', `fd ${node.fd} is given two access modes`, `${access} or ${a.access}: one of ${ACCESS_MODES.join(', ')}`, a);
      else access = a.access as FdSpec['access'];
    } else if (a.$type === 'CloexecAttr') {
      if (cloexec) cx.error('duplicate-statement', 'cloexec is given twice', undefined, a);
      cloexec = true;
    } else if (a.$type === 'StatusFlagAttr') {
      const flag = oneOf(a.flag, STATUS_FLAGS, 'file status flag', cx, a, 'flag');
      if (flag && !statusFlags.includes(flag)) statusFlags.push(flag);
    } else {
      for (const section of SECTIONS) if (section.lowerFdAttr?.(a, extra, at, cx)) break;
    }
  }
  if (dupOf !== undefined && (access || statusFlags.length)) {
    cx.error('bad-value', `fd ${node.fd} shares the open file description of fd ${dupOf}: its access and status flags are that description's`, 'write only cloexec after dup N', node, 'attrs');
  }
  return {
    fd: node.fd,
    ...(target ? { target } : {}),
    ...(access ? { access } : {}),
    ...(cloexec ? { cloexec } : {}),
    ...(statusFlags.length ? { statusFlags } : {}),
    ...(dupOf !== undefined ? { dupOf } : {}),
    ...(extra.rights ? { rights: extra.rights } : {}),
    loc: locOf(rangeOf(node)),
  };
}
