/**
 * The engine runs a scenario's actions through a personality, records every
 * event on a tape with the state after it, and keeps a cursor the debugger
 * moves forward and back. It computes lazily, one scheduling step (an action
 * and the expectations written after it) at a time.
 *
 * Time travel is a cursor move: the tape holds every state. An edit ("what
 * if") at an earlier point re-runs the step containing it — the personalities
 * are deterministic, so the replay reproduces the same events (frame ids
 * included) up to the edit — and applies the edit right after that event, so
 * later phases see it.
 *
 * Scheduling: actions run in scenario order. An action whose thread is blocked
 * (a vfork parent) is deferred and runs as soon as the thread can; the
 * expectations written after it wait for it. One that never becomes runnable
 * ends as "never ran" when everything else is done.
 */
import type { PhaseInfo } from '../catalogue/types.js';
import type { KernelState, Pid, Thread, Tid } from '../model/state.js';
import type { Personality } from '../personalities/personality.js';
import { InvalidScenarioError, type Problem } from '../scenario/problems.js';
import type { ActionSpec, ExpectationSpec, Scenario } from '../scenario/scenario.js';
import { validateScenario } from '../scenario/validate.js';
import { personalityFor } from '../personalities/registry.js';
import type { EventBody, Frame, Outcome, SimEvent } from './events.js';
import { Kernel, SysError, type EventSink } from './kernel.js';
import { ACTION_FINISHED, ACTION_STARTED, BODY, Tape, type BareKind } from './tape.js';
import { FrameTable } from './frame-table.js';
import { StepLog } from './step-log.js';
import { ActionLogs, type ActionLog } from './action-log.js';
import { buildInitialState } from './initial-state.js';
import { evaluateExpectation, type ExpectationResult } from './expectations.js';
import { checkInvariants, InvariantTracker } from './invariants.js';

export type { ActionLog };

export interface EngineOptions {
  /** Check the kernel invariants after every event (tests turn this on). */
  readonly checkInvariants?: boolean;
  /** Stop a runaway run; the default is far above any real scenario. */
  readonly maxEvents?: number;
}

/** Thrown when an invariant check fails: a simulator bug, never a user error. */
export class InvariantViolation extends Error {
  constructor(
    readonly violations: readonly string[],
    readonly event: SimEvent,
  ) {
    super(`invariant violated after event ${event.seq} (${event.kind}): ${violations.join('; ')}`);
  }
}

interface Schedule {
  readonly stage: 'initial' | 'actions' | 'finishing' | 'done';
  /** Next action in scenario order. */
  readonly next: number;
  /** Actions waiting for their thread to unblock, in the order they were deferred. */
  readonly deferred: readonly number[];
  /** An edit at position -1 is recorded as the first event of the next step. */
  readonly initialEdit: string | undefined;
}

/** Schedules always have the same fields, so that the step loop stays monomorphic. */
function schedule(stage: Schedule['stage'], next: number, deferred: readonly number[], initialEdit?: string): Schedule {
  return { stage, next, deferred, initialEdit };
}

const NOTHING_DEFERRED: readonly number[] = [];

/** What most statements return; shared, as outcomes are never changed. */
const OK: Outcome = Object.freeze({ ok: true });

/** An expectation's result as the run recorded it. */
export interface ExpectationOutcome {
  readonly passed: boolean;
  readonly expected: string;
  readonly seen: string;
  /** The expectation event. */
  readonly seq: number;
}

interface PendingEdit {
  readonly at: number;
  readonly apply: (state: KernelState) => KernelState;
  readonly description: string;
}

