/**
 * A scenario's world made real: every absolute path of the scenario is moved
 * under a fresh temporary folder (the simulator runs the moved scenario too,
 * so both sides see the same names, lengths and `#!` lines), then the files,
 * directories, links, devices and mounts are created on the host with their
 * modes and owners. ELF files are copies of the report probe; a foreign
 * machine or a broken header is patched in; a PT_INTERP path is patched into
 * the dynamically linked copy.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ActionSpec, FsNodeSpec, Scenario, TaskSpec } from '../../sim-core/src/index.js';
import { defaultMode } from '../../sim-core/src/model/filesystem.js';
import type { Probes } from './probes.js';

export interface Places {
  /** The temp folder holding everything of one run. */
  readonly base: string;
  /** Where the scenario's "/" lives. */
  readonly root: string;
  /** Where the probes write their reports (EXECSIM_OUT). */
  readonly out: string;
}

export function makePlaces(): Places {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'execsim-fidelity-')));
  fs.chmodSync(base, 0o755);
  const root = path.join(base, 'world');
  const out = path.join(base, 'out');
  fs.mkdirSync(root, { mode: 0o755 });
  fs.mkdirSync(out);
  fs.chmodSync(out, 0o1777);
  fs.writeFileSync(path.join(out, 'results.txt'), '', { mode: 0o666 });
  fs.chmodSync(path.join(out, 'results.txt'), 0o666);
  fs.writeFileSync(path.join(out, 'ids.txt'), '', { mode: 0o666 });
  fs.chmodSync(path.join(out, 'ids.txt'), 0o666);
  return { base, root, out };
}

// ------------------------------------------------------------------ relocation

/** The environment string that tells the report probe where to write. */
export function outEnv(places: Places): string {
  return `EXECSIM_OUT=${places.out}`;
}

export function relocatePath(root: string, p: string): string {
  if (!p.startsWith('/')) return p;
  return p === '/' ? root : root + p;
}

