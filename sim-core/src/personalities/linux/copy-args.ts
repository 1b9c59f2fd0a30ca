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
  // get_arg_page: the temporary stack VMA grows page by page and may not exceed RLIMIT_STACK.
  const stackSize = Math.ceil((bprm.stringBytes + POINTER_SIZE) / PAGE_SIZE) * PAGE_SIZE;
  if (stackSize > bprm.rlimStack) {
    k.fail('E2BIG', `the temporary argument stack would be ${stackSize} bytes, over RLIMIT_STACK (${bprm.rlimStack})`);
  }
}

export function copyStrings(k: Kernel, bprm: Bprm, strings: readonly string[]): void {
  for (const s of strings) copyStringKernel(k, bprm, s);
}

/**
 * Room the final stack needs beyond the strings: pointer arrays, auxv, the
 * platform string, 16 random bytes and alignment (fs/binfmt_elf.c: create_elf_tables).
 * One page is an approximation that matches the measured boundary with a 64 KiB
 * RLIMIT_STACK: 60,000-byte arguments run, 62,000-byte ones are killed.
 */
export const FINAL_STACK_OVERHEAD = PAGE_SIZE;
