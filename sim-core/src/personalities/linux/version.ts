/**
 * Linux behaviour that changed between versions, selected by the scenario's
 * `machine.kernelVersion` (default: the newest rules simulated).
 */
import { rememberLast } from '../../model/remember-last.js';

export const DEFAULT_KERNEL_VERSION = '6.18';

export function parseVersion(v: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** Every exec asks several of these questions of the scenario's one version: it is parsed once. */
const parsedVersion = rememberLast(parseVersion);

/** Whether `version` (the default when absent) is `major.minor` or newer. */
export function atLeast(version: string | undefined, major: number, minor: number): boolean {
  const [have, haveMinor] = parsedVersion(version ?? DEFAULT_KERNEL_VERSION);
  return have > major || (have === major && haveMinor >= minor);
}

/**
 * Since 6.14 ("exec: fix up /proc/pid/comm in the execveat(AT_EMPTY_PATH) case"),
 * an exec through an fd with an empty name takes comm from the file's dentry,
 * not from "/dev/fd/N" (fs/exec.c: alloc_bprm sets comm_from_dentry).
 */
export function commFromDentry(version: string | undefined): boolean {
  return atLeast(version, 6, 14);
}

/** AT_EXECVE_CHECK (6.14): run the checks, then return 0 without executing. */
export function hasExecveCheck(version: string | undefined): boolean {
  return atLeast(version, 6, 14);
}

/**
 * cap_bprm_creds_from_file decides whether an exec changes ids (and so is
 * downgraded when unsafe) by comparing the new euid with the old euid and the
 * new egid with the caller's groups ("exec: Correct the permission check for
 * unsafe exec", E. Biederman, posted May 2025 for the 6.16 merge window; read
 * in v6.18's security/commoncap.c). Before, it compared them with the real ids.
 */
export function idChangedFromEffective(version: string | undefined): boolean {
  return atLeast(version, 6, 16);
}