/** The interpreter of a `#!` line moved under root; every other byte kept. */
function relocateScript(root: string, text: string): string {
  return text.replace(/^#!([ \t]*)(\/[^ \t\n\0]*)/, (_m, blanks: string, interp: string) => `#!${blanks}${relocatePath(root, interp)}`);
}

function relocateNode(root: string, n: FsNodeSpec): FsNodeSpec {
  const p = relocatePath(root, n.path);
  switch (n.kind) {
    case 'symlink':
      return { ...n, path: p, target: relocatePath(root, n.target) };
    case 'file': {
      const c = n.content;
      if (c.type === 'script') return { ...n, path: p, content: { ...c, text: relocateScript(root, c.text) } };
      if (c.type === 'elf' && c.interp !== undefined) return { ...n, path: p, content: { ...c, interp: relocatePath(root, c.interp) } };
      return { ...n, path: p };
    }
    default:
      return { ...n, path: p };
  }
}

function relocateTask(root: string, t: TaskSpec): TaskSpec {
  return {
    ...t,
    cwd: relocatePath(root, t.cwd ?? '/'),
    ...(t.exe ? { exe: relocatePath(root, t.exe) } : {}),
    fds: (t.fds ?? []).map((f) => (f.target && 'path' in f.target ? { ...f, target: { path: relocatePath(root, f.target.path) } } : f)),
  };
}

function relocateAction(root: string, env: string, a: ActionSpec): ActionSpec {
  switch (a.call) {
    case 'execve':
      return { ...a, path: relocatePath(root, a.path), envp: [...(a.envp ?? []), env] };
    case 'execveat':
      return { ...a, path: relocatePath(root, a.path), envp: [...(a.envp ?? []), env] };
    case 'fexecve':
      return { ...a, envp: [...(a.envp ?? []), env] };
    case 'open':
    case 'chdir':
      return { ...a, path: relocatePath(root, a.path) };
    default:
      return a;
  }
}

/**
 * The scenario as both sides run it: paths under root, the report probe's
 * environment string added to every exec, the host's kernel version, and no
 * expectations (the kernel is the expectation here).
 */
export function relocate(s: Scenario, places: Places, kernelVersion: string): Scenario {
  const { root } = places;
  return {
    ...s,
    machine: { ...s.machine, kernelVersion },
    filesystem: {
      mounts: s.filesystem.mounts.map((m) => ({ ...m, path: relocatePath(root, m.path) })),
      nodes: s.filesystem.nodes.map((n) => relocateNode(root, n)),
    },
    tasks: s.tasks.map((t) => relocateTask(root, t)),
    actions: s.actions.map((a) => relocateAction(root, outEnv(places), a)),
    expectations: [],
  };
}

// ------------------------------------------------------------------ the host side

/** ELF e_machine numbers (include/uapi/linux/elf-em.h) for the machines scenarios name. */
const EM: Record<string, number> = { i386: 3, x86: 3, mips: 8, ppc: 20, ppc64: 21, s390: 22, arm: 40, x86_64: 62, aarch64: 183, riscv: 243 };

function patchInterp(image: Buffer, placeholder: string, interp: string): Buffer {
  const at = image.indexOf(Buffer.from(placeholder + '\0'));
  if (at < 0) throw new Error('PT_INTERP placeholder not found in the dynamic report probe');
  if (Buffer.byteLength(interp) > placeholder.length) throw new Error(`interpreter path too long for the placeholder: ${interp}`);
  const out = Buffer.from(image);
  out.fill(0, at, at + placeholder.length);
  out.write(interp, at);
  return out;
}

function elfImage(n: Extract<FsNodeSpec, { kind: 'file' }>, probes: Probes, loaders: ReadonlySet<string>): Buffer {
  const c = n.content;
  if (c.type !== 'elf') throw new Error('internal');
  if (c.corrupt) return Buffer.concat([Buffer.from('\x7fELF', 'latin1'), Buffer.alloc(60, 0xff)]);
  if (loaders.has(n.path) && c.interp === undefined && c.machine === 'x86_64') return fs.readFileSync(probes.loader);
  let image = c.interp !== undefined ? patchInterp(fs.readFileSync(probes.reportDynamic), probes.interpPlaceholder, c.interp) : fs.readFileSync(probes.report);
  if (c.machine !== 'x86_64') {
    image = Buffer.from(image);
    image.writeUInt16LE(EM[c.machine] ?? 0x1234, 18);
  }
  return image;
}

function fileBytes(n: Extract<FsNodeSpec, { kind: 'file' }>, probes: Probes, loaders: ReadonlySet<string>): Buffer {
  const c = n.content;
  switch (c.type) {
    case 'elf':
      return elfImage(n, probes, loaders);
    case 'script':
      return Buffer.from(c.text, 'utf8');
    case 'data':
      return c.text !== undefined ? Buffer.from(c.text, 'utf8') : Buffer.alloc(c.size ?? 0);
  }
}

function mkdirs(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
}

export interface HostWorld {
  /** Mount points to unmount when done. */
  readonly mounts: readonly string[];
}

/** Whether device nodes made in the temp dir can be opened (a nodev mount cannot). */
export function canUseDevices(): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'execsim-dev-check-'));
  try {
    execFileSync('mknod', [path.join(dir, 'null'), 'c', '1', '3'], { stdio: 'pipe' });
    fs.closeSync(fs.openSync(path.join(dir, 'null'), 'r'));
    return undefined;
  } catch (e) {
    return `device nodes do not work under ${os.tmpdir()} (${((e as { stderr?: Buffer; message: string }).stderr?.toString() || (e as Error).message).trim()})`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether this machine lets us mount a tmpfs (needed for noexec/nosuid scenarios). */
export function canMount(): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'execsim-mount-check-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return `cannot mount a tmpfs here (${((e as { stderr?: Buffer }).stderr?.toString() ?? String(e)).trim()})`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates the relocated scenario's filesystem on the host. */
export function buildHostWorld(s: Scenario, probes: Probes): HostWorld {
  const mounts: string[] = [];
  for (const m of s.filesystem.mounts) {
    if (!m.noexec && !m.nosuid && !m.readonly) {
      mkdirs(m.path);
      continue;
    }
    mkdirs(m.path);
    const opts = ['mode=0755', 'size=16m', m.noexec ? 'noexec' : 'exec', m.nosuid ? 'nosuid' : 'suid'];
    execFileSync('mount', ['-t', 'tmpfs', '-o', opts.join(','), 'tmpfs', m.path], { stdio: 'pipe' });
    mounts.push(m.path);
  }
  const loaders = new Set<string>();
  for (const n of s.filesystem.nodes) if (n.kind === 'file' && n.content.type === 'elf' && n.content.interp) loaders.add(n.content.interp);
  for (const n of s.filesystem.nodes) {
    const mode = n.mode ?? defaultMode(n);
    const uid = n.owner?.uid ?? 0;
    const gid = n.owner?.gid ?? 0;
    if (n.kind === 'dir') {
      mkdirs(n.path);
    } else {
      mkdirs(path.dirname(n.path));
      switch (n.kind) {
        case 'file':
          fs.writeFileSync(n.path, fileBytes(n, probes, loaders));
          break;
        case 'symlink':
          fs.symlinkSync(n.target, n.path);
          continue; // a link's own mode and owner do not matter here
        case 'fifo':
          execFileSync('mkfifo', [n.path]);
          break;
        case 'device':
          // Every simulated device is a null device on the host: only its kind matters to exec.
          execFileSync('mknod', [n.path, n.device === 'block' ? 'b' : 'c', n.device === 'block' ? '7' : '1', n.device === 'block' ? '0' : '3']);
          break;
        case 'socket':
          throw new Error('socket nodes are not built on the host');
      }
    }
    // chown clears set-id bits, so the mode comes last.
    fs.chownSync(n.path, uid, gid);
    fs.chmodSync(n.path, mode);
  }
  return { mounts };
}

export function removePlaces(places: Places, world: HostWorld | undefined): void {
  for (const m of [...(world?.mounts ?? [])].reverse()) {
    try {
      execFileSync('umount', ['-l', m], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  }
  fs.rmSync(places.base, { recursive: true, force: true });
}
