/**
 * What the CloudABI sysvec does for a new image and on the way back from a
 * system call (FBSD sys/compat/cloudabi64/cloudabi64_module.c:
 * cloudabi64_copyout_strings, cloudabi64_fixup; sys/amd64/cloudabi64/
 * cloudabi64_sysvec.c: cloudabi64_elf_sysvec, cloudabi64_set_syscall_retval;
 * sys/compat/cloudabi/cloudabi_errno.c: cloudabi_convert_errno).
 */
import type { Kernel } from '../../../engine/kernel.js';
import type { Errno } from '../../../model/errno.js';
import { utf8Decode } from '../../../model/bytes.js';
import { taskOf } from '../../../model/fds.js';
import { updateTask } from '../../common/process-ops.js';
import { toHex } from '../argdata/wire.js';
import { updateLastMessage, withCloudabi, type CloudabiAuxEntry } from '../state.js';
import type { ImageParams } from './image-params.js';
import { CANARY_LEN, NCPUS, PAGE_SIZE } from './limits.js';

/** Byte strings cut at the NUL bytes of a buffer (each without its NUL; bytes after the last NUL are dropped). */
export function splitAtNul(bytes: readonly number[]): number[][] {
  const out: number[][] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      out.push(bytes.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}

/** The argument strings the kernel holds (argc of them), as text for display. */
export function argStrings(bytes: readonly number[]): string[] {
  return splitAtNul(bytes).map((b) => utf8Decode(b));
}

/**
 * do_execve after the activators: SV_CAPSICUM enters capability mode, then
 * sv_copyout_strings and sv_fixup lay out the new stack.
 */
export function copyoutAndFixup(k: Kernel, imgp: ImageParams): void {
  const { pid } = imgp;
  k.pc(1);
  if (imgp.sysvec === 'CloudABI ELF64') {
    if (taskOf(k.state, pid).capabilityMode) {
      k.note('sys_cap_enter: already in capability mode');
    } else {
      k.change(updateTask(k.state, pid, (t) => ({ ...t, capabilityMode: true })), { kind: 'capability-mode-entered', pid });
    }
  }
  const task = taskOf(k.state, pid);
  const mm = k.state.mms.get(task.mm)!;
  const argv = argStrings(imgp.args.argBytes);
  if (imgp.sysvec !== 'CloudABI ELF64') {
    // A native FreeBSD image: exec_copyout_strings lays out argv and envp as usual.
    k.change({ ...k.state, mms: k.state.mms.set(mm.id, { ...mm, argv, envp: imgp.args.envp }) }, {
      kind: 'memory-changed',
      pid,
      detail: `exec_copyout_strings: ${argv.length} argument and ${imgp.args.envp.length} environment strings on the new stack`,
    });
    return;
  }
  k.pc(2);
  const len = imgp.args.argBytes.length;
  k.change({ ...k.state, mms: k.state.mms.set(mm.id, { ...mm, argv, envp: [] }) }, {
    kind: 'memory-changed',
    pid,
    detail: `cloudabi64_copyout_strings: ${len} bytes of argument data at the top of the stack`,
  });
  k.pc(3);
  k.note(`p_osrel = __FreeBSD_version; ${CANARY_LEN}-byte canary and a random 16-byte process UUID copied out`);
  k.pc(5);
  const argdatalen = len > 0 ? len - 1 : 0;
  const thread = task.threads.find((t) => t.tid === imgp.tid)!;
  const auxv: CloudabiAuxEntry[] = [
    { type: 'CLOUDABI_AT_ARGDATA', value: 'stack: argument data' },
    { type: 'CLOUDABI_AT_ARGDATALEN', value: argdatalen },
    { type: 'CLOUDABI_AT_BASE', value: imgp.elf?.elfType === 'dyn' ? 'ET_DYN load address' : 0 },
    { type: 'CLOUDABI_AT_CANARY', value: 'stack: canary' },
    { type: 'CLOUDABI_AT_CANARYLEN', value: CANARY_LEN },
    { type: 'CLOUDABI_AT_NCPUS', value: NCPUS },
    { type: 'CLOUDABI_AT_PAGESZ', value: PAGE_SIZE },
    { type: 'CLOUDABI_AT_PHDR', value: 'program headers' },
    { type: 'CLOUDABI_AT_PHNUM', value: 'e_phnum' },
    { type: 'CLOUDABI_AT_PID', value: 'stack: random UUID' },
    { type: 'CLOUDABI_AT_SYSINFO_EHDR', value: 'shared page (vDSO)' },
    { type: 'CLOUDABI_AT_TID', value: thread.tid },
  ];
  k.pc(6);
  let s = withCloudabi(k.state, (c) => ({
    ...c,
    images: { ...c.images, [mm.id]: { path: imgp.vp!.path, argdata: toHex(imgp.args.argBytes.slice(0, argdatalen)), auxv } },
  }));
  s = updateLastMessage(s, (m) => ({ ...m, stage: 'copied-out' }));
  k.change(s, {
    kind: 'memory-changed',
    pid,
    detail: `cloudabi64_fixup: auxv CLOUDABI_AT_ARGDATALEN = ${argdatalen}${len > 0 ? ' (the appended NUL is not counted)' : ''}, CLOUDABI_AT_TID = ${thread.tid}`,
  });
  k.pc(7);
}

/** The FreeBSD errnos cloudabi_convert_errno's table maps (to the CloudABI errno of the same name). */
const CLOUDABI_ERRNOS = new Set<string>(
  ('E2BIG EACCES EADDRINUSE EADDRNOTAVAIL EAFNOSUPPORT EAGAIN EALREADY EBADF EBADMSG EBUSY ECANCELED ECHILD ' +
    'ECONNABORTED ECONNREFUSED ECONNRESET EDEADLK EDESTADDRREQ EDOM EDQUOT EEXIST EFAULT EFBIG EHOSTUNREACH ' +
    'EIDRM EILSEQ EINPROGRESS EINTR EINVAL EIO EISCONN EISDIR ELOOP EMFILE EMLINK EMSGSIZE EMULTIHOP ' +
    'ENAMETOOLONG ENETDOWN ENETRESET ENETUNREACH ENFILE ENOBUFS ENODEV ENOENT ENOEXEC ENOLCK ENOLINK ENOMEM ' +
    'ENOMSG ENOPROTOOPT ENOSPC ENOSYS ENOTCONN ENOTDIR ENOTEMPTY ENOTRECOVERABLE ENOTSOCK ENOTSUP EOPNOTSUPP ' +
    'ENOTTY ENXIO EOVERFLOW EOWNERDEAD EPERM EPIPE EPROTO EPROTONOSUPPORT EPROTOTYPE ERANGE EROFS ESPIPE ' +
    'ESRCH ESTALE ETIMEDOUT ETXTBSY EXDEV ENOTCAPABLE').split(' '),
);

/** cloudabi_convert_errno: a FreeBSD errno the table does not list comes back as ENOSYS (ECAPMODE is one). */
export function cloudabiConvertErrno(errno: Errno): Errno {
  return CLOUDABI_ERRNOS.has(errno) ? errno : 'ENOSYS';
}
