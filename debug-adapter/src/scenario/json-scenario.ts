/**
 * JSON scenarios: a sim-core `Scenario` written as JSON (generated scenarios,
 * lowered .execsim files). The shape is checked before sim-core sees it, and
 * every problem — JSON syntax, a field of the wrong type, a sim-core
 * validation problem — is reported at its line and column in the file.
 *
 * Actions and expectations may leave out `index` and `loc`: the index is the
 * position in the list and the location is where the entry starts in the file,
 * so line breakpoints can be set on the JSON itself. When `file` names another
 * source (the .execsim a scenario was lowered from), `loc`s refer to that file.
 */
import { SYSTEMS, validateScenario, personalityFor, type Problem, type Scenario, type SourceLoc, type SystemId } from '../../../sim-core/src/index.js';
import { JsonSyntaxError, memberPath, parseJson, type JsonDocument } from './json-positions.js';
import type { LoadOptions, LoadResult, ScenarioDiagnostic, ScenarioLoader } from './loader.js';

type Shape = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'string[]' | 'integer[]' | 'fd|AT_FDCWD';

/** Arguments of the common calls, checked so that a wrong type is a diagnostic, not a failure mid-run. */
const ACTION_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, Shape | `${Shape}?`>>>> = {
  execve: { path: 'string', argv: 'string[]', envp: 'string[]?' },
  execveat: { dirfd: 'fd|AT_FDCWD', path: 'string', argv: 'string[]', envp: 'string[]?', flags: 'string[]' },
  fexecve: { fd: 'integer', argv: 'string[]', envp: 'string[]?' },
  open: { path: 'string', flags: 'string[]', mode: 'integer?', dirfd: 'fd|AT_FDCWD?' },
  close: { fd: 'integer' },
  dup: { fd: 'integer' },
  dup2: { oldfd: 'integer', newfd: 'integer' },
  dup3: { oldfd: 'integer', newfd: 'integer', flags: 'string[]' },
  fcntl: { fd: 'integer', cmd: 'string', arg: 'integer?' },
  pipe: { name: 'string', flags: 'string[]' },
  chdir: { path: 'string' },
  umask: { mask: 'integer' },
  fork: { child: 'string' },
  vfork: { child: 'string' },
  clone: { child: 'string', flags: 'string[]' },
  exit: { status: 'integer' },
  store: { variable: 'string', value: 'string' },
  setuid: { uid: 'integer' },
  setgid: { gid: 'integer' },
  prctl: { option: 'string' },
  setrlimit: { resource: 'string', value: 'integer' },
  sigaction: { signal: 'string', disposition: 'string' },
  sigprocmask: { how: 'string', signals: 'string[]' },
  kill: { target: 'string', signal: 'string' },
};

const NODE_KINDS = ['file', 'dir', 'device', 'fifo', 'socket', 'symlink'];

interface ShapeProblem {
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fits(v: unknown, shape: Shape): boolean {
  switch (shape) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number';
    case 'integer':
      return Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'integer[]':
      return Array.isArray(v) && v.every((x) => Number.isInteger(x));
    case 'fd|AT_FDCWD':
      return Number.isInteger(v) || v === 'AT_FDCWD';
  }
}

const SHAPE_TEXT: Record<Shape, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  'string[]': 'an array of strings',
  'integer[]': 'an array of whole numbers',
  'fd|AT_FDCWD': 'an fd number or "AT_FDCWD"',
};

