/**
 * The argument space of the new program (LINUX fs/exec.c: bprm_stack_limits,
 * copy_strings, copy_string_kernel, get_arg_page): strings are copied to a
 * temporary stack that grows down from the top of the new mm.
 */
import type { Kernel } from '../../engine/kernel.js';
import { utf8Length } from '../../model/filesystem.js';
import { ARG_MAX, MAX_ARG_STRINGS, MAX_ARG_STRLEN, PAGE_SIZE, POINTER_SIZE, STK_LIM, type Bprm } from './bprm.js';

/** bprm_stack_limits: room for the strings once the pointer arrays are set aside. */
export function stackLimits(k: Kernel, bprm: Bprm, argc: number, envc: number): void {
  if (argc > MAX_ARG_STRINGS || envc > MAX_ARG_STRINGS) k.fail('E2BIG', 'more than MAX_ARG_STRINGS strings');
  let limit = Math.floor(STK_LIM / 4) * 3;
  limit = Math.min(limit, Math.floor(bprm.rlimStack / 4));
  limit = Math.max(limit, ARG_MAX);
  const ptrSize = (Math.max(argc, 1) + envc) * POINTER_SIZE;
  if (limit <= ptrSize) k.fail('E2BIG', `${argc} arguments and ${envc} environment strings need ${ptrSize} bytes of pointers; the limit is ${limit}`);
  bprm.limit = limit - ptrSize;
}

/** Copies one string into the argument space, with every check copy_strings makes. */
export function copyStringKernel(k: Kernel, bprm: Bprm, s: string): void {
  const len = utf8Length(s) + 1;
  if (len > MAX_ARG_STRLEN) k.fail('E2BIG', `a string of ${len} bytes (with its NUL) exceeds MAX_ARG_STRLEN (${MAX_ARG_STRLEN})`);
  bprm.stringBytes += len;
  if (bprm.stringBytes > bprm.limit) {
    k.fail('E2BIG', `argument and environment strings need ${bprm.stringBytes} bytes; the limit is ${bprm.limit}`);
  }
  // get_arg_page → expand_downwards: the temporary stack VMA grows page by page,
  // and acct_stack_growth refuses to make it larger than the caller's RLIMIT_STACK.
  const stackSize = stackPages(bprm.stringBytes + POINTER_SIZE);
  if (stackSize > bprm.rlimStack) {
    k.fail('E2BIG', `the temporary argument stack would be ${stackSize} bytes, over RLIMIT_STACK (${bprm.rlimStack})`);
  }
}

export function copyStrings(k: Kernel, bprm: Bprm, strings: readonly string[]): void {
  for (const s of strings) copyStringKernel(k, bprm, s);
}

/**
 * Auxiliary vector entries create_elf_tables writes on x86-64, AT_NULL
 * included (fs/binfmt_elf.c: ARCH_DLINFO's AT_SYSINFO_EHDR and AT_MINSIGSTKSZ,
 * AT_HWCAP, AT_HWCAP2, AT_PAGESZ, AT_CLKTCK, AT_PHDR, AT_PHENT, AT_PHNUM,
 * AT_BASE, AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE,
 * AT_RANDOM, AT_EXECFN, AT_PLATFORM, AT_RSEQ_FEATURE_SIZE, AT_RSEQ_ALIGN);
 * AT_EXECFD adds one.
 */
export const AUXV_ENTRIES = 23;

const round16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * Bytes from the top of the new stack down to the stack pointer the program
 * starts with (fs/binfmt_elf.c: create_elf_tables): the strings, aligned to 16
 * bytes (arch_align_stack, whose random shift of up to 8 KiB is left out: the
 * simulator is deterministic), the AT_PLATFORM string and 16 AT_RANDOM bytes,
 * then the auxv, envp and argv arrays and argc, aligned again. Checked against
 * Linux 6.18: with a 64 KiB RLIMIT_STACK and randomisation off, a program runs
 * exactly while this is at most 65,536 bytes.
 */
export function newStackBytes(bprm: Bprm, platform: string): number {
  let used = round16(POINTER_SIZE + bprm.stringBytes);
  used += utf8Length(platform) + 1 + 16;
  const words = 2 * (AUXV_ENTRIES + (bprm.haveExecfd ? 1 : 0)) + (bprm.argv.length + 1) + (bprm.envp.length + 1) + 1;
  return round16(used + words * POINTER_SIZE);
}

/** Bytes of stack a size needs, in whole pages (the stack VMA grows page by page). */
export function stackPages(bytes: number): number {
  return Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;
}
