/**
 * cloudabi-run's YAML to argdata (CAUTILS src/cloudabi-run/cloudabi-run.cc,
 * yaml_file_descriptor_factory.cc; YAML2ARGDATA yaml2argdata/*.h): a chain of
 * factories. The canonicalizing one resolves untagged nodes by the YAML 1.2
 * core schema, the argdata one makes null, bool, int, str, seq and map, the
 * file descriptor one makes !fd, !executable and !file, and the error one
 * refuses everything else (floats included).
 */
import type { Kernel } from '../../../engine/kernel.js';
import { errnoText } from '../../../model/errno.js';
import type { Pid } from '../../../model/state.js';
import { argFd, argInt, argMap, argNull, argSeq, argStr, argBool, type Argdata } from '../argdata/value.js';
import type { YamlNode } from '../actions.js';
import { nativeOpen } from './native-open.js';

const YAML = 'tag:yaml.org,2002:';
export const CLOUDABI_TAG = 'tag:nuxi.nl,2015:cloudabi/';

/** A yaml-cpp ParserException: cloudabi-run prints it and exits 127. */
export class YamlConfigError extends Error {}

/** The tag a parser reports: `?` for a plain untagged node, `!` for a quoted scalar, else the resolved tag. */
export function reportedTag(node: YamlNode): string {
  const tag = node.tag;
  if (tag === undefined) return node.kind === 'scalar' && node.style === 'quoted' ? '!' : '?';
  if (tag === '!') return '!';
  if (tag.startsWith('!!')) return YAML + tag.slice(2);
  // cloudabi-run configurations start with %TAG ! tag:nuxi.nl,2015:cloudabi/
  if (tag.startsWith('!')) return CLOUDABI_TAG + tag.slice(1);
  return tag;
}

const RESOLVE_NULL = /^(null|Null|NULL|~|)$/;
const RESOLVE_BOOL = /^(true|True|TRUE|false|False|FALSE)$/;
const RESOLVE_INT = /^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const RESOLVE_FLOAT = /^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?(\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN)$/;

/** YAMLCanonicalizingFactory::GetScalar: YAML 1.2 section 10.3.2 tag resolution. */
export function canonicalScalarTag(tag: string, value: string): string {
  if (tag === '!') return YAML + 'str';
  if (tag !== '?') return tag;
  if (RESOLVE_NULL.test(value)) return YAML + 'null';
  if (RESOLVE_BOOL.test(value)) return YAML + 'bool';
  if (RESOLVE_INT.test(value)) return YAML + 'int';
  if (RESOLVE_FLOAT.test(value)) return YAML + 'float';
  return YAML + 'str';
}

const INTMAX_MIN = -(2n ** 63n);
const INTMAX_MAX = 2n ** 63n - 1n;
const UINTMAX_MAX = 2n ** 64n - 1n;

/**
 * YAMLArgdataFactory's integers: `istringstream >> intmax_t`, then `>> uintmax_t`,
 * each with noskipws and required to consume everything. Only decimal digits
 * with an optional sign are read; the unsigned extraction, like strtoull,
 * takes a minus sign and wraps.
 */
export function parseYamlInt(value: string): bigint | undefined {
  if (!/^[-+]?[0-9]+$/.test(value)) return undefined;
  const v = BigInt(value.replace(/^\+/, ''));
  if (v >= INTMAX_MIN && v <= INTMAX_MAX) return v;
  const magnitude = v < 0n ? -v : v;
  if (magnitude > UINTMAX_MAX) return undefined;
  return v < 0n ? 2n ** 64n - magnitude : v;
}

/** std::stoi as YAMLFileDescriptorFactory uses it: leading blanks, a sign, digits, and nothing after. */
export function parseFdNumber(value: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([-+]?[0-9]+)$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n < -(2 ** 31) || n > 2 ** 31 - 1) return undefined;
  return n;
}

export interface YamlContext {
  readonly k: Kernel;
  readonly pid: Pid;
  readonly execfd: number;
}

function where(node: YamlNode): string {
  return node.loc ? ` (scenario line ${node.loc.line})` : '';
}

function fail(node: YamlNode, message: string): never {
  throw new YamlConfigError(`${message}${where(node)}`);
}

/** Builds the argdata tree from the document, opening !file paths as it goes (document order). */
export function yamlToArgdata(ctx: YamlContext, node: YamlNode | null): Argdata {
  if (node === null) return argNull;
  const tag = reportedTag(node);
  switch (node.kind) {
    case 'scalar':
      return scalar(ctx, node, canonicalScalarTag(tag, node.value));
    case 'seq': {
      const items = node.items.map((item) => yamlToArgdata(ctx, item));
      const t = tag === '!' || tag === '?' ? YAML + 'seq' : tag;
      if (t === YAML + 'seq') return argSeq(items);
      return fail(node, `Unsupported sequence with tag "${t}"`);
    }
    case 'map': {
      const keys: Argdata[] = [];
      const values: Argdata[] = [];
      for (const e of node.entries) {
        keys.push(yamlToArgdata(ctx, e.key));
        values.push(yamlToArgdata(ctx, e.value));
      }
      const t = tag === '!' || tag === '?' ? YAML + 'map' : tag;
      if (t === YAML + 'map') return argMap(keys.map((key, i) => [key, values[i]!] as const));
      if (t === CLOUDABI_TAG + 'file') return fileDescriptor(ctx, node, keys, values);
      return fail(node, `Unsupported map with tag "${t}"`);
    }
  }
}

function scalar(ctx: YamlContext, node: Extract<YamlNode, { kind: 'scalar' }>, tag: string): Argdata {
  const value = node.value;
  switch (tag) {
    case YAML + 'bool':
      if (value === 'true') return argBool(true);
      if (value === 'false') return argBool(false);
      return fail(node, `Unknown boolean value: ${value}`);
    case YAML + 'int': {
      const v = parseYamlInt(value);
      if (v === undefined) return fail(node, 'Failed to parse integer literal');
      return argInt(v);
    }
    case YAML + 'null':
      return argNull;
    case YAML + 'str':
      return argStr(value);
    case CLOUDABI_TAG + 'fd': {
      const fd = value === 'stdout' ? 1 : value === 'stderr' ? 2 : parseFdNumber(value);
      if (fd === undefined) return fail(node, 'Invalid file descriptor number');
      return argFd(fd);
    }
    case CLOUDABI_TAG + 'executable':
      return argFd(ctx.execfd);
    default:
      return fail(node, `Unsupported scalar with tag "${tag}"`);
  }
}

/** !file {path: P}: string keys, only `path`, then open(P, O_RDONLY) — the fd stays open and is inherited. */
function fileDescriptor(ctx: YamlContext, node: YamlNode, keys: Argdata[], values: Argdata[]): Argdata {
  let path: string | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key.type !== 'str') return fail(node, 'Expected string keys');
    if (key.value !== 'path') return fail(node, `Unsupported attribute: ${key.value}`);
    const v = values[i]!;
    path = v.type === 'str' ? v.value : undefined;
  }
  if (path === undefined) return fail(node, 'Missing path attribute');
  const r = nativeOpen(ctx.k, ctx.pid, path, 'O_RDONLY');
  if (!r.ok) return fail(node, `Failed to open "${path}": ${errnoText(r.errno)}`);
  return argFd(r.fd);
}
