/**
 * load_elf_binary (LINUX fs/binfmt_elf.c): header and machine checks, the
 * program interpreter opened before anything is committed, then
 * begin_new_exec, setup_new_exec and the new stack, all inside it.
 */
import type { Kernel } from '../../engine/kernel.js';
import { inodeAt } from '../../model/filesystem.js';
import type { ElfContent } from '../../scenario/scenario.js';
import { beginNewExec, setupNewExec, startThread } from './begin-new-exec.js';
import type { Bprm } from './bprm.js';
import { openExec } from './open-exec.js';

/** elf_check_arch: the host's e_machine (a 64-bit kernel here; compat binfmts are not simulated). */
function machineMatches(elf: ElfContent, arch: string): boolean {
  return elf.machine === arch && (elf.class ?? 64) === 64;
}

export function elfOf(k: Kernel, ino: number): ElfContent | undefined {
  const content = inodeAt(k.state.fs, ino).content;
  return content?.type === 'elf' ? content : undefined;
}

/** Returns false when the file is not ELF (ENOEXEC: try the next handler). */
export function loadElfBinary(k: Kernel, bprm: Bprm): boolean {
  const elf = elfOf(k, bprm.file.ino);
  if (!elf) return false;
  return k.phase('linux.binfmt_elf.preflight', () => {
    if (elf.corrupt) k.fail('ENOEXEC', `${bprm.file.path} has a broken ELF header`);
    k.pc(2);
    if (!machineMatches(elf, k.state.machine.arch)) {
      k.fail('ENOEXEC', `${bprm.file.path} is a ${elf.class ?? 64}-bit ${elf.machine} binary; this machine is ${k.state.machine.arch}`);
    }
    k.pc(3);
    if (elf.interp !== undefined) {
      bprm.elfInterp = openExec(k, bprm.pid, 'AT_FDCWD', elf.interp, []);
      k.pc(4);
      const interp = elfOf(k, bprm.elfInterp.ino);
      if (!interp || interp.corrupt || !machineMatches(interp, k.state.machine.arch)) {
        k.fail('ELIBBAD', `the program interpreter ${elf.interp} is not an ELF file for ${k.state.machine.arch}`);
      }
    }
    k.pc(5);
    beginNewExec(k, bprm);
    k.pc(6);
    setupNewExec(k, bprm);
    startThread(k, bprm, elf);
    return true;
  });
}
