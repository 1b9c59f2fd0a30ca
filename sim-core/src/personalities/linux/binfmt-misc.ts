/**
 * load_misc_binary (LINUX fs/binfmt_misc.c): registered interpreters chosen by
 * file name extension or magic bytes. Flag P keeps the original argv[0];
 * flag O ("open binary") hands the interpreter the binary as an open fd whose
 * number is AT_EXECFD; flag C ("credentials") takes the set-id bits from the
 * binary and implies O.
 *
 * Since v5.8 ("exec: Generic execfd support", commit b8a61c9e7b4a, SEEDS 002)
 * binfmt_misc only sets bprm->have_execfd; exec_binprm keeps the file being
 * replaced as bprm->executable and begin_new_exec installs it as the new
 * program's fd with get_unused_fd_flags(0), after close-on-exec processing.
 */
import type { Kernel } from '../../engine/kernel.js';
import { basename, inodeAt, utf8Length } from '../../model/filesystem.js';
import type { BinfmtMiscSpec } from '../../scenario/scenario.js';
import type { Bprm, ExecFile } from './bprm.js';
import { copyStringKernel } from './copy-args.js';
import { openExec } from './open-exec.js';

export function fileHead(k: Kernel, ino: number): string {
  const c = inodeAt(k.state.fs, ino).content;
  if (!c) return '';
  if (c.type === 'elf') return '\x7fELF';
  return c.text ?? '';
}

/** search_binfmt_handler: extension after the last '.' of bprm->interp, or magic at offset 0. */
function matches(rule: BinfmtMiscSpec, bprm: Bprm, head: string): boolean {
  if ('extension' in rule.match) {
    const name = basename(bprm.interp);
    const dot = name.lastIndexOf('.');
    return dot >= 0 && name.slice(dot + 1) === rule.match.extension;
  }
  return head.startsWith(rule.match.magic);
}

/** MISC_FMT_OPEN_BINARY: set by O, and by C, which implies it (check_special_flags). */
function opensBinary(rule: BinfmtMiscSpec): boolean {
  return rule.flags.includes('O') || rule.flags.includes('C');
}

export function loadMiscBinary(k: Kernel, bprm: Bprm, head: string): boolean {
  const rules = k.state.machine.binfmtMisc;
  if (!rules || rules.length === 0) return false;
  const rule = rules.find((r) => matches(r, bprm, head));
  if (!rule) return false;
  return k.phase('linux.binfmt_misc', () => {
    k.note(`binfmt_misc rule "${rule.name}" matches ${bprm.interp}: interpreter ${rule.interpreter} (flags ${rule.flags.join('') || 'none'})`);
    // The interpreter must be able to reach the binary after exec.
    k.pc(2);
    if (bprm.pathInaccessible) {
      k.fail('ENOENT', `${bprm.filename} names the binary through a close-on-exec fd: the interpreter could not open it after exec`);
    }
    k.pc(3);
    // Without P, argv[0] is dropped; the binary's name becomes argv[1] and the interpreter argv[0].
    const rest = rule.flags.includes('P') ? bprm.argv : bprm.argv.slice(1);
    if (!rule.flags.includes('P') && bprm.argv.length > 0) bprm.stringBytes -= utf8Length(bprm.argv[0]!) + 1;
    k.pc(4);
    if (opensBinary(rule)) {
      bprm.haveExecfd = true;
      k.note(`flag ${rule.flags.includes('O') ? 'O' : 'C (implies O)'}: bprm->have_execfd = 1; ${bprm.file.path} will be passed as AT_EXECFD`);
    }
    k.pc(5);
    copyStringKernel(k, bprm, bprm.interp);
    copyStringKernel(k, bprm, rule.interpreter);
    bprm.argv = [rule.interpreter, bprm.interp, ...rest];
    bprm.interp = rule.interpreter;
    k.pc(6);
    bprm.interpreter = openExec(k, bprm.pid, 'AT_FDCWD', rule.interpreter, []);
    k.pc(7);
    if (rule.flags.includes('C')) bprm.execfdCreds = true;
    return true;
  });
}

/**
 * exec_binprm, after a handler asked for another round: with have_execfd the
 * file being replaced is kept as bprm->executable (the one AT_EXECFD will
 * name); a second one means two rewrites wanted the binary open: ENOEXEC.
 */
export function takeExecutable(k: Kernel, bprm: Bprm, replaced: ExecFile): void {
  if (!bprm.haveExecfd) return;
  k.pc(6);
  if (bprm.executable) {
    k.fail('ENOEXEC', `${replaced.path} is an interpreter of a binfmt_misc O/C rule and is itself rewritten again: only one binary can be kept open for AT_EXECFD`);
  }
  bprm.executable = replaced;
  k.note(`bprm->executable = ${replaced.path} (kept open for AT_EXECFD)`);
}
