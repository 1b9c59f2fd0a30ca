/**
 * do_execve (FBSD sys/kern/kern_exec.c), shared by proc_exec and the native
 * execve as in the kernel: find and check the file, run the activators (the
 * ELF one crosses the point of no return), copy the arguments out, install the
 * fd table and commit. A #! script sends it back to the `interpret:` label,
 * which capability mode refuses.
 */
import { SysError, type Kernel } from '../../../engine/kernel.js';
import { taskOf } from '../../../model/fds.js';
import type { SignalName } from '../../../model/signals.js';
import { terminateProcess } from '../../common/process-ops.js';
import { updateLastMessage } from '../state.js';
import { commitExec } from './commit.js';
import { fdescfreeRemapped, fdinstallRemapped, fdunshareAndCloseexec } from './fd-remap.js';
import type { ImageParams } from './image-params.js';
import { decideCredentials, runActivators } from './imgact.js';
import { execCheckPermissions, fgetvpExec, nameiExec } from './open-exec.js';
import { copyoutAndFixup } from './sysvec.js';

export type DoExecveResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: SysError }
  /** Failed past the point of no return: the process was ended by exit1(td, 0, SIGABRT). */
  | { readonly ok: false; readonly error: SysError; readonly killed: SignalName };

export function doExecve(k: Kernel, imgp: ImageParams): DoExecveResult {
  try {
    for (;;) {
      k.phase('cloudabi.kern.open_exec', () => {
        if (imgp.args.fname !== null) {
          // interpret: the lookup of a path, which capability mode does not allow.
          k.pc(2);
          if (taskOf(k.state, imgp.pid).capabilityMode) {
            k.fail('ECAPMODE', `${imgp.interpreted ? `the interpreter ${imgp.args.fname} of a #! script` : imgp.args.fname} would be looked up by path, which capability mode refuses`);
          }
          k.pc(3);
          imgp.vp = nameiExec(k, imgp.pid, imgp.args.fname);
        } else {
          k.pc(5);
          imgp.vp = fgetvpExec(k, imgp.pid, imgp.args.fd);
        }
        execCheckPermissions(k, imgp.pid, imgp.vp);
      });
      k.phase('cloudabi.kern.activate', () => {
        decideCredentials(k, imgp, k.state.fs.inodes.get(imgp.vp!.ino)!);
        runActivators(k, imgp);
        if (imgp.interpreted && imgp.sysvec === null) {
          k.pc(8);
          // Back to interpret: with the interpreter's name; set-id is decided again for it.
          imgp.args.fname = imgp.interpreterName;
        }
      });
      if (!(imgp.interpreted && imgp.sysvec === null)) break;
    }
    k.phase('cloudabi.kern.copyout', () => copyoutAndFixup(k, imgp));
    k.phase('cloudabi.fd_install', () => {
      if (imgp.args.fdp !== null) {
        fdinstallRemapped(k, imgp.pid, imgp.args.fdp);
        imgp.args.fdp = null;
      } else {
        fdunshareAndCloseexec(k, imgp.pid);
      }
    });
    k.phase('cloudabi.kern.commit', () => commitExec(k, imgp));
    return { ok: true };
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    // exec_free_args: a remapped table that was never installed goes with fdescfree_remapped.
    if (imgp.args.fdp !== null) {
      fdescfreeRemapped(k, imgp.pid, imgp.args.fdp);
      imgp.args.fdp = null;
    }
    if (!imgp.vmspaceDestroyed) return { ok: false, error: e };
    k.change(updateLastMessage(k.state, (m) => ({ ...m, stage: 'failed', kernelErrno: e.errno, failedPhase: k.failedPhase })), {
      kind: 'note',
      text: `${e.errno} after the point of no return: exit1(td, 0, SIGABRT)`,
    });
    terminateProcess(k, imgp.pid, { signal: 'SIGABRT', reason: `exec failed after the point of no return: ${e.errno} (${e.detail})` });
    return { ok: false, error: e, killed: 'SIGABRT' };
  }
}
