/**
 * The image activators do_execve tries in turn (FBSD sys/kern/imgact_elf.c,
 * sys/kern/imgact_shell.c) and the set-id decision made just before them
 * (sys/kern/kern_exec.c: do_execve). The ELF activator crosses the point of no
 * return itself: it calls exec_new_vmspace, then maps the segments and loads
 * PT_INTERP, so its later failures kill the process.
 */
import type { Kernel } from '../../../engine/kernel.js';
import { taskOf } from '../../../model/fds.js';
import { S_ISGID, S_ISUID, inodeAt, mountOf } from '../../../model/filesystem.js';
import { utf8Encode } from '../../../model/bytes.js';
import type { Inode } from '../../../model/state.js';
import type { ElfContent } from '../../../scenario/scenario.js';
import { fileSize } from './open-exec.js';
import type { ImageParams, Sysvec } from './image-params.js';
import { ARG_MAX, PAGE_SIZE } from './limits.js';
import { execNewVmspace } from './vmspace.js';

/**
 * Set-id is decided before the activators: a set-id bit naming another owner
 * changes credentials unless the process is in capability mode
 * (CRED_FLAG_CAPMODE), the mount is nosuid or the process is traced. Saved ids
 * follow the effective ones either way.
 */
export function decideCredentials(k: Kernel, imgp: ImageParams, inode: Inode): void {
  const task = taskOf(k.state, imgp.pid);
  const cred = task.creds;
  imgp.credentialSetid = false;
  imgp.newcred = null;
  const changing = (!!(inode.mode & S_ISUID) && cred.euid !== inode.uid) || (!!(inode.mode & S_ISGID) && cred.egid !== inode.gid);
  k.pc(2);
  if (changing && !task.capabilityMode && !mountOf(k.state.fs, inode).nosuid && !task.ptraced) {
    imgp.credentialSetid = true;
    const euid = inode.mode & S_ISUID ? inode.uid : cred.euid;
    const egid = inode.mode & S_ISGID ? inode.gid : cred.egid;
    imgp.newcred = { ...cred, euid, fsuid: euid, suid: euid, egid, fsgid: egid, sgid: egid };
    k.note(`set-id: the new program runs with euid ${euid}, egid ${egid}`);
  } else {
    if (changing) {
      k.note(
        task.capabilityMode
          ? `${imgp.vp!.path} is set-id, which capability mode ignores (CRED_FLAG_CAPMODE)`
          : `${imgp.vp!.path} is set-id, ignored (${task.ptraced ? 'traced' : 'nosuid mount'})`,
      );
    }
    if (cred.suid !== cred.euid || cred.sgid !== cred.egid) imgp.newcred = { ...cred, suid: cred.euid, sgid: cred.egid };
  }
}

type Activation = 'not-mine' | 'activated';

/** Runs the activators (ELF first, then #!); ENOEXEC when none recognises the file. */
export function runActivators(k: Kernel, imgp: ImageParams): void {
  const inode = inodeAt(k.state.fs, imgp.vp!.ino);
  k.pc(3);
  if (elfImgact(k, imgp, inode) === 'activated') return;
  k.pc(6);
  if (shellImgact(k, imgp, inode) === 'activated') return;
  k.pc(7);
  k.fail('ENOEXEC', `${imgp.vp!.path} is neither an ELF binary nor a #! script`);
}

/** ELF brands the simulated kernel has loaded: FreeBSD's own and cloudabi64 (cloudabi64_brand: ELFOSABI_CLOUDABI, EM_X86_64). */
function brandOf(elf: ElfContent, arch: string): Sysvec | undefined {
  if (elf.machine !== arch) return undefined;
  if (elf.osabi === 'cloudabi') return 'CloudABI ELF64';
  if (elf.osabi === 'freebsd') return 'FreeBSD ELF64';
  return undefined;
}

const OSABI_NUMBER: Record<NonNullable<ElfContent['osabi']>, number> = { sysv: 0, gnu: 3, freebsd: 9, cloudabi: 17 };

/**
 * __elfN(imgact): not an ELF header (check_header) means "not mine"; a brand
 * must match EI_OSABI and the machine (ENOEXEC). Then exec_new_vmspace, the
 * PT_LOAD sections and PT_INTERP, past the point of no return.
 */
function elfImgact(k: Kernel, imgp: ImageParams, inode: Inode): Activation {
  const c = inode.content;
  if (!c || c.type !== 'elf' || c.corrupt) return 'not-mine';
  k.pc(4);
  const sysvec = brandOf(c, k.state.machine.arch);
  if (!sysvec) {
    const osabi = c.osabi ?? 'sysv';
    k.fail(
      'ENOEXEC',
      c.machine !== k.state.machine.arch
        ? `${imgp.vp!.path} is for ${c.machine}, this machine is ${k.state.machine.arch}: no ELF brand matches`
        : `ELF binary type "${OSABI_NUMBER[osabi]}" not known: only the FreeBSD and CloudABI brands are loaded`,
    );
  }
  imgp.sysvec = sysvec;
  imgp.elf = c;
  k.note(`ELF brand: ${sysvec}`);
  k.pc(5);
  k.phase('cloudabi.kern.new_vmspace', () => execNewVmspace(k, imgp, inode));
  return 'activated';
}

/**
 * exec_shell_imgact: "#!" then the interpreter name up to a blank or the end
 * of the line, and the rest of the line (blanks trimmed) as one option. The
 * first argument string is replaced by the interpreter, the option and the
 * script's name (/dev/fd/N when it was executed by fd).
 */
function shellImgact(k: Kernel, imgp: ImageParams, inode: Inode): Activation {
  const c = inode.content;
  if (!c || c.type !== 'script' || !c.text.startsWith('#!')) return 'not-mine';
  if (imgp.interpreted) k.fail('ENOEXEC', `${imgp.vp!.path} is a script used as the interpreter of a script`);
  imgp.interpreted = true;
  const text = c.text.slice(0, Math.min(fileSize(inode), PAGE_SIZE));
  let i = 2;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const ib = i;
  while (i < text.length && !' \t\n\0'.includes(text[i]!)) i++;
  const interpreter = text.slice(ib, i);
  if (interpreter === '') k.fail('ENOEXEC', `${imgp.vp!.path} names no interpreter after #!`);
  if (utf8Encode(interpreter).length >= PAGE_SIZE) k.fail('ENAMETOOLONG', `the interpreter name is ${utf8Encode(interpreter).length} bytes (MAXSHELLCMDLEN ${PAGE_SIZE})`);
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const ob = i;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\0') i++;
  const option = text.slice(ob, i).replace(/[ \t]+$/, '');
  const args = imgp.args;
  const fname = args.fname ?? `/dev/fd/${args.fd}`;
  const added = [interpreter, ...(option ? [option] : []), fname];
  const firstLen = args.argc === 0 ? 0 : args.argBytes.indexOf(0) + 1;
  const addBytes = added.reduce((n, s) => n + utf8Encode(s).length + 1, 0);
  if (addBytes - firstLen > ARG_MAX - args.argBytes.length) k.fail('E2BIG', 'no room in the argument buffer for the interpreter\'s arguments');
  args.argBytes = [...added.flatMap((s) => [...utf8Encode(s), 0]), ...args.argBytes.slice(firstLen)];
  args.argc = (args.argc === 0 ? 1 : args.argc) + 1 + (option ? 1 : 0);
  imgp.interpreterName = interpreter;
  k.note(`#! script: interpreter ${interpreter}${option ? ` with option "${option}"` : ''}, script named ${fname}`);
  return 'activated';
}
