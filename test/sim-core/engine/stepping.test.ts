import * as assert from 'node:assert/strict';
import { step, stepPredicate, type Direction, type Engine, type SimEvent, type StepKind } from '../../../sim-core/src/index.js';
import { setCloexec } from '../../../sim-core/src/model/fds.js';
import { expect } from '../../support/scenario-builder.js';
import { linuxWorld, run } from './worlds.js';

/** A script exec: the interpreter loop runs search_binary_handler twice (load_script, then load_elf_binary). */
function scriptExec(): Engine {
  return run(
    linuxWorld([
      { task: 'shell', call: 'execve', path: '/tmp/s', argv: ['s'] },
      expect({ what: 'fd-closed', task: 'shell', fd: 3 }),
    ]),
  );
}

function label(e: SimEvent): string {
  const rec = e as SimEvent & { phase?: string; actor?: string };
  return [e.kind, rec.phase ?? rec.actor].filter(Boolean).join(' ');
}

/** Steps until the run's end (or start) and lists where each step stopped. */
function stops(e: Engine, kind: StepKind, from: number, direction: Direction = 'forward'): string[] {
  e.moveTo(from);
  const out: string[] = [];
  for (let ev = step(e, kind, direction); ev; ev = step(e, kind, direction)) out.push(label(ev));
  return out;
}

/** Position of the n-th (from 1) event matching `what`. */
function at(e: Engine, what: string, nth = 1): number {
  const found = e.events().filter((ev) => label(ev) === what);
  assert.ok(found.length >= nth, `no ${what} #${nth}`);
  return found[nth - 1]!.seq;
}

const EXEC_PHASES_AFTER_PONR = [
  'phase-entered linux.point_of_no_return',
  'phase-entered linux.de_thread',
  'phase-entered linux.unshare_files',
  'phase-entered linux.exe_file',
  'phase-entered linux.exec_mmap',
  'phase-entered linux.misc_resets',
  'phase-entered linux.close_on_exec',
  'phase-entered linux.secureexec_resets',
  'phase-entered linux.commit',
  'phase-entered linux.setup_new_exec',
  'phase-entered linux.start',
];

const EXEC_PHASES_BEFORE_LOOP = [
  'phase-entered linux.entry',
  'phase-entered linux.nproc',
  'phase-entered linux.open_exec',
  'phase-entered linux.alloc_bprm',
  'phase-entered linux.copy_args',
  'phase-entered linux.creds_prepare',
  'phase-entered linux.interp_loop',
];

const LOOP_PHASES = [
  'phase-entered linux.search_binfmt',
  'phase-entered linux.binfmt_script',
  'phase-entered linux.search_binfmt',
  'phase-entered linux.binfmt_elf.preflight',
  'phase-entered linux.creds_from_file',
];