export class Engine implements EventSink {
  readonly scenario: Scenario;
  readonly personality: Personality;
  readonly phases: ReadonlyMap<string, PhaseInfo>;
  private readonly options: EngineOptions;
  private readonly maxEvents: number;
  private readonly tape: Tape;
  /** The frames of this run's events, as rows (the kernel façade adds to it). */
  readonly frames = new FrameTable();
  private schedule: Schedule = schedule('initial', 0, NOTHING_DEFERRED);
  /** Where each step started; frame ids restart from there on a replay, so replayed events are identical to the recorded ones. */
  private readonly steps = new StepLog<Schedule>(
    (s) => (s.stage === 'actions' && s.deferred.length === 0 && s.initialEdit === undefined ? s.next : -1),
    (next) => schedule('actions', next, NOTHING_DEFERRED),
  );
  private cursor = -1;
  private pendingEdit: PendingEdit | undefined;
  private readonly expectationsAfter = new Map<number, ExpectationSpec[]>();
  private readonly invariants = new InvariantTracker();
  /** Live state while a step runs (the tape's last state otherwise). */
  private live: KernelState;
  /** What each action did so far, kept as events are recorded. */
  private actionLog = new ActionLogs();
  /** Each expectation's result so far, kept as events are recorded. */
  private expectationLog = new Map<number, ExpectationOutcome>();
  private runningAction: number | undefined;
  /** The name map {@link pidNamed} answered from, and its answers. */
  private namesSeen: KernelState['names'] | undefined;
  private readonly pidByName = new Map<string, Pid | undefined>();
  /** A simulator bug (an exception from a personality, an invariant violation) stops the run for good. */
  private failure: unknown;

  constructor(scenario: Scenario, options: EngineOptions = {}) {
    const problems = validateScenario(scenario, personalityFor);
    if (problems.length) throw new InvalidScenarioError(problems);
    this.scenario = scenario;
    this.options = options;
    this.maxEvents = options.maxEvents ?? 50_000_000;
    this.personality = personalityFor(scenario.system)!;
    this.phases = new Map(this.personality.phases.map((p) => [p.id, p]));
    for (const e of scenario.expectations) {
      const list = this.expectationsAfter.get(e.after) ?? [];
      list.push(e);
      this.expectationsAfter.set(e.after, list);
    }
    const initial = buildInitialState(scenario, this.personality);
    this.tape = new Tape(initial, this.frames);
    this.live = initial;
  }

  /** Validates without throwing: either an engine or the list of problems. */
  static create(scenario: Scenario, options: EngineOptions = {}): { ok: true; engine: Engine } | { ok: false; problems: readonly Problem[] } {
    try {
      return { ok: true, engine: new Engine(scenario, options) };
    } catch (e) {
      if (e instanceof InvalidScenarioError) return { ok: false, problems: e.problems };
      throw e;
    }
  }

  // ------------------------------------------------------------------ tape

  /** Number of events computed so far. */
  get length(): number {
    return this.tape.length;
  }

  /** True once every action has run and every expectation was checked. */
  get done(): boolean {
    return this.schedule.stage === 'done';
  }

  event(i: number): SimEvent {
    this.ensure(i);
    return this.tape.event(i);
  }

  /** State after event i (-1: before the first event). */
  stateAt(i: number): KernelState {
    if (i >= 0) this.ensure(i);
    return this.tape.stateAt(i);
  }

  get initialState(): KernelState {
    return this.tape.initial;
  }

  /** Every event, running the scenario to its end first. */
  events(): readonly SimEvent[] {
    this.runToEnd();
    return this.tape.all();
  }

  runToEnd(): void {
    while (!this.done) this.runStep();
  }

  // ------------------------------------------------------------------ cursor

  /** Index of the event the cursor is at; -1 before the first. */
  get position(): number {
    return this.cursor;
  }

  get state(): KernelState {
    return this.tape.stateAt(this.cursor);
  }

  get currentEvent(): SimEvent | undefined {
    return this.cursor >= 0 ? this.tape.event(this.cursor) : undefined;
  }

  get frame(): Frame | null {
    return this.currentEvent?.frame ?? null;
  }

  /** Whether an event exists after the cursor (computing it if needed). */
  hasNext(): boolean {
    return this.ensure(this.cursor + 1);
  }

  /** Moves the cursor to event i (time travel in either direction). */
  moveTo(i: number): void {
    if (i < -1) throw new RangeError(`no event ${i}`);
    if (i >= 0 && !this.ensure(i)) throw new RangeError(`no event ${i}: the run has ${this.tape.length} events`);
    this.cursor = i;
  }

