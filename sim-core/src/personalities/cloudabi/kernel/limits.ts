/**
 * FreeBSD limits the CloudABI exec path checks against (FreeBSD 12 amd64).
 */

/** Bytes of exec arguments (FBSD sys/sys/syslimits.h: ARG_MAX; FreeBSD 13 raised it to 512 KiB on LP64). */
export const ARG_MAX = 262144;
/** Bytes of a path (FBSD sys/sys/syslimits.h: PATH_MAX). */
export const FREEBSD_PATH_MAX = 1024;
/** p_comm holds MAXCOMLEN bytes and a NUL (FBSD sys/sys/param.h). */
export const MAXCOMLEN = 19;
/** PAGE_SIZE on amd64; also the limit of a #! interpreter name (MAXSHELLCMDLEN == PAGE_SIZE). */
export const PAGE_SIZE = 4096;
/** The simulated machine has one CPU (CLOUDABI_AT_NCPUS reports mp_ncpus). */
export const NCPUS = 1;
/** Size of the stack-smashing canary cloudabi64_fixup copies out. */
export const CANARY_LEN = 64;
