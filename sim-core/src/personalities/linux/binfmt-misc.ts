/**
 * load_misc_binary (LINUX fs/binfmt_misc.c): registered interpreters chosen by
 * file name extension or magic bytes. Flag O hands the interpreter the binary
 * as an open fd (AT_EXECFD), flag C takes credentials from the binary, flag P
 * keeps the original argv[0].
 */
import type { Kernel } from '../../engine/kernel.js';
import { basename, inodeAt } from '../../model/filesystem.js';
import type { BinfmtMiscSpec } from '../../scenario/scenario.js';
import type { Bprm } from './bprm.js';
import { copyStringKernel } from './copy-args.js';
import { openExec } from './open-exec.js';

export function fileHead(k: Kernel, ino: number): string {
  const c = inodeAt(k.state.fs, ino).content;
  if (!c) return '';
  if (c.type === 'elf') return '\x7fELF';
  return c.text ?? '';
}

function matches(rule: BinfmtMiscSpec, bprm: Bprm, head: string): boolean {
  if ('extension' in rule.match) {
    const name = basename(bprm.interp);
    const dot = name.lastIndexOf('.');
    return dot >= 0 && name.slice(dot + 1) === rule.match.extension;
  }
  return head.startsWith(rule.match.magic);
}

export function loadMiscBinary(k: Kernel, bprm: Bprm, head: string): boolean {
  const rules = k.state.machine.binfmtMisc ?? [];
  const rule = rules.find((r) => matches(r, bprm, head));
  if (!rule) return false;
  return k.phase('linux.binfmt_misc', () => {
    k.note(`binfmt_misc rule "${rule.name}" matches ${bprm.interp}: interpreter ${rule.interpreter} (flags ${rule.flags.join('') || 'none'})`);
    k.pc(3);
    if (rule.flags.includes('O')) {
      if (bprm.haveExecfd) k.fail('ENOEXEC', 'a second binfmt_misc O handler in the same exec');
      bprm.haveExecfd = true;
      bprm.execfdCreds = rule.flags.includes('C');
    }
    k.pc(4);
    // Without P, argv[0] is dropped; the binary's name becomes argv[1] and the interpreter argv[0].
    const rest = rule.flags.includes('P') ? bprm.argv : bprm.argv.slice(1);
    if (!rule.flags.includes('P') && bprm.argv.length > 0) bprm.stringBytes -= bprm.argv[0]!.length + 1;
    k.pc(5);
    copyStringKernel(k, bprm, bprm.interp);
    copyStringKernel(k, bprm, rule.interpreter);
    bprm.argv = [rule.interpreter, bprm.interp, ...rest];
    bprm.interp = rule.interpreter;
    k.pc(6);
    bprm.interpreter = openExec(k, bprm.pid, 'AT_FDCWD', rule.interpreter, []);
    return true;
  });
}
