/**
 * Every breakpoint of a session, checked at each event the cursor reaches in
 * either direction: line and function breakpoints (and their logpoints),
 * exception filters and data breakpoints. Breakpoints outlive the engine
 * (restart keeps them); `bind` points them at a new run.
 */
import { incidentsAt, type Engine, type Incident, type Scenario, type SystemId, type query } from '../../../../sim-core/src/index.js';
import { Evaluator, type Armed, type ConditionWarning } from './armed.js';
import { DataBreakpoint, placeDataBreakpoints, type DataRequest, type DataResult } from './data-breakpoints.js';
import { ExceptionFilters, type FilterResult } from './exception-filters.js';
import { placeFunctionBreakpoints, type FunctionRequest, type FunctionResult, type PhaseBreakpoint } from './function-breakpoints.js';
import { placeLineBreakpoints, StatementIndex, statementLine, type LineBreakpoint, type LineRequest, type LineResult } from './line-breakpoints.js';

export type HitReason = 'breakpoint' | 'function breakpoint' | 'data breakpoint' | 'exception';

export interface Hit {
  readonly reason: HitReason;
  readonly ids: readonly number[];
  readonly description: string;
  readonly incident?: Incident;
}

export interface Check {
  readonly hit?: Hit;
  /** Logpoint messages printed at this event. */
  readonly logs: readonly string[];
}

interface Requests {
  lines: readonly LineRequest[];
  functions: readonly FunctionRequest[];
  data: readonly DataRequest[];
}

export class Breakpoints {
  private nextId = 1;
  private lines: LineBreakpoint[] = [];
  private functions: PhaseBreakpoint[] = [];
  private data: DataBreakpoint[] = [];
  readonly filters = new ExceptionFilters();
  private engine: Engine | undefined;
  private scenario: Scenario | undefined;
  private index: StatementIndex | undefined;
  private inspector: query.StateInspector | undefined;
  private evaluator: Evaluator | undefined;
  /** What the client asked for last, to place again against a new run (restart). */
  private readonly requests: Requests = { lines: [], functions: [], data: [] };
  private scenarioSource: string | undefined;

  constructor(private readonly warn: ConditionWarning) {}

  private readonly id = () => this.nextId++;
  /** Ids handed out by the last placement of each kind, reused when the same requests are placed again. */
  private readonly placedIds = { lines: [] as number[], functions: [] as number[], data: [] as number[] };

  private ids(kind: keyof Breakpoints['placedIds'], reuse: boolean): () => number {
    const old = reuse ? this.placedIds[kind] : [];
    let i = 0;
    return () => (i < old.length ? old[i++]! : this.nextId++);
  }

  get statements(): StatementIndex | undefined {
    return this.index;
  }

  /** Points the breakpoints at a new run; returns the ids placed again (their verification may have changed). */
  bind(engine: Engine, scenario: Scenario, scenarioSource: string): { lines: LineResult[]; functions: FunctionResult[]; data: DataResult[] } {
    this.engine = engine;
    this.scenario = scenario;
    this.scenarioSource = scenarioSource;
    this.index = new StatementIndex(scenario);
    this.inspector = engine.personality.inspector;
    this.evaluator = new Evaluator(engine, this.inspector, this.warn);
    return {
      lines: this.setLines(this.requests.lines, scenarioSource, scenarioSource, true),
      functions: this.setFunctions(this.requests.functions, true),
      data: this.setData(this.requests.data, true),
    };
  }

  setLines(requests: readonly LineRequest[], sourcePath: string, sourceName: string, reuse = false): LineResult[] {
    const isScenario = this.scenarioSource === undefined || samePath(sourcePath, this.scenarioSource);
    const { results, armed } = placeLineBreakpoints(requests, this.index, isScenario, sourceName, isScenario ? this.ids('lines', reuse) : this.id);
    if (isScenario) {
      this.requests.lines = requests;
      this.placedIds.lines = results.map((r) => r.id);
      for (const b of this.lines) this.evaluator?.forget(b.id);
      this.lines = armed;
    }
    return results;
  }

  setFunctions(requests: readonly FunctionRequest[], reuse = false): FunctionResult[] {
    const { results, armed } = placeFunctionBreakpoints(requests, this.scenario?.system as SystemId | undefined, this.ids('functions', reuse));
    this.requests.functions = requests;
    this.placedIds.functions = results.map((r) => r.id);
    for (const b of this.functions) this.evaluator?.forget(b.id);
    this.functions = armed;
    return results;
  }

  setData(requests: readonly DataRequest[], reuse = false): DataResult[] {
    const { results, armed } = placeDataBreakpoints(requests, this.inspector, this.ids('data', reuse));
    this.requests.data = requests;
    this.placedIds.data = results.map((r) => r.id);
    for (const b of this.data) this.evaluator?.forget(b.id);
    this.data = armed;
    return results;
  }

  setExceptionFilters(filters: readonly string[], options: readonly { filterId: string; condition?: string }[]): FilterResult[] {
    return this.filters.set(filters, options);
  }

  /** Whether anything could fire (a run with nothing armed skips the checks). */
  get armed(): boolean {
    return this.lines.length + this.functions.length + this.data.length > 0 || this.filters.enabled;
  }

  /** What fires at event `seq`: a stop, and the messages of logpoints that matched. */
  check(seq: number): Check {
    const engine = this.engine;
    const ev = this.evaluator;
    if (!engine || !ev || !this.armed) return { logs: [] };
    const logs: string[] = [];
    const fired = (list: readonly Armed[]): number[] => {
      const ids: number[] = [];
      for (const b of list) {
        if (!ev.fires(b, seq)) continue;
        if (b.log) logs.push(ev.logText(b, seq));
        else ids.push(b.id);
      }
      return ids;
    };
    let hit: Hit | undefined;
    if (this.filters.enabled) {
      const incident = this.filters.select(incidentsAt(engine, seq, this.inspector))[0];
      if (incident) hit = { reason: 'exception', ids: [], description: incident.description, incident };
    }
    const data = fired(this.data);
    if (!hit && data.length) {
      const bp = this.data.find((d) => d.id === data[0])!;
      hit = { reason: 'data breakpoint', ids: data, description: bp.changeText(engine, seq) };
    }
    const lines = fired(this.lines);
    const functions = fired(this.functions);
    if (!hit && lines.length) hit = { reason: 'breakpoint', ids: lines, description: `line ${statementLine(engine.event(seq)) ?? '?'}` };
    if (!hit && functions.length) {
      const e = engine.event(seq);
      hit = { reason: 'function breakpoint', ids: functions, description: e.kind === 'phase-entered' ? `phase ${e.phase}` : 'function breakpoint' };
    }
    if (hit && hit.reason !== 'breakpoint' && hit.reason !== 'function breakpoint') hit = { ...hit, ids: [...hit.ids, ...lines, ...functions] };
    return { ...(hit ? { hit } : {}), logs };
  }

  /** The tape changed from `seq` on (an edit). */
  invalidateFrom(seq: number): void {
    this.evaluator?.invalidateFrom(seq);
  }
}

/** Paths compared as a client and a loader may spell them (separators, `./`, case of a drive letter). */
export function samePath(a: string, b: string): boolean {
  const norm = (p: string) =>
    p
      .replace(/\\/g, '/')
      .replace(/\/\.\//g, '/')
      .replace(/^([a-z]):/, (_, d: string) => `${d.toUpperCase()}:`);
  return norm(a) === norm(b);
}