  /**
   * Moves forward one event at a time until `stop` holds for the event reached
   * (or just one event without a predicate). Returns the event stopped at, or
   * undefined when the run ended first (the cursor then rests on the last event).
   */
  forward(stop: (e: SimEvent, engine: Engine) => boolean = () => true): SimEvent | undefined {
    while (this.ensure(this.cursor + 1)) {
      this.cursor++;
      const e = this.tape.event(this.cursor);
      if (stop(e, this)) return e;
    }
    return undefined;
  }

  /** Like {@link forward}, backwards; stops at -1 (before the first event) returning undefined. */
  backward(stop: (e: SimEvent, engine: Engine) => boolean = () => true): SimEvent | undefined {
    while (this.cursor >= 0) {
      this.cursor--;
      if (this.cursor < 0) return undefined;
      const e = this.tape.event(this.cursor);
      if (stop(e, this)) return e;
    }
    return undefined;
  }

  /**
   * Changes the state at the cursor ("what if this fd had close-on-exec?") and
   * recomputes everything after it. The cursor moves onto the recorded edit.
   */
  edit(apply: (state: KernelState) => KernelState, description: string): void {
    const at = this.cursor;
    if (at < 0) {
      const edited = apply(this.tape.initial);
      this.failure = undefined;
      this.frames.truncate(0, 0);
      this.tape.replaceInitial(edited);
      this.tape.truncate(0);
      this.rebuildActionLog();
      this.steps.truncate(0);
      this.schedule = schedule('initial', 0, NOTHING_DEFERRED, description);
      this.live = edited;
      this.ensure(0);
      this.cursor = 0;
      return;
    }
    const s = this.steps.lastAtOrBefore(at);
    const tapeIndex = this.steps.tapeIndex(s);
    this.failure = undefined;
    this.frames.truncate(this.steps.frameRowsAt(s), this.steps.frameIdsAt(s));
    this.tape.truncate(tapeIndex);
    this.rebuildActionLog();
    this.schedule = this.steps.schedule(s);
    this.steps.truncate(s);
    this.live = this.tape.stateAt(tapeIndex - 1);
    this.pendingEdit = { at, apply, description };
    while (this.tape.length <= at + 1 && !this.done) this.runStep();
    if (this.pendingEdit) throw new Error(`internal: replay did not reach event ${at}`);
    this.cursor = at + 1;
  }

  // ------------------------------------------------------------------ results

  /** The outcome of each action that has finished, by action index. */
  outcomes(): Map<number, Outcome> {
    const out = new Map<number, Outcome>();
    for (const [i, log] of this.actionLog) if (log.outcome) out.set(i, log.outcome);
    return out;
  }

  /** What the run recorded about each action so far. */
  actions(): ReadonlyMap<number, Readonly<ActionLog>> {
    return this.actionLog;
  }

  /** The result of each expectation checked so far, by expectation index. */
  expectationResults(): Map<number, ExpectationOutcome> {
    return new Map(this.expectationLog);
  }

  // ------------------------------------------------------------------ EventSink

  record(body: EventBody, frame: number, state: KernelState): KernelState {
    return this.append(BODY, body, frame, state);
  }

  recordBare(kind: BareKind, frame: number, state: KernelState): KernelState {
    return this.append(kind, undefined, frame, state);
  }

  /** Records that the statement of action frame `frame` finished. */
  private recordFinished(outcome: Outcome, frame: number, state: KernelState): KernelState {
    return this.append(ACTION_FINISHED, outcome, frame, state);
  }

  private append(code: number, body: EventBody | Outcome | undefined, frame: number, state: KernelState): KernelState {
    if (this.failure !== undefined) throw this.failure;
    const seq = this.tape.length;
    this.tape.push(code, body, frame, state);
    this.live = state;
    this.logAction(code, body, frame, seq);
    if (this.options.checkInvariants) {
      const event = this.tape.event(seq);
      const violations = [...checkInvariants(state), ...this.invariants.observe(event)];
      if (violations.length) throw (this.failure = new InvariantViolation(violations, event));
    }
    if (seq >= this.maxEvents) throw (this.failure = new Error(`run stopped after ${this.maxEvents} events`));
    const edit = this.pendingEdit;
    if (edit && edit.at === seq) {
      this.pendingEdit = undefined;
      return this.record({ kind: 'user-edit', description: edit.description }, frame, edit.apply(state));
    }
    return state;
  }

