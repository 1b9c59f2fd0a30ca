/**
 * The GNU Hurd personality: exec as glibc, the filesystem, the exec server,
 * proc and auth really do it, port by port (exec-reference.md §1).
 */
import type { Personality } from '../personality.js';
import './events.js';
import './actions.js';
import './expectations.js';
import { bootAction } from './boot.js';
import { HURD_PHASES } from './catalogue.js';
import { describeHurdEvent } from './describe.js';
import { execAction, execIntoAction } from './exec-actions.js';
import { evaluateHurdExpectation } from './expectations.js';
import { chdirAction, closeAction, dupAction, exitAction, fcntlAction, openAction, sigactionAction, sigprocmaskAction, umaskAction } from './files.js';
import { spawnAction } from './spawn.js';
import { serverNames, validateHurd } from './validate.js';
import { initializeHurd } from './world.js';
import { hurdInspector } from './inspector.js';

export const hurd: Personality = {
  system: 'hurd',
  title: 'GNU Hurd on Mach',
  phases: HURD_PHASES,
  actions: {
    execve: execAction,
    execveat: execAction,
    fexecve: execAction,
    posix_spawn: spawnAction,
    file_exec_paths: execIntoAction,
    hurd_boot: bootAction,
    open: openAction,
    close: closeAction,
    dup: dupAction,
    dup2: dupAction,
    dup3: dupAction,
    fcntl: fcntlAction,
    chdir: chdirAction,
    umask: umaskAction,
    sigaction: sigactionAction,
    sigprocmask: sigprocmaskAction,
    exit: exitAction,
  },
  initialize: initializeHurd,
  validate: validateHurd,
  systemTaskNames: serverNames,
  evaluateExpectation: evaluateHurdExpectation,
  describeEvent: describeHurdEvent,
  inspector: hurdInspector,
};

export { renderRpcTrace, describeHurdEvent } from './describe.js';
export { renderNamespace, renderTaskPorts, renderGlibc, renderBootinfos, glibcInts } from './views.js';