/** Checks the parts of the shape that sim-core takes for granted. */
function checkShape(doc: unknown, systemGiven: boolean): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  const field = (obj: Record<string, unknown>, at: string, name: string, shape: Shape, optional = false): boolean => {
    const v = obj[name];
    const path = memberPath(at, name);
    if (v === undefined) {
      if (!optional) out.push({ path: at, message: `${at || 'the scenario'} has no "${name}"`, hint: `add "${name}": ${SHAPE_TEXT[shape]}` });
      return false;
    }
    if (!fits(v, shape)) {
      out.push({ path, message: `"${name}" should be ${SHAPE_TEXT[shape]}` });
      return false;
    }
    return true;
  };
  const each = (obj: Record<string, unknown>, at: string, name: string, optional: boolean, check: (item: Record<string, unknown>, path: string) => void) => {
    if (!field(obj, at, name, 'array', optional)) return;
    (obj[name] as unknown[]).forEach((item, i) => {
      const path = `${memberPath(at, name)}[${i}]`;
      if (!isObject(item)) out.push({ path, message: `${path} should be an object` });
      else check(item, path);
    });
  };

  if (!isObject(doc)) return [{ path: '', message: 'a scenario is a JSON object', hint: 'with system, machine, filesystem, tasks, actions and expectations' }];
  if (field(doc, '', 'system', 'string', systemGiven) && !SYSTEMS.includes(doc.system as SystemId)) {
    out.push({ path: 'system', message: `unknown system "${String(doc.system)}"`, hint: `systems: ${SYSTEMS.join(', ')}` });
  }
  if (field(doc, '', 'machine', 'object')) {
    const m = doc.machine as Record<string, unknown>;
    field(m, 'machine', 'arch', 'string');
    field(m, 'machine', 'mmu', 'boolean');
    field(m, 'machine', 'kernelVersion', 'string', true);
    field(m, 'machine', 'binfmtMisc', 'array', true);
  }
  if (field(doc, '', 'filesystem', 'object')) {
    const fs = doc.filesystem as Record<string, unknown>;
    each(fs, 'filesystem', 'mounts', false, (m, at) => {
      field(m, at, 'path', 'string');
      field(m, at, 'fstype', 'string');
    });
    each(fs, 'filesystem', 'nodes', false, (n, at) => {
      field(n, at, 'path', 'string');
      field(n, at, 'mode', 'integer', true);
      if (field(n, at, 'owner', 'object', true)) {
        field(n.owner as Record<string, unknown>, memberPath(at, 'owner'), 'uid', 'integer');
        field(n.owner as Record<string, unknown>, memberPath(at, 'owner'), 'gid', 'integer');
      }
      if (!field(n, at, 'kind', 'string')) return;
      if (!NODE_KINDS.includes(n.kind as string)) {
        out.push({ path: memberPath(at, 'kind'), message: `unknown node kind "${String(n.kind)}"`, hint: `kinds: ${NODE_KINDS.join(', ')}` });
      } else if (n.kind === 'file' && field(n, at, 'content', 'object')) {
        const c = n.content as Record<string, unknown>;
        const cat = memberPath(at, 'content');
        if (field(c, cat, 'type', 'string')) {
          if (c.type === 'elf') field(c, cat, 'machine', 'string');
          else if (c.type === 'script') field(c, cat, 'text', 'string');
          else if (c.type !== 'data') out.push({ path: memberPath(cat, 'type'), message: `unknown content type "${String(c.type)}"`, hint: 'elf, script or data' });
        }
      } else if (n.kind === 'symlink') field(n, at, 'target', 'string');
      else if (n.kind === 'device') field(n, at, 'device', 'string');
    });
  }
  each(doc, '', 'tasks', false, (t, at) => {
    field(t, at, 'name', 'string');
    field(t, at, 'pid', 'integer');
    for (const f of ['comm', 'exe', 'cwd', 'root'] as const) field(t, at, f, 'string', true);
    field(t, at, 'umask', 'integer', true);
    if (field(t, at, 'creds', 'object', true)) {
      const c = t.creds as Record<string, unknown>;
      for (const f of ['uid', 'euid', 'suid', 'fsuid', 'gid', 'egid', 'sgid', 'fsgid'] as const) field(c, memberPath(at, 'creds'), f, 'integer', true);
      field(c, memberPath(at, 'creds'), 'groups', 'integer[]', true);
    }
    each(t, at, 'fds', true, (fd, fat) => {
      field(fd, fat, 'fd', 'integer');
      field(fd, fat, 'target', 'object', true);
      field(fd, fat, 'access', 'string', true);
      field(fd, fat, 'cloexec', 'boolean', true);
      field(fd, fat, 'dupOf', 'integer', true);
    });
    each(t, at, 'threads', true, (th, tat) => {
      field(th, tat, 'name', 'string');
      field(th, tat, 'tid', 'integer', true);
      field(th, tat, 'blocked', 'string[]', true);
    });
    if (field(t, at, 'signals', 'object', true)) {
      const s = t.signals as Record<string, unknown>;
      field(s, memberPath(at, 'signals'), 'blocked', 'string[]', true);
      field(s, memberPath(at, 'signals'), 'pending', 'string[]', true);
      field(s, memberPath(at, 'signals'), 'dispositions', 'object', true);
    }
  });
  each(doc, '', 'actions', false, (a, at) => {
    field(a, at, 'task', 'string');
    field(a, at, 'thread', 'string', true);
    field(a, at, 'index', 'integer', true);
    field(a, at, 'label', 'string', true);
    if (!field(a, at, 'call', 'string')) return;
    for (const [name, shape] of Object.entries(ACTION_ARGUMENTS[a.call as string] ?? {})) {
      const optional = shape.endsWith('?');
      field(a, at, name, shape.replace('?', '') as Shape, optional);
    }
  });
  each(doc, '', 'expectations', false, (e, at) => {
    field(e, at, 'what', 'string');
    field(e, at, 'after', 'integer');
    field(e, at, 'index', 'integer', true);
  });
  return out;
}