  /** Keeps the action and expectation logs up to date with event `seq`. */
  private logAction(code: number, body: EventBody | Outcome | undefined, frame: number, seq: number): void {
    if (code === ACTION_STARTED) {
      const action = this.frames.actionOf(frame).index;
      this.actionLog.start(action, seq);
      this.runningAction = action;
      return;
    }
    if (code === ACTION_FINISHED) {
      const action = this.frames.actionOf(frame).index;
      const log = this.actionLog.get(action) ?? this.actionLog.start(action, seq);
      log.finished = seq;
      log.outcome = body as Outcome;
      this.runningAction = undefined;
      return;
    }
    if (code !== BODY) return;
    body = body as EventBody;
    if (body.kind === 'expectation') {
      this.expectationLog.set(body.index, { passed: body.passed, expected: body.expected, seen: body.seen, seq });
    } else if (body.kind === 'point-of-no-return' && this.runningAction !== undefined) {
      this.actionLog.get(this.runningAction)!.ponr = true;
    }
  }

  private rebuildActionLog(): void {
    this.actionLog = new ActionLogs();
    this.expectationLog = new Map();
    this.runningAction = undefined;
    this.invariants.reset();
    for (let i = 0; i < this.tape.length; i++) {
      const e = this.tape.event(i);
      const code = e.kind === 'action-started' ? ACTION_STARTED : e.kind === 'action-finished' ? ACTION_FINISHED : BODY;
      this.logAction(code, e.kind === 'action-finished' ? e.outcome : e, this.tape.frameRowOf(i), i);
      this.invariants.observe(e);
    }
  }

  // ------------------------------------------------------------------ running

  /** Computes until event i exists or the run ends; true if it exists. */
  private ensure(i: number): boolean {
    while (this.tape.length <= i && !this.done) this.runStep();
    return i < this.tape.length;
  }

  /** Runs one scheduling step; an exception that escapes it is a simulator bug and ends the run. */
  private runStep(): void {
    if (this.failure !== undefined) throw this.failure;
    try {
      this.schedulingStep();
    } catch (e) {
      this.failure ??= e;
      throw e;
    }
  }

  private schedulingStep(): void {
    const sched = this.schedule;
    this.steps.push(this.tape.length, this.frames.length, this.frames.lastFrameId, sched);
    switch (sched.stage) {
      case 'initial': {
        if (sched.initialEdit) this.record({ kind: 'user-edit', description: sched.initialEdit }, -1, this.live);
        this.checkExpectations(-1);
        this.schedule = schedule('actions', 0, NOTHING_DEFERRED);
        return;
      }
      case 'actions': {
        const ready = sched.deferred.length ? sched.deferred.find((i) => this.threadOf(this.scenario.actions[i]!)?.blocked === false) : undefined;
        if (ready !== undefined) {
          this.schedule = schedule('actions', sched.next, sched.deferred.filter((i) => i !== ready));
          this.runAction(this.scenario.actions[ready]!, this.threadOf(this.scenario.actions[ready]!));
          this.checkExpectations(ready);
        } else if (sched.next < this.scenario.actions.length) {
          const action = this.scenario.actions[sched.next]!;
          const thread = this.threadOf(action);
          if (thread?.blocked) {
            // Its expectations wait for it: they are checked once it has really run.
            this.record({ kind: 'action-deferred', action: action.index, reason: thread.reason }, this.actionFrame(action, thread.pid, thread.tid), this.live);
            this.schedule = schedule('actions', sched.next + 1, [...sched.deferred, action.index]);
          } else {
            this.schedule = schedule('actions', sched.next + 1, sched.deferred);
            this.runAction(action, thread);
            this.checkExpectations(action.index);
          }
        } else {
          this.schedule = schedule(sched.deferred.length ? 'finishing' : 'done', sched.next, sched.deferred);
          if (!sched.deferred.length) this.steps.pop();
        }
        return;
      }
      case 'finishing': {
        for (const i of sched.deferred) {
          const action = this.scenario.actions[i]!;
          const thread = this.threadOf(action);
          const reason = thread?.reason ?? 'its task is gone';
          this.recordFinished({ ok: false, blocked: `never ran: ${reason}` }, this.actionFrame(action, thread?.pid ?? 0, thread?.tid ?? 0), this.live);
          this.checkExpectations(i);
        }
        this.schedule = schedule('done', sched.next, NOTHING_DEFERRED);
        return;
      }
      case 'done':
        this.steps.pop();
        return;
    }
  }

