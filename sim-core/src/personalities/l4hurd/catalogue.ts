/**
 * The exec protocol Marcus Brinkmann proposed for the Hurd on L4 (exec-reference
 * §4), phase by phase. It was a proposal ("approximately this"), never an
 * implementation: the phases follow SEEDS 003; the later design document
 * (L4DOC OldRepoPreservation/viengoos doc/posix.tex, "The exec() function")
 * is cited where it says more. Steps the proposal keeps "the same in the
 * current and the new protocol" (the filesystem's part) follow the Hurd on Mach.
 */
import type { Citation, PhaseInfo } from '../../catalogue/types.js';

const SEED = '003_b78203be85075e2d.txt';
const seed = (what: string): Citation => ({ source: 'SEEDS', file: SEED, function: what });
const l4doc = (what: string): Citation => ({ source: 'L4DOC', file: 'doc/posix.tex', function: what });

type Def = Omit<PhaseInfo, 'system' | 'order' | 'failureVisible'> & { failureVisible?: PhaseInfo['failureVisible'] };

const defs: Def[] = [
  {
    id: 'l4hurd.call',
    actor: 'glibc',
    title: 'exec call',
    summary: 'The caller looks the file up in its own namespace, packs the words the new program needs, and calls exec with the file, its task object, the flags and the words.',
    citations: [seed('The exec call accepts the file and task object, the flags and an array of words')],
    pseudo: [
      'file = lookup(path) from the caller\'s own root and cwd  // ENOENT, ENOTDIR, EACCES',
      'words = argv, envp, the fds to keep and their handles, cwd/root/auth/proc handles,',
      '        and the handles the new task must deallocate (close-on-exec fds)',
      'file_exec(file, task, flags, words)',
    ],
    errors: [
      { errno: 'ENOENT', when: 'the file (or a directory on the way) does not exist in the caller\'s namespace' },
      { errno: 'ENOTDIR', when: 'a component used as a directory is not one' },
      { errno: 'EACCES', when: 'no search permission on a directory' },
      { errno: 'ELOOP', when: 'the simulator stops after 6 rounds of script interpreters (the proposal sets no limit)' },
    ],
  },
  {
    id: 'l4hurd.file_exec',
    actor: 'fs',
    title: 'file_exec',
    summary: 'The filesystem checks execute permission and, for a set-id file whose ids are new to a non-root caller, makes the exec secure with a new auth handle (unchanged from the Mach protocol).',
    citations: [seed('there are some steps I left out because they are the same in the current and the new protocol'), { source: 'HURD', file: 'libdiskfs/file-exec.c', function: 'diskfs_S_file_exec_paths' }],
    pseudo: [
      'not a regular file, or no execute permission for the caller: EACCES',
      'set-id and the ids are new to the caller (not root): flags |= secure; new auth handle',
      'exec_exec(file, task, flags, words, new auth)  // to the exec server',
    ],
    errors: [{ errno: 'EACCES', when: 'not a regular file, or no execute permission' }],
  },
  {
    id: 'l4hurd.script_check',
    actor: 'exec-server',
    title: 'script check',
    summary: 'A script in a non-secure exec goes back to the caller with the interpreter\'s name; in a secure exec, exec looks the interpreter up in its own root filesystem, never the user\'s root.',
    citations: [seed('if the executable is a script, return to the caller and let it know about the interpreter name [and arguments?], if we are not secure'), seed('In secure mode, look up the interpreter from our root filesystem')],
    pseudo: [
      'read the header of the file',
      'script and not secure: return to the caller with the interpreter name  // [and arguments?]',
      'script and secure: look the interpreter up in exec\'s own root filesystem',
      'ELF: check it; its program interpreter (PT_INTERP) comes from exec\'s own root',
      'neither a script nor an ELF file for this machine: ENOEXEC',
    ],
    errors: [
      { errno: 'ENOEXEC', when: 'not a script and not an ELF file for this machine' },
      { errno: 'ENOENT', when: 'secure exec: the interpreter, or the program interpreter, is not in exec\'s own root' },
    ],
  },
  {
    id: 'l4hurd.interp_lookup',
    actor: 'glibc',
    title: 'caller looks up the interpreter',
    summary: 'Non-secure scripts: the caller, not exec, looks the interpreter up in its own namespace and calls exec again on it: exec never calls an untrusted port.',
    citations: [seed('the client has to look for the interpreter itself'), seed('Furthermore, the old task is responsible for looking up the interpreter')],
    pseudo: [
      'exec returned: "interpreter needed" and its name',
      'argv = [interpreter, script, argv[1..]]  // the interpreter\'s own argument: open question',
      'path = interpreter; call exec again (l4hurd.call)',
    ],
    errors: [],
  },
  {
    id: 'l4hurd.suspend',
    actor: 'exec-server',
    title: 'suspend',
    summary: 'exec suspends the target task: every thread stops.',
    citations: [seed('suspend target task')],
    pseudo: ['task_suspend(task)'],
    errors: [],
  },
  {
    id: 'l4hurd.secure_revoke',
    actor: 'exec-server',
    title: 'revoke other holders',
    summary: 'Secure exec only: every send right on the task object except exec\'s own is deallocated, so the old task and its friends cannot control the secure program.',
    citations: [
      seed('If secure, deallocate all send rights except this one from the target task object'),
      l4doc('The filesystem checks permission and then revokes all other users on the task control capability'),
    ],
    pseudo: [
      'if not secure: nothing to do',
      'for each send right on the task object but exec\'s: revoke',
      '// "this might need to be done later, after trashing the target task"',
    ],
    errors: [],
  },
  {
    id: 'l4hurd.trash',
    actor: 'exec-server',
    title: 'trash',
    summary: 'exec revokes every mapping of the task and kills its threads: the old program is gone, so nothing can be reported to it from here on.',
    citations: [seed('Trash target task (revoke all mappings, kill all threads)')],
    pseudo: ['revoke all mappings of the task  // the old program and its fd table are gone', 'kill all threads', '// the handles the old program held stay allocated in their servers'],
    errors: [],
    pointOfNoReturn: true,
    failureVisible: 'no',
  },
  {
    id: 'l4hurd.load',
    actor: 'exec-server',
    title: 'load',
    summary: 'exec maps the executable image (and its program interpreter) into the task.',
    citations: [seed('Load executable image')],
    pseudo: ['map the segments of the executable', 'map the program interpreter, if any'],
    errors: [],
    failureVisible: 'no',
  },
  {
    id: 'l4hurd.stack',
    actor: 'exec-server',
    title: 'stack and start',
    summary: 'exec writes the startup data on the new stack (the words unchanged, entry, stack, program headers, flags, the new auth of a secure program), starts the task and keeps nothing.',
    citations: [
      seed('The stack will contain the array of words, and some information only the exec server can provide'),
      seed('Note that the exec server is now out of business and not needed anymore'),
    ],
    pseudo: [
      'stack area = words (uninterpreted) + entry point + stack base and size + program headers',
      '             + flags (secure?) + the new auth handle of a secure program',
      'register with proc if needed  // "didn\'t figure that out yet"',
      'start the task at the entry point',
      'drop exec\'s send right on the task: exec holds nothing for anyone',
    ],
    errors: [],
    failureVisible: 'no',
  },
  {
    id: 'l4hurd.newtask_init',
    actor: 'new-program',
    title: 'new task startup',
    summary: 'The new program reads the stack area, deallocates the old program\'s handles itself, reauthenticates and sets up its fds; a secure program trusts none of the words.',
    citations: [
      seed('The new task does now read the information on the stack'),
      seed('includes the object handles the new task should deallocate for the old task'),
      seed('Of course none of this must be trusted if the app is in secure mode'),
    ],
    pseudo: [
      'read the stack area (a standard format)',
      'deallocate the handles listed for the old task  // same pid: no death notification',
      'secure: trust nothing in the words; take the auth handle exec gave, reauthenticate every kept handle',
      'set up the fds and initial ports from the words',
      'jump to the program',
    ],
    errors: [],
    failureVisible: 'no',
  },
];

export const L4HURD_PHASES: readonly PhaseInfo[] = defs.map((d, i) => ({
  ...d,
  system: 'l4hurd',
  order: i + 1,
  failureVisible: d.failureVisible ?? 'yes',
}));
