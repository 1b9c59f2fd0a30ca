import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine, type Problem, type Scenario } from '../../../sim-core/src/index.js';
import { basicNodes, elf, expect, scenario, script } from '../../support/scenario-builder.js';

/** A valid scenario touching most fields, which the property below breaks in random places. */
function base(): Scenario {
  return scenario({
    machine: { kernelVersion: '6.12', binfmtMisc: [{ name: 'py', match: { extension: 'py' }, interpreter: '/bin/true', flags: ['P'] }] },
    mounts: [{ path: '/mnt', fstype: 'ext4', noexec: true, nosuid: true }],
    nodes: [
      ...basicNodes(),
      elf('/bin/su', { mode: 0o4755, owner: { uid: 0, gid: 0 } }),
      script('/tmp/s', '#!/bin/sh -e\n'),
      { kind: 'symlink', path: '/bin/link', target: 'sh' },
      { kind: 'file', path: '/mnt/x', content: { type: 'elf', machine: 'aarch64', class: 64, segments: [{ offset: 0, filesz: 10 }] }, writers: 1 },
    ],
    tasks: [
      {
        name: 'shell',
        pid: 100,
        creds: { uid: 1000, gid: 1000, groups: [1000] },
        cwd: '/tmp',
        umask: 0o022,
        fds: [
          { fd: 0, target: { path: '/dev/tty' }, access: 'rw' },
          { fd: 1, dupOf: 0 },
          { fd: 3, target: { path: '/etc/motd' }, cloexec: true, statusFlags: ['O_APPEND'] },
          { fd: 4, target: { pipe: 'p', end: 'write' } },
          { fd: 5, target: { socket: 's' } },
        ],
        threads: [{ name: 'worker', tid: 150, blocked: ['SIGUSR1'] }],
        signals: { blocked: ['SIGINT'], pending: ['SIGINT'], dispositions: { SIGTERM: 'handler', SIGQUIT: 'ignore' } },
        rlimits: { stack: 8388608, nproc: 100 },
      },
    ],
    steps: [
      { task: 'shell', call: 'open', path: '/etc/motd', flags: ['O_RDONLY', 'O_CLOEXEC'] },
      { task: 'shell', call: 'dup3', oldfd: 3, newfd: 9, flags: ['O_CLOEXEC'] },
      { task: 'shell', call: 'fcntl', fd: 9, cmd: 'F_SETFD', arg: 0 },
      { task: 'shell', call: 'vfork', child: 'kid' },
      { task: 'kid', call: 'execveat', dirfd: 'AT_FDCWD', path: '/tmp/s', argv: ['s'], flags: [] },
      expect({ what: 'fd-table', task: 'kid', rows: [{ fd: 0, target: '/dev/tty' }] }),
      { task: 'shell', thread: 'worker', call: 'sigprocmask', how: 'SIG_BLOCK', signals: ['SIGHUP'] },
      { task: 'shell', call: 'kill', target: 'kid', signal: 'SIGTERM' },
      { task: 'shell', call: 'fexecve', fd: 3, argv: [] },
      expect({ what: 'cred', task: 'shell', field: 'groups', value: [1000] }),
      expect({ what: 'result', action: 7, outcome: 'EACCES' }),
      expect({ what: 'auxv', task: 'shell', key: 'AT_SECURE', value: null }),
    ],
  });
}

/** Values that are wrong in interesting ways: other types, edge numbers, names that mean something elsewhere. */
const weird = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, 1e12, '', '/', 'x', 'AT_FDCWD', 'SIGKILL', 'linux', 'elf', 'script', 'file', 'dir', 'symlink', 'main', 'shell', 'kid'),
  fc.integer({ min: -5, max: 2_000_000 }),
  fc.string({ maxLength: 6 }),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 20 }), fc.string({ maxLength: 3 }), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('path', 'fd', 'name', 'kind', 'type', 'text', 'pid', 'what', 'call', 'task'), fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -1, max: 200 }), fc.constant(null)), { maxKeys: 3 }),
  fc.anything({ maxDepth: 2, maxKeys: 3 }),
);

interface Mutation {
  readonly path: readonly number[];
  readonly op: 'replace' | 'delete' | 'append';
  readonly value: unknown;
}

/** Values of the right kind in the wrong place: these often make a scenario that is valid but unusual, and runs. */
const plausible = fc.oneof(
  fc.integer({ min: 0, max: 12 }),
  fc.constantFrom(100, 101, 150, 0o4755, 0o644, 0o1777),
  fc.constantFrom('/bin/sh', '/bin/su', '/tmp/s', '/etc/motd', '/dev/tty', '/bin/link', '/mnt/x', '/nonexistent', '/tmp', 'sh', 's'),
  fc.constantFrom('shell', 'kid', 'worker', 'main', 'SIGTERM', 'SIGHUP', 'O_CLOEXEC', 'AT_EMPTY_PATH', 'ro', 'rw', 'wo', 'ok', 'ENOENT'),
);

const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(1000), { minLength: 1, maxLength: 7 }).chain((p) => fc.constantFrom(p, p, p, [...p, 0, 1, 2])),
  op: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'append'),
  value: fc.oneof({ weight: 2, arbitrary: weird }, { weight: 3, arbitrary: plausible }),
});

