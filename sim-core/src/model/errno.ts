/**
 * Error names the simulator can return, with the Linux x86-64 numbers
 * (include/uapi/asm-generic/errno-base.h, errno.h) and the strerror text.
 * Hurd and FreeBSD use other numbers; scenarios and traces use the names, which
 * are the same on every system here, so the number is only shown for Linux.
 */
export const ERRNOS = {
  EPERM: [1, 'Operation not permitted'],
  ENOENT: [2, 'No such file or directory'],
  ESRCH: [3, 'No such process'],
  EINTR: [4, 'Interrupted system call'],
  EIO: [5, 'Input/output error'],
  ENXIO: [6, 'No such device or address'],
  E2BIG: [7, 'Argument list too long'],
  ENOEXEC: [8, 'Exec format error'],
  EBADF: [9, 'Bad file descriptor'],
  ECHILD: [10, 'No child processes'],
  EAGAIN: [11, 'Resource temporarily unavailable'],
  ENOMEM: [12, 'Cannot allocate memory'],
  EACCES: [13, 'Permission denied'],
  EFAULT: [14, 'Bad address'],
  EBUSY: [16, 'Device or resource busy'],
  EEXIST: [17, 'File exists'],
  EXDEV: [18, 'Invalid cross-device link'],
  ENODEV: [19, 'No such device'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  EINVAL: [22, 'Invalid argument'],
  ENFILE: [23, 'Too many open files in system'],
  EMFILE: [24, 'Too many open files'],
  ENOTTY: [25, 'Inappropriate ioctl for device'],
  ETXTBSY: [26, 'Text file busy'],
  EFBIG: [27, 'File too large'],
  ENOSPC: [28, 'No space left on device'],
  ESPIPE: [29, 'Illegal seek'],
  EROFS: [30, 'Read-only file system'],
  EMLINK: [31, 'Too many links'],
  EPIPE: [32, 'Broken pipe'],
  ERANGE: [34, 'Numerical result out of range'],
  EDEADLK: [35, 'Resource deadlock avoided'],
  ENAMETOOLONG: [36, 'File name too long'],
  ENOSYS: [38, 'Function not implemented'],
  ENOTEMPTY: [39, 'Directory not empty'],
  ELOOP: [40, 'Too many levels of symbolic links'],
  ENOTSUP: [95, 'Operation not supported'],
  EOPNOTSUPP: [95, 'Operation not supported'],
  ELIBBAD: [80, 'Accessing a corrupted shared library'],
  ELIBEXEC: [83, 'Cannot exec a shared library directly'],
  EILSEQ: [84, 'Invalid or incomplete multibyte or wide character'],
  ERESTART: [85, 'Interrupted system call should be restarted'],
  ESTALE: [116, 'Stale file handle'],
  ECANCELED: [125, 'Operation canceled'],
  EOWNERDEAD: [130, 'Owner died'],
  // Hurd-specific error_t values (glibc sysdeps/mach/hurd/bits/errno.h).
  EIEIO: [-1, 'Computer bought the farm (Hurd)'],
  EGRATUITOUS: [-1, 'Gratuitous error (Hurd)'],
  EBADRPC: [-1, 'RPC struct is bad (Hurd)'],
  // Mach/MIG return codes seen through glibc.
  MIG_BAD_ID: [-1, 'MIG: server does not implement this routine'],
  MACH_SEND_INVALID_DEST: [-1, 'Mach: invalid destination port'],
  KERN_NO_SPACE: [-1, 'Mach: no room in the address space'],
  // FreeBSD capability errors (sys/errno.h).
  ENOTCAPABLE: [-1, 'Capabilities insufficient (FreeBSD)'],
  ECAPMODE: [-1, 'Not permitted in capability mode (FreeBSD)'],
} as const satisfies Record<string, readonly [number, string]>;

export type Errno = keyof typeof ERRNOS;

export const ERRNO_NAMES = Object.keys(ERRNOS) as Errno[];

export function isErrno(name: string): name is Errno {
  return Object.prototype.hasOwnProperty.call(ERRNOS, name);
}

export function errnoText(name: Errno): string {
  return ERRNOS[name][1];
}