describe('stepping', () => {
  describe('forward', () => {
    it('by event stops at every event', () => {
      const e = scriptExec();
      const n = e.events().length;
      assert.deepEqual(stops(e, 'event', -1), e.events().map(label));
      assert.equal(e.position, n - 1);
    });

    it('by phase stops at every phase entered, at any depth, and at the statement boundaries', () => {
      assert.deepEqual(stops(scriptExec(), 'phase', -1), [
        'action-started',
        ...EXEC_PHASES_BEFORE_LOOP,
        ...LOOP_PHASES,
        ...EXEC_PHASES_AFTER_PONR,
        'action-finished',
        'expectation',
      ]);
    });

    it('by action stops at statements and expectations only', () => {
      assert.deepEqual(stops(scriptExec(), 'action', -1), ['action-started', 'expectation']);
    });

    it('over from getname runs through the phases nested in exec_binprm', () => {
      const e = scriptExec();
      assert.deepEqual(stops(e, 'over', at(e, 'phase-entered linux.entry')), [
        ...EXEC_PHASES_BEFORE_LOOP.slice(1),
        'action-finished',
        'expectation',
      ]);
    });

    it('over from the first search_binary_handler stops at the second, skipping load_script', () => {
      const e = scriptExec();
      assert.deepEqual(stops(e, 'over', at(e, 'phase-entered linux.search_binfmt')), [
        'phase-entered linux.search_binfmt',
        'action-finished',
        'expectation',
      ]);
    });

    it('over from load_elf_binary runs through the whole commit, point of no return included', () => {
      const e = scriptExec();
      assert.deepEqual(stops(e, 'over', at(e, 'phase-entered linux.binfmt_elf.preflight')), ['action-finished', 'expectation']);
    });

    it('over from bprm_creds_from_file stops at each phase of begin_new_exec', () => {
      const e = scriptExec();
      assert.deepEqual(stops(e, 'over', at(e, 'phase-entered linux.creds_from_file')), [
        ...EXEC_PHASES_AFTER_PONR,
        'action-finished',
        'expectation',
      ]);
    });

    it('over from a statement steps over the whole statement', () => {
      assert.deepEqual(stops(scriptExec(), 'over', -1), ['action-started', 'expectation']);
    });

    it('in from a statement enters the kernel actor, then every phase', () => {
      const e = scriptExec();
      e.moveTo(at(e, 'action-started'));
      assert.equal(label(step(e, 'in')!), 'actor-entered kernel');
      assert.equal(label(step(e, 'in')!), 'phase-entered linux.entry');
    });

    it('in from exec_binprm goes down into search_binary_handler and the handlers', () => {
      const e = scriptExec();
      assert.deepEqual(stops(e, 'in', at(e, 'phase-entered linux.interp_loop')), [
        ...LOOP_PHASES,
        ...EXEC_PHASES_AFTER_PONR,
        'action-finished',
        'expectation',
      ]);
    });

    it('out from inside a phase finishes the kernel actor and stops when the statement ends', () => {
      const e = scriptExec();
      assert.deepEqual(stops(e, 'out', at(e, 'phase-entered linux.alloc_bprm') + 1), ['action-finished', 'expectation']);
      assert.deepEqual(stops(e, 'out', at(e, 'phase-entered linux.creds_from_file')), ['action-finished', 'expectation']);
    });
  });

  describe('backward', () => {
    it('by event stops at every event in reverse', () => {
      const e = scriptExec();
      const all = e.events().map(label);
      assert.deepEqual(stops(e, 'event', all.length - 1, 'backward'), all.slice(0, -1).reverse());
    });

    it('by phase stops at every phase entered in reverse', () => {
      const e = scriptExec();
      const last = e.events().length - 1;
      assert.deepEqual(stops(e, 'phase', last, 'backward'), [
        'action-finished',
        ...[...EXEC_PHASES_BEFORE_LOOP, ...LOOP_PHASES, ...EXEC_PHASES_AFTER_PONR].reverse(),
        'action-started',
      ]);
    });

    it('over from start_thread goes back phase by phase and climbs out of nested phases', () => {
      const e = scriptExec();
      assert.deepEqual(stops(e, 'over', at(e, 'phase-entered linux.start'), 'backward'), [
        ...EXEC_PHASES_AFTER_PONR.slice(0, -1).reverse(),
        'phase-entered linux.creds_from_file',
        'phase-entered linux.binfmt_elf.preflight',
        'phase-entered linux.search_binfmt',
        // load_script (deeper than search_binary_handler) is stepped over.
        'phase-entered linux.search_binfmt',
        ...EXEC_PHASES_BEFORE_LOOP.slice().reverse(),
        'action-started',
      ]);
    });

    it('in goes back through actor entries too', () => {
      const e = scriptExec();
      const from = at(e, 'phase-entered linux.nproc');
      assert.deepEqual(stops(e, 'in', from, 'backward'), ['phase-entered linux.entry', 'actor-entered kernel', 'action-started']);
    });

    it('out goes back to the start of the statement', () => {
      const e = scriptExec();
      assert.deepEqual(stops(e, 'out', at(e, 'phase-entered linux.commit'), 'backward'), ['action-started']);
    });

    it('by action goes back from the expectation to the statement', () => {
      const e = scriptExec();
      assert.deepEqual(stops(e, 'action', e.events().length - 1, 'backward'), ['action-started']);
    });
  });

  describe('over several statements', () => {
    function vforkRun(): Engine {
      return run(
        linuxWorld([
          { task: 'shell', call: 'vfork', child: 'kid' },
          { task: 'shell', call: 'close', fd: 0 },
          expect({ what: 'fd-closed', task: 'shell', fd: 0 }),
          { task: 'kid', call: 'execve', path: '/bin/true', argv: ['true'] },
        ]),
      );
    }

    it('by action stops at each statement, a deferral, its later start, and the expectation that waited for it', () => {
      const e = vforkRun();
      e.moveTo(-1);
      const seen: string[] = [];
      for (let ev = step(e, 'action'); ev; ev = step(e, 'action')) {
        seen.push(`${ev.kind} ${'action' in ev ? `#${ev.action}` : ''}`.trim());
      }
      assert.deepEqual(seen, ['action-started #0', 'action-deferred #1', 'action-started #2', 'action-started #1', 'expectation']);
    });

    it('a step stops at an edit', () => {
      const e = vforkRun();
      e.moveTo(1);
      e.edit((s) => setCloexec(s, 100, 0, true), 'fd 0 close-on-exec');
      e.moveTo(0);
      assert.equal(step(e, 'phase')!.kind, 'user-edit');
    });
  });

  describe('stepPredicate', () => {
    it('over and out from no frame or a statement frame behave like action', () => {
      const e = scriptExec();
      const expectation = e.events().find((ev) => ev.kind === 'expectation')!;
      const note = e.events().find((ev) => ev.kind === 'note')!;
      for (const kind of ['over', 'out'] as const) {
        const p = stepPredicate(kind, null);
        assert.equal(p(expectation), true);
        assert.equal(p(note), false);
      }
    });
  });
});