  /** The calling thread of an action right now: whether it is blocked and why. */
  private threadOf(action: ActionSpec): { pid: Pid; tid: Tid; blocked: boolean; reason: string } | undefined {
    const pid = this.pidNamed(action.task);
    if (pid === undefined) return undefined;
    const task = this.live.tasks.get(pid);
    if (!task || task.status.state !== 'running') return undefined;
    const name = action.thread;
    let thread: Thread | undefined;
    for (const t of task.threads) {
      if (name !== undefined ? t.name === name : t.tid === task.leader) {
        thread = t;
        break;
      }
    }
    if (!thread) return undefined;
    return thread.run.state === 'blocked'
      ? { pid, tid: thread.tid, blocked: true, reason: thread.run.reason }
      : { pid, tid: thread.tid, blocked: false, reason: '' };
  }

  /**
   * The pid a task name stands for now. Names change only when a task is
   * created or renamed, and reading the persistent name map costs more than a
   * statement's own work, so answers are kept while the names stay the same.
   */
  private pidNamed(name: string): Pid | undefined {
    const names = this.live.names;
    if (names !== this.namesSeen) {
      this.namesSeen = names;
      this.pidByName.clear();
    }
    let pid = this.pidByName.get(name);
    if (pid === undefined && !this.pidByName.has(name)) {
      pid = names[name];
      this.pidByName.set(name, pid);
    }
    return pid;
  }

  private actionFrame(action: ActionSpec, pid: Pid, tid: Tid): number {
    return this.frames.action(action, pid, tid);
  }

  private runAction(action: ActionSpec, before: ReturnType<Engine['threadOf']>): void {
    const frame = this.actionFrame(action, before?.pid ?? 0, before?.tid ?? 0);
    const started = this.tape.length;
    this.recordBare(ACTION_STARTED, frame, this.live);
    // An edit recorded right after action-started may have ended the thread.
    const thread = this.tape.length === started + 1 ? before : this.threadOf(action);
    let outcome: Outcome;
    if (!thread) {
      outcome = { ok: false, errno: 'ESRCH', detail: `${action.task}${action.thread ? '.' + action.thread : ''} does not exist or is not running` };
    } else {
      const handler = this.personality.actions[action.call]!;
      const kernel = new Kernel(this, this.live, this.phases, frame);
      try {
        outcome = handler(kernel, { action, scenario: this.scenario, pid: thread.pid, tid: thread.tid }) ?? OK;
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        // Written out rather than spread: a spread builds a slower, larger object.
        outcome = kernel.failedPhase ? { ok: false, errno: e.errno, detail: e.detail, phase: kernel.failedPhase } : { ok: false, errno: e.errno, detail: e.detail };
      }
      if (!outcome.ok && 'errno' in outcome) {
        kernel.emit(outcome.phase ? { kind: 'error-returned', pid: thread.pid, errno: outcome.errno, phase: outcome.phase } : { kind: 'error-returned', pid: thread.pid, errno: outcome.errno });
      }
    }
    this.recordFinished(outcome, frame, this.live);
  }

  private checkExpectations(after: number): void {
    const list = this.expectationsAfter.get(after);
    if (!list) return;
    for (const e of list) {
      const result: ExpectationResult = evaluateExpectation(e, this.live, this.actionLog, this.personality);
      this.record({ kind: 'expectation', index: e.index, passed: result.passed, expected: result.expected, seen: result.seen }, this.frames.expectation(e), this.live);
    }
  }
}
