/**
 * The calls a CloudABI scenario makes: `proc_exec` (a CloudABI program
 * running cloudlibc's program_exec, or calling the system call itself with its
 * own fds array) and `cloudabi_run` (the cloudabi-run utility started with a
 * YAML configuration on its standard input).
 */
import type { SourceLoc } from '../../scenario/scenario.js';
import type { Argdata } from './argdata/value.js';

/**
 * A YAML node as a YAML parser reports it, before tags are resolved
 * (yaml-cpp's events as YAMLBuilder receives them). Scalars are text; a plain
 * scalar's type is decided by the YAML 1.2 core schema, a quoted one is a
 * string. Tags are written as in the document: `!fd` (with cloudabi-run's
 * `%TAG ! tag:nuxi.nl,2015:cloudabi/`), `!!str`, or a full `tag:` URI.
 */
export type YamlNode =
  | { readonly kind: 'scalar'; readonly value: string; readonly style?: 'plain' | 'quoted'; readonly tag?: string; readonly loc?: SourceLoc }
  | { readonly kind: 'seq'; readonly items: readonly YamlNode[]; readonly tag?: string; readonly loc?: SourceLoc }
  | {
      readonly kind: 'map';
      readonly entries: ReadonlyArray<{ readonly key: YamlNode; readonly value: YamlNode }>;
      readonly tag?: string;
      readonly loc?: SourceLoc;
    };

/** Where cloudabi-utils installs cloudabi-reexec (CMake: ${CMAKE_INSTALL_FULL_LIBEXECDIR}/cloudabi-reexec). */
export const DEFAULT_REEXEC_PATH = '/usr/local/libexec/cloudabi-reexec';

export interface CloudabiActions {
  proc_exec: {
    readonly call: 'proc_exec';
    /** The executable, an fd of the caller. */
    readonly fd: number;
    /** The argument data tree; fd values are fds of the caller. */
    readonly argdata: Argdata;
    /**
     * Calls cloudabi_sys_proc_exec directly with this fds array instead of
     * going through program_exec: the tree is serialized without
     * renumbering, so its fd values are indices into this array.
     */
    readonly fds?: readonly number[];
  };
  cloudabi_run: {
    readonly call: 'cloudabi_run';
    /** The CloudABI executable, as given on cloudabi-run's command line. */
    readonly executable: string;
    /** The YAML document on standard input; null for an empty one. */
    readonly config: YamlNode | null;
    /** Path of cloudabi-reexec compiled into cloudabi-run (PATH_CLOUDABI_REEXEC). */
    readonly reexec?: string;
  };
}

declare module '../../scenario/actions.js' {
  interface ExtActions extends CloudabiActions {}
}
