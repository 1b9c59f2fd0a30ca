/**
 * The DAP session: translates requests into sim-core calls and sim-core's
 * answers into responses and events. It owns the protocol details (line and
 * column bases, handles, the order of responses and events) and nothing of
 * the kernel: running, stepping and time travel are the engine's; values,
 * conditions and edits are sim-core's query language.
 *
 * Every request gets exactly one response: handlers return a body or throw;
 * a UserError becomes an error response with its message, anything else an
 * error response saying it is an internal error (and the session goes on).
 * No Node module is used here, so the session runs inline in the extension
 * and in a browser worker; I/O goes through the DebugHost.
 */
import {
  DebugSession,
  ExitedEvent,
  InitializedEvent,
  InvalidatedEvent,
  OutputEvent,
  Response,
  StoppedEvent,
  TerminatedEvent,
  ThreadEvent,
  BreakpointEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  Engine,
  describeOutcome,
  traceLine,
  personalityFor,
  allPersonalities,
  query,
  type Scenario,
  type StepKind,
  type Direction,
} from '../../../sim-core/src/index.js';
import { Breakpoints, samePath } from '../adapter/breakpoints/breakpoints.js';
import { describeWatch, isWatchable } from '../adapter/breakpoints/data-breakpoints.js';
import { statementLine } from '../adapter/breakpoints/line-breakpoints.js';
import { chainOf, framesOf, type FrameInfo } from '../adapter/frames.js';
import { RunControl, type RunMode, type Stop } from '../adapter/run-control.js';
import { scopesOf } from '../adapter/scopes.js';
import { PhaseSources } from '../adapter/sources.js';
import { ThreadRegistry, type DebugThread } from '../adapter/threads.js';
import { TraceOutput } from '../adapter/trace-output.js';
import { VariableStore } from '../adapter/variable-store.js';
import { formatDiagnostic, loaderFor, type ScenarioDiagnostic } from '../scenario/loader.js';
import { capabilities } from './capabilities.js';
import { UserError } from './errors.js';
import type { DebugHost } from './host.js';
import { checkLaunchArguments, type LaunchArguments } from './launch-arguments.js';

type Args = Record<string, unknown>;
type Handler = (args: Args) => unknown;

/** A response body and what to do right after the response is sent (events follow their response). */
class Reply {
  constructor(
    readonly body: unknown,
    readonly after?: () => void,
  ) {}
}

function reply(body: unknown, after?: () => void): Reply {
  return new Reply(body, after);
}

/** Events per run slice and how long a slice may take before the session yields to other requests. */
const SLICE_EVENTS = 100_000;
const SLICE_MILLISECONDS = 25;

export interface SessionOptions {
  /** Events per run slice (tests make it small so that requests arrive while a run goes on). */
  readonly sliceEvents?: number;
}

/** The next turn of the event loop: setImmediate in Node (no 1 ms clamp), setTimeout in browsers. */
const defer: (fn: () => void) => void =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === 'function'
    ? (fn) => void (globalThis as unknown as { setImmediate: (f: () => void) => unknown }).setImmediate(fn)
    : (fn) => void setTimeout(fn, 0);

interface Debuggee {
  readonly args: LaunchArguments;
  readonly engine: Engine;
  readonly scenario: Scenario;
  /** The file the statements' lines are in. */
  readonly source: string;
  readonly output: TraceOutput;
  readonly control: RunControl;
  /** Furthest event the cursor has reached (goto targets stop there). */
  furthest: number;
  started: boolean;
}

interface Running {
  /** Which run this is: a slice scheduled for an earlier run (before a restart) does nothing. */
  readonly id: number;
  readonly mode: RunMode;
  pause: boolean;
  readonly noDebug: boolean;
}

function basename(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? path : path.slice(cut + 1);
}

export class ExecsimDebugSession extends DebugSession {
  private linesStartAt1 = true;
  private columnsStartAt1 = true;
  private configured = false;
  private terminated = false;
  private launching = false;
  private debuggee: Debuggee | undefined;
  private running: Running | undefined;
  private runs = 0;
  private lastStop: Stop | undefined;
  private stoppedThreadId = 0;
  private readonly threads = new ThreadRegistry();
  private readonly sources = new PhaseSources();
  private readonly store = new VariableStore();
  private readonly frames = new Map<number, FrameInfo>();
  private readonly frameIds = new Map<string, number>();
  private nextFrameId = 1;
  private readonly warned = new Set<string>();
  private readonly breakpoints = new Breakpoints((id, message) => this.warnOnce(`breakpoint ${id}: ${message}`));

  constructor(
    private readonly host: DebugHost,
    private readonly options: SessionOptions = {},
  ) {
    super();
  }

  // ------------------------------------------------------------------ dispatch