function locAt(doc: JsonDocument, path: string): SourceLoc {
  const p = doc.nearestPosition(path);
  return { line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 1 };
}

function isLoc(v: unknown): v is SourceLoc {
  return isObject(v) && ['line', 'column', 'endLine', 'endColumn'].every((k) => Number.isInteger(v[k]));
}

/** Where a sim-core problem is: its path in the JSON when it came from here, its `loc` when the scenario names another source. */
function problemDiagnostic(p: Problem, doc: JsonDocument, file: string, otherSource: string | undefined): ScenarioDiagnostic {
  const here = doc.positionAt(p.at) ?? (p.loc && otherSource === undefined ? { line: p.loc.line, column: p.loc.column } : undefined);
  const pos = here ?? doc.nearestPosition(p.at);
  return { file, severity: 'error', line: pos.line, column: pos.column, message: p.message, code: p.code, ...(p.hint ? { hint: p.hint } : {}) };
}

export const jsonScenarioLoader: ScenarioLoader = {
  name: 'JSON scenario',
  extensions: ['.json'],
  load: async (path: string, text: string, options: LoadOptions): Promise<LoadResult> => loadJsonScenario(path, text, options),
};

export function loadJsonScenario(path: string, text: string, options: LoadOptions = {}): LoadResult {
  let doc: JsonDocument;
  try {
    doc = parseJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return { ok: false, diagnostics: [{ file: path, severity: 'error', line: e.position.line, column: e.position.column, message: e.message, code: 'json-syntax' }] };
  }
  const shape = checkShape(doc.value, options.system !== undefined);
  if (shape.length) {
    return {
      ok: false,
      diagnostics: shape.map((p) => {
        const pos = doc.nearestPosition(p.path);
        return { file: path, severity: 'error' as const, line: pos.line, column: pos.column, message: p.message, code: 'json-shape', ...(p.hint ? { hint: p.hint } : {}) };
      }),
    };
  }
  const raw = doc.value as Record<string, unknown>;
  const otherSource = typeof raw.file === 'string' && raw.file !== '' ? raw.file : undefined;
  const withPositions = <T extends Record<string, unknown>>(list: readonly T[], key: string): T[] =>
    list.map((item, i) => ({ ...item, index: item.index ?? i, loc: isLoc(item.loc) ? item.loc : locAt(doc, `${key}[${i}]`) }));
  const scenario = {
    ...raw,
    ...(options.system ? { system: options.system } : {}),
    actions: withPositions(raw.actions as Record<string, unknown>[], 'actions'),
    expectations: withPositions(raw.expectations as Record<string, unknown>[], 'expectations'),
  } as unknown as Scenario;
  const problems = validateScenario(scenario, personalityFor);
  if (problems.length) return { ok: false, diagnostics: problems.map((p) => problemDiagnostic(p, doc, path, otherSource)) };
  return { ok: true, scenario, statementSource: otherSource ? resolveBeside(path, otherSource) : path, diagnostics: [] };
}

/** `other` read relative to the directory of `path` (no Node path module: this runs in browsers too). */
export function resolveBeside(path: string, other: string): string {
  if (/^([A-Za-z]:)?[\\/]/.test(other) || /^[a-z][a-z0-9+.-]*:/i.test(other)) return other;
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? other : `${path.slice(0, cut + 1)}${other}`;
}
