/**
 * The exec server's ELF checks on the facts a scenario gives (HURD
 * exec/exec.c check_elf, check_elf_phdr, load; exec/hostarch.c).
 */
import type { Errno } from '../../model/errno.js';
import type { Inode } from '../../model/state.js';
import type { ElfContent, MachineSpec } from '../../scenario/scenario.js';


/** Default size of an ELF file whose size the scenario does not give. */
export const DEFAULT_ELF_SIZE = 16384;
/** Default entry point (non-zero: a program, not a shared library). */
export const DEFAULT_ENTRY = 0x1000;

export function hostClass(machine: MachineSpec): 32 | 64 {
  return /^(i[3-6]86|x86|arm|armv7|ia32)$/.test(machine.arch) ? 32 : 64;
}

/** Highest user address (VM_MAX_ADDRESS) for the host's class. */
export function vmMax(machine: MachineSpec): number {
  return hostClass(machine) === 64 ? 0x800000000000 : 0xc0000000;
}

export type ElfCheck =
  | { readonly ok: true; readonly elf: ElfContent; readonly size: number; readonly interp: string | null; readonly entry: number; readonly execStack: boolean }
  | { readonly ok: false; readonly errno: Errno; readonly detail: string; /** check_elf's ENOEXEC (a #! script may follow) or check_elf_phdr's. */ readonly stage: 'check_elf' | 'check_elf_phdr' };

export function fileSize(inode: Inode): number {
  const c = inode.content;
  if (!c) return 0;
  if (c.type === 'elf') return c.size ?? DEFAULT_ELF_SIZE;
  if (c.type === 'script') return c.text.length;
  return c.size ?? c.text?.length ?? 0;
}

/** check_elf, then (if it passed) check_elf_phdr. */
export function checkElf(inode: Inode, machine: MachineSpec): ElfCheck {
  const c = inode.content;
  if (!c || c.type !== 'elf') return { ok: false, errno: 'ENOEXEC', detail: 'no ELF magic', stage: 'check_elf' };
  if (c.corrupt) return { ok: false, errno: 'ENOEXEC', detail: 'bad ELF header (class, data, version, ehsize or phentsize)', stage: 'check_elf' };
  const cls = c.class ?? hostClass(machine);
  if (cls !== hostClass(machine)) return { ok: false, errno: 'ENOEXEC', detail: `ELFCLASS${cls} on a ${hostClass(machine)}-bit host`, stage: 'check_elf' };
  if (c.machine !== machine.arch) return { ok: false, errno: 'ENOEXEC', detail: `e_machine ${c.machine} is not the host's (${machine.arch}): elf_machine_matches_host`, stage: 'check_elf' };
  const entry = c.entry ?? DEFAULT_ENTRY;
  if (entry === 0) return { ok: false, errno: 'ELIBEXEC', detail: 'e_entry is 0: a shared library cannot be run', stage: 'check_elf' };
  const size = c.size ?? DEFAULT_ELF_SIZE;
  for (const seg of c.segments ?? []) {
    if (size <= seg.offset + seg.filesz) {
      return {
        ok: false,
        errno: 'ENOEXEC',
        detail: `PT_LOAD at offset ${seg.offset} + filesz ${seg.filesz} = ${seg.offset + seg.filesz} reaches end of file (size ${size}): file_size <= p_offset + p_filesz`,
        stage: 'check_elf_phdr',
      };
    }
  }
  return { ok: true, elf: c, size, interp: c.interp ?? null, entry, execStack: c.execStack ?? true };
}

/** load: a segment that cannot fit the address space (vm_map/vm_allocate: KERN_NO_SPACE). */
export function loadProblem(elf: ElfContent, machine: MachineSpec): string | null {
  const max = vmMax(machine);
  for (const seg of elf.segments ?? []) if ((seg.memsz ?? seg.filesz) >= max) return `a PT_LOAD segment of ${seg.memsz ?? seg.filesz} bytes does not fit below VM_MAX_ADDRESS`;
  return null;
}