  private readonly handlers: Readonly<Record<string, Handler>> = {
    initialize: (a) => this.initialize(a),
    launch: (a) => this.launch(a),
    attach: () => {
      throw new UserError('execsim launches scenarios; there is nothing to attach to', true);
    },
    configurationDone: () => this.configurationDone(),
    setBreakpoints: (a) => this.setBreakpoints(a),
    setFunctionBreakpoints: (a) => this.setFunctionBreakpoints(a),
    setExceptionBreakpoints: (a) => this.setExceptionBreakpoints(a),
    dataBreakpointInfo: (a) => this.dataBreakpointInfo(a),
    setDataBreakpoints: (a) => this.setDataBreakpoints(a),
    breakpointLocations: (a) => this.breakpointLocations(a),
    threads: () => this.threadsBody(),
    stackTrace: (a) => this.stackTrace(a),
    scopes: (a) => this.scopes(a),
    variables: (a) => this.variables(a),
    source: (a) => this.source(a),
    continue: () => this.resume({ kind: 'continue', direction: 'forward' }, { allThreadsContinued: true }),
    reverseContinue: () => this.resume({ kind: 'continue', direction: 'backward' }),
    next: (a) => this.step(this.nextKind(a), 'forward'),
    stepIn: (a) => this.step(this.stepInKind(a), 'forward'),
    stepOut: () => this.step('out', 'forward'),
    stepBack: (a) => this.step(this.nextKind(a), 'backward'),
    pause: () => this.pause(),
    gotoTargets: (a) => this.gotoTargets(a),
    goto: (a) => this.goto(a),
    restartFrame: (a) => this.restartFrame(a),
    evaluate: (a) => this.evaluate(a),
    completions: (a) => this.completions(a),
    setVariable: (a) => this.setVariable(a),
    setExpression: (a) => this.setExpression(a),
    exceptionInfo: () => this.exceptionInfo(),
    restart: (a) => this.restart(a),
    terminate: () => this.terminate(),
    disconnect: () => this.disconnect(),
  };

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const response = new Response(request);
    const handler = Object.prototype.hasOwnProperty.call(this.handlers, request.command) ? this.handlers[request.command] : undefined;
    if (!handler) {
      this.fail(response, new UserError(`unknown request "${String(request.command)}"`));
      return;
    }
    const args = typeof request.arguments === 'object' && request.arguments !== null && !Array.isArray(request.arguments) ? (request.arguments as Args) : {};
    let result: unknown;
    try {
      result = handler(args);
    } catch (e) {
      this.fail(response, e);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (body) => this.succeed(response, body),
        (e) => this.fail(response, e),
      );
    } else this.succeed(response, result);
  }

  private succeed(response: DebugProtocol.Response, result: unknown): void {
    const body = result instanceof Reply ? result.body : result;
    if (body !== undefined) response.body = body;
    this.sendResponse(response);
    if (result instanceof Reply && result.after) {
      try {
        result.after();
      } catch (e) {
        this.internalFailure(e);
      }
    }
  }

  private fail(response: DebugProtocol.Response, e: unknown): void {
    const user = e instanceof UserError;
    const message = user ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    response.success = false;
    response.message = message;
    response.body = { error: { id: user ? 2001 : 2002, format: message, showUser: user ? e.showUser : true } };
    this.sendResponse(response);
    if (!user) this.console(`execsim: ${message}${e instanceof Error && e.stack ? `\n${e.stack}` : ''}`, 'stderr');
  }

  // ------------------------------------------------------------------ helpers

  private console(text: string, category: 'console' | 'stdout' | 'stderr' = 'console', line?: number): void {
    const e = new OutputEvent(text.endsWith('\n') ? text : `${text}\n`, category) as DebugProtocol.OutputEvent;
    if (line !== undefined && this.debuggee) {
      e.body.source = this.scenarioSource();
      e.body.line = this.clientLine(line);
    }
    this.sendEvent(e);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.console(`execsim: ${message}`, 'console');
  }

  private clientLine(line: number): number {
    return this.linesStartAt1 ? line : line - 1;
  }

  private clientColumn(column: number): number {
    return this.columnsStartAt1 ? column : column - 1;
  }

  private ourLine(line: number): number {
    return this.linesStartAt1 ? line : line + 1;
  }

  private scenarioSource(): DebugProtocol.Source {
    const d = this.debuggee!;
    return { name: basename(d.source), path: d.source };
  }

  private int(a: Args, name: string, what: string): number {
    const v = a[name];
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new UserError(`${what}: "${name}" must be a whole number`);
    return v;
  }

  private text(a: Args, name: string, what: string): string {
    const v = a[name];
    if (typeof v !== 'string') throw new UserError(`${what}: "${name}" must be a string`);
    return v;
  }

  private launched(): Debuggee {
    if (this.terminated) throw new UserError('the session has ended');
    if (!this.debuggee) throw new UserError(this.launching ? 'the scenario is still loading' : 'no scenario is loaded: launch one first');
    return this.debuggee;
  }

  /** The debuggee, which must be stopped (not running, started, not ended). */
  private stopped(): Debuggee {
    const d = this.launched();
    if (!d.started) throw new UserError('the run has not started: it starts after configurationDone');
    if (this.running) throw new UserError('the scenario is running: pause it first');
    return d;
  }

  private queryContext(d: Debuggee): query.QueryContext {
    const inspector = d.engine.personality.inspector;
    const event = d.engine.currentEvent;
    return { state: d.engine.state, ...(inspector ? { inspector } : {}), ...(event ? { event } : {}) };
  }

  private internalFailure(e: unknown): void {
    this.running = undefined;
    const message = e instanceof Error ? e.message : String(e);
    this.console(`execsim: the simulator failed: ${message}${e instanceof Error && e.stack ? `\n${e.stack}` : ''}`, 'stderr');
    this.end(2);
  }

  // ------------------------------------------------------------------ lifecycle

  private initialize(a: Args): DebugProtocol.Capabilities {
    if (typeof a.linesStartAt1 === 'boolean') this.linesStartAt1 = a.linesStartAt1;
    if (typeof a.columnsStartAt1 === 'boolean') this.columnsStartAt1 = a.columnsStartAt1;
    if (a.pathFormat !== undefined && a.pathFormat !== 'path') throw new UserError(`paths are file paths here, not ${JSON.stringify(a.pathFormat)}`);
    return capabilities();
  }

  private async load(args: LaunchArguments): Promise<Debuggee> {
    if (args.system && !personalityFor(args.system)) {
      throw new UserError(`the ${args.system} personality is not in this build (available: ${allPersonalities().map((p) => p.system).join(', ')})`, true);
    }
    const loader = loaderFor(args.scenario, this.host.loaders);
    if (!loader) {
      const kinds = this.host.loaders.flatMap((l) => l.extensions).join(', ');
      throw new UserError(`${args.scenario}: no scenario reader for this kind of file (this adapter reads ${kinds})`, true);
    }
    let text: string;
    try {
      text = await this.host.readFile(args.scenario);
    } catch (e) {
      throw new UserError(`cannot read ${args.scenario}: ${e instanceof Error ? e.message : String(e)}`, true);
    }
    const result = await loader.load(args.scenario, text, args.system ? { system: args.system } : {});
    const diagnostics: readonly ScenarioDiagnostic[] = result.diagnostics;
    if (diagnostics.length) this.console(diagnostics.map(formatDiagnostic).join('\n'), result.ok ? 'console' : 'stderr');
    if (!result.ok) {
      const errors = diagnostics.filter((d) => d.severity === 'error');
      throw new UserError(`${args.scenario} is not a valid ${loader.name}:\n${errors.map(formatDiagnostic).join('\n')}`, true);
    }
    const created = Engine.create(result.scenario);
    if (!created.ok) {
      const lines = created.problems.map((p) =>
        formatDiagnostic({ file: result.statementSource, severity: 'error', line: p.loc?.line ?? 1, column: p.loc?.column ?? 1, message: p.message, ...(p.hint ? { hint: p.hint } : {}) }),
      );
      this.console(lines.join('\n'), 'stderr');
      throw new UserError(`${args.scenario} is not a valid scenario:\n${lines.join('\n')}`, true);
    }
    let sink;
    if (args.trace) {
      if (!this.host.openTrace) throw new UserError('"trace" needs the stdio or server adapter: this one cannot write files', true);
      try {
        sink = this.host.openTrace(args.trace);
      } catch (e) {
        throw new UserError(`cannot write the trace file ${args.trace}: ${e instanceof Error ? e.message : String(e)}`, true);
      }
    }
    const format = args.trace && /\.(txt|log)$/i.test(args.trace) ? 'text' : 'jsonl';
    const output = new TraceOutput(sink, format);
    const engine = created.engine;
    const breakpoints = args.noDebug ? new Breakpoints(() => undefined) : this.breakpoints;
    if (args.noDebug) {
      breakpoints.setExceptionFilters([], []);
      breakpoints.bind(engine, result.scenario, result.statementSource);
    }
    return { args, engine, scenario: result.scenario, source: result.statementSource, output, control: new RunControl(engine, breakpoints, output), furthest: -1, started: false };
  }

  private async launch(a: Args): Promise<Reply> {
    if (this.terminated) throw new UserError('the session has ended');
    if (this.debuggee || this.launching) throw new UserError('a scenario is already launched in this session');
    const args = checkLaunchArguments(a);
    this.launching = true;
    let d: Debuggee;
    try {
      d = await this.load(args);
    } finally {
      this.launching = false;
    }
    if (this.terminated) {
      d.output.close();
      throw new UserError('the session ended while the scenario was loading');
    }
    this.debuggee = d;
    if (!args.noDebug) this.breakpoints.bind(d.engine, d.scenario, d.source);
    return reply(undefined, () => {
      this.sendEvent(new InitializedEvent());
      if (this.configured) this.startRun();
    });
  }

  private configurationDone(): Reply | undefined {
    if (this.configured) return undefined;
    this.configured = true;
    return reply(undefined, () => this.startRun());
  }

  /** Starts the run: to the end without debugging, else stopped on entry or running to the first stop. */
  private startRun(): void {
    const d = this.debuggee;
    if (!d || d.started || this.terminated) return;
    d.started = true;
    if (d.args.noDebug) {
      this.begin({ kind: 'continue', direction: 'forward' }, true);
      return;
    }
    if (d.args.stopOnEntry) {
      if (!d.engine.hasNext()) {
        this.console('the scenario has no statements and no expectations: nothing to run');
        this.end(0);
        return;
      }
      d.engine.forward();
      d.output.passed(d.engine.currentEvent!, d.engine.state);
      this.flushOutput(d);
      this.stopAt({ reason: 'entry', description: 'before the first statement' });
      return;
    }
    this.begin({ kind: 'continue', direction: 'forward' }, false);
  }

  /** Reloads the scenario (with new launch arguments when given), keeps the breakpoints and starts again. */
  private restart(a: Args): Promise<Reply> {
    const d = this.launched();
    const raw = typeof a.arguments === 'object' && a.arguments !== null ? (a.arguments as Args) : undefined;
    const args = raw ? checkLaunchArguments(raw) : d.args;
    return this.load(args).then((fresh) => {
      if (this.terminated) {
        fresh.output.close();
        throw new UserError('the session ended while the scenario was reloading');
      }
      this.running = undefined;
      d.output.close();
      const gone = this.threads.resetReported();
      this.debuggee = fresh;
      const placed = args.noDebug ? undefined : this.breakpoints.bind(fresh.engine, fresh.scenario, fresh.source);
      return reply(undefined, () => {
        for (const id of gone) this.sendEvent(new ThreadEvent('exited', id));
        for (const r of placed ? [...placed.lines, ...placed.functions, ...placed.data] : []) {
          const bp: DebugProtocol.Breakpoint = { id: r.id, verified: r.verified, ...(r.message ? { message: r.message } : {}) };
          if ('line' in r && typeof r.line === 'number') bp.line = this.clientLine(r.line);
          this.sendEvent(new BreakpointEvent('changed', bp));
        }
        this.sendEvent(new InvalidatedEvent(['all']));
        this.console(`restarted ${fresh.args.scenario}`);
        if (this.configured) this.startRun();
      });
    });
  }

  private terminate(): Reply | undefined {
    if (this.terminated) return undefined;
    return reply(undefined, () => this.end(this.exitCode()));
  }

  private disconnect(): Reply {
    this.running = undefined;
    this.debuggee?.output.close();
    this.terminated = true;
    return reply(undefined, () => this.shutdown());
  }

  /** Ends the session: the exit code, then terminated. */
  private end(exitCode: number): void {
    if (this.terminated) return;
    this.running = undefined;
    this.terminated = true;
    this.debuggee?.output.close();
    this.sendEvent(new ExitedEvent(exitCode));
    this.sendEvent(new TerminatedEvent());
  }

  /** 0 when every expectation checked so far passed, 1 otherwise. */
  private exitCode(): number {
    const d = this.debuggee;
    if (!d) return 0;
    return [...d.engine.expectationResults().values()].every((r) => r.passed) ? 0 : 1;
  }

  // ------------------------------------------------------------------ running

  private nextKind(a: Args): StepKind {
    if (a.granularity === 'instruction') return 'event';
    const g = this.debuggee?.args.stepGranularity ?? 'phase';
    return g === 'action' ? 'action' : g === 'event' ? 'event' : 'over';
  }

  private stepInKind(a: Args): StepKind {
    if (a.granularity === 'instruction' || this.debuggee?.args.stepGranularity === 'event') return 'event';
    return 'in';
  }

  private resume(mode: RunMode, body?: unknown): Reply {
    this.stopped();
    return reply(body, () => this.begin(mode, false));
  }

  private step(kind: StepKind, direction: Direction): Reply {
    const d = this.stopped();
    return reply(undefined, () => this.begin({ kind: 'step', step: kind, direction, from: d.engine.frame }, false));
  }

  private pause(): void {
    this.launched();
    if (this.running && !this.running.noDebug) this.running.pause = true;
  }

  private begin(mode: RunMode, noDebug: boolean): void {
    const d = this.debuggee!;
    this.resetStop();
    d.control.begin(mode);
    const id = ++this.runs;
    this.running = { id, mode, pause: false, noDebug };
    this.slice(id);
  }

  private resetStop(): void {
    this.store.reset();
    if (this.frames.size) this.frames.clear();
    if (this.frameIds.size) this.frameIds.clear();
  }

  /** One slice of run `id`; schedules the next one when the budget runs out. */
  private slice(id: number): void {
    const r = this.running;
    const d = this.debuggee;
    if (!r || r.id !== id || !d || this.terminated) return;
    if (r.pause) {
      this.running = undefined;
      this.flushOutput(d);
      this.stopAt({ reason: 'pause', description: 'paused' });
      return;
    }
    let result;
    try {
      result = d.control.run(r.mode, { events: this.options.sliceEvents ?? SLICE_EVENTS, milliseconds: SLICE_MILLISECONDS });
    } catch (e) {
      this.flushOutput(d);
      this.internalFailure(e);
      return;
    }
    this.flushOutput(d);
    if (result.kind === 'yield') {
      defer(() => this.slice(id));
      return;
    }
    this.running = undefined;
    if (result.kind === 'ended' || (r.noDebug && result.kind === 'stopped')) {
      if (r.noDebug) this.console(this.summary(d, true));
      this.end(this.exitCode());
      return;
    }
    if (r.mode.direction === 'backward') {
      const e = d.engine.currentEvent;
      if (e) this.console(`◀ back at event ${e.seq}: ${describeLine(d, e.seq)}`);
    }
    if (result.stop.reason === 'end') this.console(this.summary(d, false));
    this.stopAt(result.stop);
  }

  private flushOutput(d: Debuggee): void {
    for (const chunk of d.output.flush()) this.console(chunk.text, 'stdout', chunk.line);
  }

  /** The thread a stop belongs to: the one that issued the statement, else the innermost one still there. */
  private stopThread(d: Debuggee, threads: readonly DebugThread[]): number {
    const chain = chainOf(d.engine.frame);
    const byTid = (pid: number, tid: number) => threads.find((t) => t.pid === pid && t.tid === tid)?.id;
    const root = chain[chain.length - 1];
    if (root) {
      const id = byTid(root.pid, root.tid);
      if (id !== undefined) return id;
    }
    for (const f of chain) {
      const id = byTid(f.pid, f.tid);
      if (id !== undefined) return id;
    }
    if (root?.kind === 'expect' && root.expectation !== undefined) {
      const spec = d.scenario.expectations[root.expectation] as unknown as { task?: unknown } | undefined;
      const pid = typeof spec?.task === 'string' ? d.engine.state.names[spec.task] : undefined;
      const t = threads.find((x) => x.pid === pid);
      if (t) return t.id;
    }
    return threads[0]!.id;
  }

  private stopAt(stop: Stop): void {
    const d = this.debuggee!;
    d.furthest = Math.max(d.furthest, d.engine.position);
    this.lastStop = stop;
    this.resetStop();
    const state = d.engine.state;
    const threads = this.threads.threadsOf(state);
    const diff = this.threads.diff(threads);
    for (const id of diff.exited) this.sendEvent(new ThreadEvent('exited', id));
    for (const id of diff.started) this.sendEvent(new ThreadEvent('started', id));
    this.stoppedThreadId = this.stopThread(d, threads);
    const event = new StoppedEvent(stop.reason, this.stoppedThreadId, stop.hit?.incident?.id) as DebugProtocol.StoppedEvent;
    event.body.description = stop.description;
    event.body.allThreadsStopped = true;
    if (stop.hit?.ids.length) event.body.hitBreakpointIds = [...stop.hit.ids];
    this.sendEvent(event);
  }

  private summary(d: Debuggee, withOutcomes: boolean): string {
    const results = [...d.engine.expectationResults().values()];
    const failed = results.filter((r) => !r.passed);
    const lines = [`— end of the scenario (${d.engine.length} events): ${results.length ? `${results.length - failed.length} of ${results.length} expectations passed` : 'no expectations'}`];
    if (withOutcomes) {
      for (const a of d.scenario.actions) lines.push(`  line ${a.loc.line}: ${a.task}: ${a.call} ⇒ ${describeOutcome(d.engine.actions().get(a.index)?.outcome)}`);
    }
    for (const [i, r] of d.engine.expectationResults()) {
      if (!r.passed) lines.push(`  ✗ line ${d.scenario.expectations[i]?.loc.line ?? '?'}: expected ${r.expected}, saw ${r.seen}`);
    }
    if (!withOutcomes) lines.push('  Continue ends the session; Step Back and Reverse Continue go back in time.');
    return lines.join('\n');
  }

  // ------------------------------------------------------------------ breakpoints

  private setBreakpoints(a: Args): DebugProtocol.SetBreakpointsResponse['body'] {
    const source = (typeof a.source === 'object' && a.source !== null ? a.source : {}) as DebugProtocol.Source;
    if (typeof source.path !== 'string') {
      const list = Array.isArray(a.breakpoints) ? a.breakpoints : Array.isArray(a.lines) ? a.lines : [];
      return { breakpoints: list.map(() => ({ verified: false, message: 'breakpoints go on scenario statements; this source has no path' })) };
    }
    const requests = (Array.isArray(a.breakpoints) ? (a.breakpoints as unknown[]) : Array.isArray(a.lines) ? (a.lines as unknown[]).map((line) => ({ line })) : []).map((raw) => {
      const b = (typeof raw === 'object' && raw !== null ? raw : {}) as Args;
      if (typeof b.line !== 'number' || !Number.isInteger(b.line)) throw new UserError('setBreakpoints: each breakpoint needs a whole-number "line"');
      return {
        line: this.ourLine(b.line),
        ...(typeof b.condition === 'string' ? { condition: b.condition } : {}),
        ...(typeof b.hitCondition === 'string' ? { hitCondition: b.hitCondition } : {}),
        ...(typeof b.logMessage === 'string' ? { logMessage: b.logMessage } : {}),
      };
    });
    const results = this.breakpoints.setLines(requests, source.path, source.name ?? basename(source.path));
    return {
      breakpoints: results.map((r) => ({
        id: r.id,
        verified: r.verified,
        line: this.clientLine(r.line),
        ...(r.column !== undefined ? { column: this.clientColumn(r.column) } : {}),
        ...(r.endLine !== undefined ? { endLine: this.clientLine(r.endLine) } : {}),
        ...(r.endColumn !== undefined ? { endColumn: this.clientColumn(r.endColumn) } : {}),
        ...(r.message ? { message: r.message } : {}),
        source,
      })),
    };
  }

  private setFunctionBreakpoints(a: Args): DebugProtocol.SetFunctionBreakpointsResponse['body'] {
    if (!Array.isArray(a.breakpoints)) throw new UserError('setFunctionBreakpoints: "breakpoints" must be an array');
    const requests = (a.breakpoints as unknown[]).map((raw) => {
      const b = (typeof raw === 'object' && raw !== null ? raw : {}) as Args;
      if (typeof b.name !== 'string') throw new UserError('setFunctionBreakpoints: each breakpoint needs a "name" (a phase id such as linux.close_on_exec or linux.*)');
      return {
        name: b.name,
        ...(typeof b.condition === 'string' ? { condition: b.condition } : {}),
        ...(typeof b.hitCondition === 'string' ? { hitCondition: b.hitCondition } : {}),
      };
    });
    return { breakpoints: this.breakpoints.setFunctions(requests).map((r) => ({ id: r.id, verified: r.verified, ...(r.message ? { message: r.message } : {}) })) };
  }

  private setExceptionBreakpoints(a: Args): DebugProtocol.SetExceptionBreakpointsResponse['body'] {
    const filters = Array.isArray(a.filters) ? (a.filters as unknown[]).filter((f): f is string => typeof f === 'string') : [];
    const options = Array.isArray(a.filterOptions)
      ? (a.filterOptions as unknown[]).map((raw) => {
          const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Args;
          if (typeof o.filterId !== 'string') throw new UserError('setExceptionBreakpoints: each filter option needs a "filterId"');
          return { filterId: o.filterId, ...(typeof o.condition === 'string' ? { condition: o.condition } : {}) };
        })
      : [];
    return { breakpoints: this.breakpoints.setExceptionFilters(filters, options).map((r) => ({ verified: r.verified, ...(r.message ? { message: r.message } : {}) })) };
  }

  private dataBreakpointInfo(a: Args): DebugProtocol.DataBreakpointInfoResponse['body'] {
    const d = this.stopped();
    const name = this.text(a, 'name', 'dataBreakpointInfo');
    let value: query.QValue | undefined;
    if (typeof a.variablesReference === 'number' && a.variablesReference > 0) {
      value = this.store.child(a.variablesReference, name);
      if (!value && !this.store.get(a.variablesReference)) throw new UserError(`dataBreakpointInfo: no variables with reference ${a.variablesReference} (references last until the next step)`);
    } else {
      try {
        value = query.evaluate(name, this.queryContext(d));
      } catch (e) {
        if (e instanceof query.QueryError) return { dataId: null, description: e.text };
        throw e;
      }
    }
    if (!value || !value.path || !isWatchable(value)) return { dataId: null, description: 'data breakpoints watch an fd slot, a port name or a credential' };
    return { dataId: value.path, description: `changes of ${describeWatch(value.path)}`, accessTypes: ['write'], canPersist: true };
  }

  private setDataBreakpoints(a: Args): DebugProtocol.SetDataBreakpointsResponse['body'] {
    if (!Array.isArray(a.breakpoints)) throw new UserError('setDataBreakpoints: "breakpoints" must be an array');
    const requests = (a.breakpoints as unknown[]).map((raw) => {
      const b = (typeof raw === 'object' && raw !== null ? raw : {}) as Args;
      if (typeof b.dataId !== 'string') throw new UserError('setDataBreakpoints: each breakpoint needs a "dataId" from dataBreakpointInfo');
      return {
        dataId: b.dataId,
        ...(typeof b.accessType === 'string' ? { accessType: b.accessType } : {}),
        ...(typeof b.condition === 'string' ? { condition: b.condition } : {}),
        ...(typeof b.hitCondition === 'string' ? { hitCondition: b.hitCondition } : {}),
      };
    });
    return { breakpoints: this.breakpoints.setData(requests).map((r) => ({ id: r.id, verified: r.verified, ...(r.message ? { message: r.message } : {}) })) };
  }

  private breakpointLocations(a: Args): DebugProtocol.BreakpointLocationsResponse['body'] {
    const d = this.launched();
    const source = (typeof a.source === 'object' && a.source !== null ? a.source : {}) as DebugProtocol.Source;
    const line = this.ourLine(this.int(a, 'line', 'breakpointLocations'));
    const endLine = typeof a.endLine === 'number' ? this.ourLine(a.endLine) : line;
    if (typeof source.path !== 'string' || !samePath(source.path, d.source)) return { breakpoints: [] };
    return {
      breakpoints: (this.breakpoints.statements?.between(line, endLine) ?? []).map((s) => ({
        line: this.clientLine(s.line),
        column: this.clientColumn(s.column),
        endLine: this.clientLine(s.endLine),
        endColumn: this.clientColumn(s.endColumn),
      })),
    };
  }

  private exceptionInfo(): DebugProtocol.ExceptionInfoResponse['body'] {
    const d = this.stopped();
    const incident = this.lastStop?.hit?.incident;
    if (!incident) throw new UserError('not stopped at an exception');
    const chain = chainOf(d.engine.frame).map((f) => f.label);
    return {
      exceptionId: incident.id,
      description: incident.description,
      breakMode: 'always',
      details: { message: incident.description, typeName: incident.kind, stackTrace: [...incident.details, ...chain.map((l) => `  at ${l}`)].join('\n') },
    };
  }

  // ------------------------------------------------------------------ threads, stacks, variables

  private threadsBody(): DebugProtocol.ThreadsResponse['body'] {
    const d = this.debuggee;
    if (!d || this.terminated) return { threads: [] };
    return { threads: this.threads.threadsOf(d.engine.state).map((t) => ({ id: t.id, name: t.name })) };
  }

  private frameId(threadId: number, info: FrameInfo): number {
    const key = `${threadId}:${info.engineFrame ? info.engineFrame.id : 'status'}`;
    let id = this.frameIds.get(key);
    if (id === undefined) {
      id = this.nextFrameId++;
      this.frameIds.set(key, id);
    }
    this.frames.set(id, info);
    return id;
  }

  private stackTrace(a: Args): DebugProtocol.StackTraceResponse['body'] {
    const d = this.stopped();
    const threadId = this.int(a, 'threadId', 'stackTrace');
    const thread = this.threads.threadsOf(d.engine.state).find((t) => t.id === threadId);
    if (!thread) throw new UserError(`stackTrace: no thread ${threadId} at this point`);
    const all = framesOf(thread, this.stoppedThreadId, chainOf(d.engine.frame), d.engine.phases);
    const start = typeof a.startFrame === 'number' && a.startFrame > 0 ? Math.floor(a.startFrame) : 0;
    const levels = typeof a.levels === 'number' && a.levels > 0 ? Math.floor(a.levels) : all.length;
    const stackFrames = all.slice(start, start + levels).map((f): DebugProtocol.StackFrame => {
      const id = this.frameId(threadId, f);
      const canRestart = f.kind === 'phase' || f.kind === 'actor' || f.kind === 'action';
      if (f.kind === 'phase' && f.phase) {
        const ref = this.sources.refFor(f.phase.id)!;
        return { id, name: f.name, source: { name: f.phase.id, sourceReference: ref, origin: 'exec phase pseudo-code' }, line: this.clientLine(f.line ?? 1), column: this.clientColumn(1), canRestart };
      }
      if (f.kind === 'status' || f.line === undefined) return { id, name: f.name, line: 0, column: 0, presentationHint: 'label' };
      return {
        id,
        name: f.name,
        source: this.scenarioSource(),
        line: this.clientLine(f.line),
        column: this.clientColumn(f.column ?? 1),
        ...(f.endLine !== undefined ? { endLine: this.clientLine(f.endLine) } : {}),
        ...(f.endColumn !== undefined ? { endColumn: this.clientColumn(f.endColumn) } : {}),
        canRestart,
      };
    });
    return { stackFrames, totalFrames: all.length };
  }

  private scopes(a: Args): DebugProtocol.ScopesResponse['body'] {
    const d = this.stopped();
    const frameId = this.int(a, 'frameId', 'scopes');
    const frame = this.frames.get(frameId);
    if (!frame) throw new UserError(`scopes: no frame ${frameId} (frames last until the next step)`);
    return {
      scopes: scopesOf(frame, d.engine).map((s): DebugProtocol.Scope => {
        const value = s.value.kind === 'none' ? query.record(s.value.type, s.value.display, () => [{ name: 'state', value: s.value }]) : s.value;
        const ref = this.store.refFor(value);
        return {
          name: s.name,
          variablesReference: ref,
          expensive: s.expensive,
          ...(s.presentationHint ? { presentationHint: s.presentationHint } : {}),
          ...(ref && value.kind === 'table' ? { indexedVariables: value.size } : {}),
          ...(ref && value.kind === 'record' ? { namedVariables: query.fieldCount(value) } : {}),
        };
      }),
    };
  }

  private variables(a: Args): DebugProtocol.VariablesResponse['body'] {
    this.stopped();
    const ref = this.int(a, 'variablesReference', 'variables');
    const filter = a.filter === 'indexed' || a.filter === 'named' ? a.filter : undefined;
    const start = typeof a.start === 'number' ? a.start : 0;
    const count = typeof a.count === 'number' ? a.count : 0;
    const variables = this.store.children(ref, filter, start, count);
    if (!variables) throw new UserError(`variables: no variables with reference ${ref} (references last until the next step)`);
    return { variables };
  }

  private source(a: Args): DebugProtocol.SourceResponse['body'] {
    const src = (typeof a.source === 'object' && a.source !== null ? a.source : {}) as DebugProtocol.Source;
    const ref = typeof src.sourceReference === 'number' && src.sourceReference > 0 ? src.sourceReference : this.int(a, 'sourceReference', 'source');
    const content = this.sources.content(ref);
    if (content === undefined) throw new UserError(`source: no source with reference ${ref}`);
    return { content, mimeType: 'text/plain' };
  }

  // ------------------------------------------------------------------ time travel

  private gotoTargets(a: Args): DebugProtocol.GotoTargetsResponse['body'] {
    const d = this.stopped();
    const source = (typeof a.source === 'object' && a.source !== null ? a.source : {}) as DebugProtocol.Source;
    const line = this.ourLine(this.int(a, 'line', 'gotoTargets'));
    if (typeof source.path !== 'string' || !samePath(source.path, d.source)) return { targets: [] };
    const stmt = this.breakpoints.statements?.at(line);
    if (!stmt) return { targets: [] };
    const targets: DebugProtocol.GotoTarget[] = [];
    for (let seq = 0; seq <= d.furthest; seq++) {
      const e = d.engine.event(seq);
      if (statementLine(e) !== stmt.line) continue;
      targets.push({ id: seq, label: `${e.frame?.label ?? `line ${stmt.line}`} (event ${seq}${e.kind === 'action-deferred' ? ', deferred' : ''})`, line: this.clientLine(stmt.line), column: this.clientColumn(stmt.column) });
    }
    return { targets };
  }

  private goto(a: Args): Reply {
    const d = this.stopped();
    const target = this.int(a, 'targetId', 'goto');
    if (target < 0 || target > d.furthest || statementLine(d.engine.event(target)) === undefined) {
      throw new UserError(`goto: ${target} is not a target: go to a statement that has already run (see gotoTargets)`);
    }
    return reply(undefined, () => {
      d.engine.moveTo(target);
      this.console(`⟲ at event ${target}: ${describeLine(d, target)}`);
      this.stopAt({ reason: 'goto', description: `went to event ${target}` });
    });
  }

  private restartFrame(a: Args): Reply {
    const d = this.stopped();
    const frameId = this.int(a, 'frameId', 'restartFrame');
    const frame = this.frames.get(frameId)?.engineFrame;
    if (!frame || frame.kind === 'expect') throw new UserError(`restartFrame: frame ${frameId} cannot be restarted (frames last until the next step)`);
    let seq = d.engine.position;
    for (; seq >= 0; seq--) {
      const e = d.engine.event(seq);
      if (e.frame?.id === frame.id && (e.kind === 'phase-entered' || e.kind === 'actor-entered' || e.kind === 'action-started')) break;
    }
    if (seq < 0) throw new UserError(`restartFrame: the start of ${frame.label} is not on the tape`);
    return reply(undefined, () => {
      d.engine.moveTo(seq);
      this.console(`⟲ back to the start of ${frame.label} (event ${seq})`);
      this.stopAt({ reason: 'restart', description: `restarted ${frame.label}` });
    });
  }

  // ------------------------------------------------------------------ evaluate and edit

  private evaluate(a: Args): DebugProtocol.EvaluateResponse['body'] {
    const expression = this.text(a, 'expression', 'evaluate');
    const d = this.stopped();
    const ctx = this.queryContext(d);
    if (a.context === 'repl' && expression.trim() === 'help' && ctx.state.names.help === undefined) {
      return { result: query.queryHelp(), variablesReference: 0 };
    }
    let v: query.QValue;
    try {
      v = query.evaluate(expression, ctx);
    } catch (e) {
      if (e instanceof query.QueryError) throw new UserError(`${e.text}${a.context === 'repl' ? ' — type help for the language' : ''}`);
      throw e;
    }
    const variable = this.store.variable(expression, v, false);
    return {
      result: variable.value,
      ...(variable.type ? { type: variable.type } : {}),
      variablesReference: variable.variablesReference,
      ...(variable.indexedVariables !== undefined ? { indexedVariables: variable.indexedVariables } : {}),
      ...(variable.namedVariables !== undefined ? { namedVariables: variable.namedVariables } : {}),
      ...(variable.presentationHint ? { presentationHint: variable.presentationHint } : {}),
    };
  }

  private completions(a: Args): DebugProtocol.CompletionsResponse['body'] {
    const text = this.text(a, 'text', 'completions');
    const column = this.int(a, 'column', 'completions');
    const d = this.stopped();
    const cursor = this.columnsStartAt1 ? column - 1 : column;
    return {
      targets: query.complete(text, cursor, this.queryContext(d)).map((c) => ({
        label: c.label,
        ...(c.text ? { text: c.text } : {}),
        type: c.type,
        ...(c.detail ? { detail: c.detail } : {}),
        start: this.columnsStartAt1 ? c.start + 1 : c.start,
        length: c.length,
      })),
    };
  }

  /** Applies an edit at the cursor (Engine.edit re-runs what follows), then re-reads the edited value. */
  private applyEdit(d: Debuggee, plan: query.EditPlan, path: string | undefined, name: string) {
    const at = d.engine.position;
    d.engine.edit(plan.apply, plan.description);
    this.breakpoints.invalidateFrom(at + 1);
    d.output.rewind(at);
    d.output.passed(d.engine.currentEvent!, d.engine.state);
    this.flushOutput(d);
    d.furthest = d.engine.position;
    this.store.reset();
    let variable: DebugProtocol.Variable | undefined;
    if (path) {
      try {
        variable = this.store.variable(name, query.evaluate(path, this.queryContext(d)));
      } catch (e) {
        if (!(e instanceof query.QueryError)) throw e;
      }
    }
    return reply(
      {
        value: variable?.value ?? '(changed)',
        ...(variable?.type ? { type: variable.type } : {}),
        variablesReference: variable?.variablesReference ?? 0,
        ...(variable?.indexedVariables !== undefined ? { indexedVariables: variable.indexedVariables } : {}),
        ...(variable?.namedVariables !== undefined ? { namedVariables: variable.namedVariables } : {}),
      },
      () => this.sendEvent(new InvalidatedEvent(['variables'])),
    );
  }

  private setVariable(a: Args): Reply {
    const d = this.stopped();
    const ref = this.int(a, 'variablesReference', 'setVariable');
    const name = this.text(a, 'name', 'setVariable');
    const value = this.text(a, 'value', 'setVariable');
    const target = this.store.child(ref, name);
    if (!target) throw new UserError(this.store.get(ref) ? `setVariable: no variable "${name}" here` : `setVariable: no variables with reference ${ref} (references last until the next step)`);
    if (!target.set) throw new UserError(`${target.path ?? name} cannot be changed; ${query.editableSummary(d.engine.personality.inspector)}`);
    let plan: query.EditPlan;
    try {
      plan = target.set(value);
    } catch (e) {
      if (e instanceof query.QueryError) throw new UserError(e.text);
      throw e;
    }
    return this.applyEdit(d, plan, target.path, name);
  }

  private setExpression(a: Args): Reply {
    const d = this.stopped();
    const expression = this.text(a, 'expression', 'setExpression');
    const value = this.text(a, 'value', 'setExpression');
    let plan: query.EditPlan;
    try {
      plan = query.planEdit(expression, value, this.queryContext(d));
    } catch (e) {
      if (e instanceof query.QueryError) throw new UserError(e.text);
      throw e;
    }
    const path = query.evaluate(expression, this.queryContext(d)).path;
    return this.applyEdit(d, plan, path, expression);
  }
}

/** The trace text of an event, trimmed, for the console lines that say where time travel landed. */
function describeLine(d: Debuggee, seq: number): string {
  return traceLine(d.engine.event(seq), d.engine.stateAt(seq)).trim();
}