/**
 * Walks into the object following `path` (each number picks a key modulo the
 * keys there) and applies the change. The system is left alone nine times out
 * of ten: a scenario without a known system says nothing about the rest.
 */
function mutate(root: Record<string, unknown>, m: Mutation): void {
  let container: Record<string, unknown> | unknown[] = root;
  for (let depth = 0; depth < m.path.length; depth++) {
    const keys = Object.keys(container).filter((k) => !(depth === 0 && k === 'system' && m.path[0]! % 10 !== 0));
    if (keys.length === 0) break;
    const key = keys[m.path[depth]! % keys.length]!;
    const child = (container as Record<string, unknown>)[key];
    const last = depth === m.path.length - 1 || child === null || typeof child !== 'object';
    if (last) {
      if (m.op === 'delete') {
        if (Array.isArray(container)) container.splice(Number(key), 1);
        else delete container[key];
      } else if (m.op === 'append' && Array.isArray(child)) child.push(m.value);
      else (container as Record<string, unknown>)[key] = m.value;
      return;
    }
    container = child as Record<string, unknown>;
  }
}

/** Replaces the leaf at `path` (below the system) with a value of the same type: a number, a string, the other boolean. */
function retype(root: Record<string, unknown>, path: readonly number[], int: number, text: string): void {
  let container: Record<string, unknown> = root;
  for (let depth = 0; depth < path.length; depth++) {
    const keys = Object.keys(container).filter((k) => !(depth === 0 && k === 'system') && k !== 'loc' && k !== 'index');
    if (keys.length === 0) return;
    const key = keys[path[depth]! % keys.length]!;
    const child = container[key];
    if (child !== null && typeof child === 'object') {
      container = child as Record<string, unknown>;
      continue;
    }
    if (typeof child === 'number') container[key] = int;
    else if (typeof child === 'string') container[key] = text;
    else if (typeof child === 'boolean') container[key] = !child;
    return;
  }
}

function checkProblems(problems: readonly Problem[]): void {
  assert.ok(problems.length > 0, 'an invalid scenario names at least one problem');
  for (const p of problems) {
    assert.equal(typeof p.code, 'string');
    assert.equal(typeof p.at, 'string');
    assert.equal(typeof p.message, 'string');
    assert.ok(p.message.length > 0);
    if (p.hint !== undefined) assert.equal(typeof p.hint, 'string');
  }
}

/** Engine.create must answer: problems, or an engine whose run ends without an exception. */
function answer(input: unknown): 'problems' | 'ran' {
  const created = Engine.create(input as Scenario, { maxEvents: 100_000 });
  if (!created.ok) {
    checkProblems(created.problems);
    return 'problems';
  }
  created.engine.runToEnd();
  return 'ran';
}

describe('malformed scenarios', () => {
  it('the base scenario is valid and runs', () => {
    assert.equal(answer(base()), 'ran');
  });

  it('random breakage anywhere in a scenario gives problems or a run, never an exception', () => {
    const seen = { problems: 0, ran: 0 };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const input = structuredClone(base()) as unknown as Record<string, unknown>;
        for (const m of mutations) mutate(input, m);
        seen[answer(input)]++;
      }),
      { numRuns: 1500 },
    );
    assert.ok(seen.problems > 1000, `only ${seen.problems} rejected`);
    assert.ok(seen.ran > 30, `only ${seen.ran} ran`);
  });

  it('values of the right type in random places give problems or a run, never an exception', () => {
    const seen = { problems: 0, ran: 0 };
    const leaf = fc.record({ path: fc.array(fc.nat(1000), { minLength: 2, maxLength: 8 }), int: fc.oneof(fc.integer({ min: -1, max: 12 }), fc.constantFrom(100, 101, 150, 0o4755, 0o7777)), text: fc.constantFrom('/bin/sh', '/bin/su', '/tmp/s', '/etc/motd', '/dev/tty', '/bin/link', '/mnt/x', '/nonexistent', '/tmp', 'sh', '', 'shell', 'kid', 'worker', 'main', 'SIGTERM', 'SIGHUP', 'O_CLOEXEC', 'AT_EMPTY_PATH', 'rw', 'ENOENT') });
    fc.assert(
      fc.property(fc.array(leaf, { minLength: 1, maxLength: 3 }), (changes) => {
        const input = structuredClone(base()) as unknown as Record<string, unknown>;
        for (const c of changes) retype(input, c.path, c.int, c.text);
        seen[answer(input)]++;
      }),
      { numRuns: 1000 },
    );
    assert.ok(seen.problems > 100, `only ${seen.problems} rejected`);
    assert.ok(seen.ran > 300, `only ${seen.ran} ran`);
  });

  it('anything at all in place of a scenario gives problems, never an exception', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), (input) => {
        assert.equal(answer(input), 'problems');
      }),
      { numRuns: 300 },
    );
  });

  it('random values in every top-level field give problems, never an exception', () => {
    fc.assert(
      fc.property(fc.record({ system: fc.oneof(fc.constant('linux'), weird), machine: weird, filesystem: weird, tasks: weird, actions: weird, expectations: weird }), (input) => {
        assert.equal(answer(input), 'problems');
      }),
      { numRuns: 300 },
    );
  });
});
