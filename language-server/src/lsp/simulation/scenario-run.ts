/**
 * The document's scenario run by the simulator, for hover (the phases each
 * action really went through, and how it ended) and inlay hints (what an exec
 * did to each fd). Only a scenario without errors is run; the run is capped,
 * made once per parse of the document, and never throws: a run that cannot be
 * made is simply absent.
 */
import type { LangiumDocument } from 'langium';
import type * as ast from '../../language/generated/ast.js';
import type { ScenarioLowering } from '../../language/lowering/scenario-lowering.js';
import { Engine } from '../../../../sim-core/src/engine/engine.js';
import type { Frame, Outcome } from '../../../../sim-core/src/engine/events.js';
import { fdTableOf } from '../../../../sim-core/src/model/fds.js';
import type { KernelState } from '../../../../sim-core/src/model/state.js';
import type { Scenario } from '../../../../sim-core/src/scenario/scenario.js';

/** Enough for every example and for large generated scenarios; a run beyond it is left out rather than slowing the editor. */
const MAX_EVENTS = 200_000;

/** What became of one fd of the caller when an exec went past its point of no return. */
export type FdFate = { readonly fd: number; readonly fate: 'closed' } | { readonly fd: number; readonly fate: 'moved'; readonly to: number } | { readonly fd: number; readonly fate: 'kept' };

export interface ActionRun {
  readonly index: number;
  /** Phase ids in the order they were entered. */
  readonly phases: readonly string[];
  readonly outcome?: Outcome;
  readonly ponr: boolean;
  /** For an action that replaced the program: each fd the caller had before it. */
  readonly fdFates?: readonly FdFate[];
}

export interface ScenarioRun {
  readonly scenario: Scenario;
  /** One action, running the scenario only as far as its end (a hover near the top costs little). */
  action(index: number): ActionRun | undefined;
  /** Every action, running the scenario to its end. */
  all(): ReadonlyMap<number, ActionRun>;
}

const runs = new WeakMap<ast.Scenario, ScenarioRun | null>();

export function scenarioRunOf(document: LangiumDocument, lowering: ScenarioLowering): ScenarioRun | undefined {
  const doc = document as LangiumDocument<ast.Scenario>;
  const root = doc.parseResult.value;
  const known = runs.get(root);
  if (known !== undefined) return known ?? undefined;
  const run = makeRun(doc, lowering);
  runs.set(root, run ?? null);
  return run;
}

function makeRun(document: LangiumDocument<ast.Scenario>, lowering: ScenarioLowering): ScenarioRun | undefined {
  if (document.parseResult.lexerErrors.length || document.parseResult.parserErrors.length) return undefined;
  // Unresolved names and the checks' errors: what the scenario means is not settled.
  if (document.references.some((r) => r.error) || document.diagnostics?.some((d) => d.severity === 1)) return undefined;
  const lowered = lowering.lower(document);
  if (!lowered.simulated || lowered.problems.some((p) => p.severity === 'error')) return undefined;
  const created = Engine.create(lowered.scenario, { maxEvents: MAX_EVENTS });
  if (!created.ok) return undefined;
  return new LazyRun(lowered.scenario, created.engine);
}

class LazyRun implements ScenarioRun {
  private readonly done = new Map<number, ActionRun>();
  /** A simulator failure (or the event cap) ends what the run can tell. */
  private broken = false;

  constructor(
    readonly scenario: Scenario,
    private readonly engine: Engine,
  ) {}

  action(index: number): ActionRun | undefined {
    const known = this.done.get(index);
    if (known) return known;
    if (this.engine.actions().get(index)?.finished === undefined) {
      this.safely(() => this.engine.forward((e) => e.kind === 'action-finished' && e.action === index));
    }
    return this.describe(index);
  }

  all(): ReadonlyMap<number, ActionRun> {
    this.safely(() => this.engine.runToEnd());
    for (const index of this.engine.actions().keys()) this.describe(index);
    return this.done;
  }

  private safely(step: () => unknown): void {
    if (this.broken) return;
    try {
      step();
    } catch {
      this.broken = true;
    }
  }

  private describe(index: number): ActionRun | undefined {
    const log = this.engine.actions().get(index);
    if (!log) return undefined;
    const finished = log.finished !== undefined;
    const end = log.finished ?? this.engine.length - 1;
    const phases: string[] = [];
    for (let i = log.started; i <= end; i++) {
      const e = this.engine.event(i);
      if (e.kind === 'phase-entered' && actionOf(e.frame) === index) phases.push(e.phase);
    }
    const pid = this.engine.event(log.started).frame?.pid;
    const fdFates = log.ponr && pid !== undefined ? fatesOf(this.engine.stateAt(log.started), this.engine.stateAt(end), pid) : undefined;
    const run: ActionRun = { index, phases, ponr: log.ponr, ...(log.outcome ? { outcome: log.outcome } : {}), ...(fdFates ? { fdFates } : {}) };
    if (finished) this.done.set(index, run);
    return run;
  }
}

/** Each fd before → where its open file description is after (same number, another number, or gone). */
function fatesOf(before: KernelState, after: KernelState, pid: number): FdFate[] | undefined {
  try {
    const old = fdTableOf(before, pid);
    const now = fdTableOf(after, pid);
    const byDesc = new Map<number, number>();
    now.slots.forEach((slot, fd) => {
      if (!byDesc.has(slot.desc)) byDesc.set(slot.desc, fd);
    });
    const fates: FdFate[] = [];
    old.slots.forEach((slot, fd) => {
      if (now.slots.get(fd)?.desc === slot.desc) fates.push({ fd, fate: 'kept' });
      else if (byDesc.has(slot.desc)) fates.push({ fd, fate: 'moved', to: byDesc.get(slot.desc)! });
      else fates.push({ fd, fate: 'closed' });
    });
    return fates;
  } catch {
    // A system that keeps descriptors outside the kernel's fd tables (the Hurd's dtable) has none to compare.
    return undefined;
  }
}

/** The action a frame runs under: phase and actor frames nest inside the action's frame. */
function actionOf(frame: Frame | null): number | undefined {
  for (let f = frame; f; f = f.parent) if (f.action !== undefined) return f.action;
  return undefined;
}
