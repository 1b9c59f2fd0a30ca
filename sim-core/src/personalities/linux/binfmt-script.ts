/** load_script (LINUX fs/binfmt_script.c): the "#!" handler. */
import type { Kernel } from '../../engine/kernel.js';
import { SysError } from '../../engine/kernel.js';
import type { Bprm } from './bprm.js';
import { copyStringKernel } from './copy-args.js';
import { utf8Length } from '../../model/filesystem.js';
import { openExec } from './open-exec.js';
import { parseShebang } from './shebang.js';

/** Returns false when the file is not a script (ENOEXEC: try the next handler). */
export function loadScript(k: Kernel, bprm: Bprm, head: string): boolean {
  return k.phase('linux.binfmt_script', () => {
    const parsed = parseShebang(head);
    if (!parsed.ok) {
      if (parsed.reason === 'not-a-script') return false;
      k.pc(2);
      const why = {
        'only-blanks': 'the #! line has only blanks',
        'no-interpreter': 'the #! line names no interpreter',
        'truncated-interpreter': 'no newline in the first 256 bytes and the interpreter name does not end inside them',
      }[parsed.reason];
      throw new SysError('ENOEXEC', `${bprm.interp}: ${why}`);
    }
    k.pc(3);
    k.note(`interpreter ${JSON.stringify(parsed.interpreter)}${parsed.arg !== undefined ? `, argument ${JSON.stringify(parsed.arg)}` : ', no argument'}`);
    k.pc(4);
    if (bprm.pathInaccessible) {
      k.fail('ENOENT', `${bprm.filename} names the script through a close-on-exec fd: the interpreter could not open it after exec`);
    }
    k.pc(5);
    // remove_arg_zero, then push the script name, the optional argument and the interpreter.
    const removed = bprm.argv.length > 0 ? bprm.argv[0]! : null;
    if (removed !== null) bprm.stringBytes -= utf8Length(removed) + 1;
    copyStringKernel(k, bprm, bprm.interp);
    if (parsed.arg !== undefined) copyStringKernel(k, bprm, parsed.arg);
    copyStringKernel(k, bprm, parsed.interpreter);
    bprm.argv = [parsed.interpreter, ...(parsed.arg !== undefined ? [parsed.arg] : []), bprm.interp, ...bprm.argv.slice(1)];
    k.change(k.state, { kind: 'note', text: `argv is now ${JSON.stringify(bprm.argv)}` });
    k.pc(6);
    bprm.interp = parsed.interpreter;
    k.pc(7);
    bprm.interpreter = openExec(k, bprm.pid, 'AT_FDCWD', parsed.interpreter, []);
    return true;
  });
}
