/**
 * Lowering: a parsed scenario (the AST of execsim.langium) to sim-core's plain
 * Scenario. Lowering is total: it always returns a Scenario built from every
 * statement it could read, with the problems it found on the way and the
 * source range of each field it produced.
 */
import * as ast from '../generated/ast.js';
import type { Scenario, SystemId, TaskSpec } from '../../../../sim-core/src/scenario/scenario.js';
import { personalityFor, allPersonalities } from '../../../../sim-core/src/personalities/registry.js';
import { LoweringContext, rangeOf, type LanguageProblem } from './context.js';
import { lowerFilesystem, lowerMachine, lowerTask } from './world.js';
import { lowerSteps } from './steps.js';
import { SYSTEM_NAMES } from './vocabulary.js';
import { suggest } from './suggest.js';
import { checkWorld } from './world-checks.js';
import { checkOneStatementPerLine } from './lines.js';
import type { Range } from 'vscode-languageserver-types';
import type { WorldDraft } from '../sections/section.js';

export interface LoweringOptions {
  /** Name of the file, kept in Scenario.file for messages. */
  readonly file?: string;
  /** Run the scenario on this system instead of the one its `system` line names. */
  readonly system?: SystemId;
}

export interface Lowered {
  readonly scenario: Scenario;
  readonly problems: readonly LanguageProblem[];
  /** Scenario field path (`tasks[0].fds[2].fd`) → source range; see LoweringContext.rangeFor. */
  readonly rangeFor: (path: string) => Range | undefined;
  /** Whether sim-core has a personality for the system (its validator can run). */
  readonly simulated: boolean;
}

type WorldStatement = ast.SystemDecl | ast.Machine | ast.Filesystem | ast.Task;

export function lowerScenario(root: ast.Scenario, options: LoweringOptions = {}): Lowered {
  const cx = new LoweringContext();
  checkOneStatementPerLine(root, cx);
  const statements = root.statements;
  const systems: ast.SystemDecl[] = [];
  const machines: ast.Machine[] = [];
  const filesystems: ast.Filesystem[] = [];
  const tasks: ast.Task[] = [];
  const steps: (ast.Action | ast.Expectation)[] = [];
  for (const s of statements) {
    switch (s.$type) {
      case 'SystemDecl':
        systems.push(s);
        break;
      case 'Machine':
        machines.push(s);
        break;
      case 'Filesystem':
        filesystems.push(s);
        break;
      case 'Task':
        tasks.push(s);
        break;
      default:
        steps.push(s);
    }
  }

  // The world comes first: a reader sees everything that exists before anything happens.
  const firstStep = steps[0];
  if (firstStep?.$cstNode) {
    const firstOffset = firstStep.$cstNode.offset;
    for (const s of statements) {
      if ((s.$type === 'SystemDecl' || s.$type === 'Machine' || s.$type === 'Filesystem' || s.$type === 'Task') && (s.$cstNode?.offset ?? 0) > firstOffset) {
        cx.error('world-after-actions', `${describeWorld(s)} comes after the first action`, `the world is described before anything happens: move this above line ${firstStep.$cstNode.range.start.line + 1}`, s);
      }
    }
  }
  for (const group of [systems, machines, filesystems] as const) {
    for (const extra of group.slice(1)) {
      cx.error('duplicate-statement', `a scenario has one ${describeWorld(extra)}`, `the first is on line ${rangeOf(group[0]!).start.line + 1}`, extra);
    }
  }

  const system = resolveSystem(systems[0], options.system, root, cx);
  cx.system = system;
  const simulated = system !== undefined && personalityFor(system) !== undefined;
  if (system !== undefined && !simulated && systems[0]) {
    const available = allPersonalities().map((p) => p.system);
    cx.error('unknown-system', `${system} is not simulated yet`, `simulated systems: ${available.join(', ')}`, systems[0], 'name');
  }
  if (systems[0]) cx.map('system', systems[0], 'name');

  const world: WorldDraft = {};
  const machine = lowerMachine(machines, cx, world);
  const filesystem = lowerFilesystem(filesystems, machine.arch, cx);
  const taskSpecs: TaskSpec[] = [];
  for (const t of tasks) {
    const spec = lowerTask(t, `tasks[${taskSpecs.length}]`, cx);
    if (spec) taskSpecs.push(spec);
  }
  const { actions, expectations } = lowerSteps(steps, cx);

  const scenario: Scenario = {
    system: system ?? 'linux',
    ...(options.file !== undefined ? { file: options.file } : {}),
    machine,
    filesystem,
    tasks: taskSpecs,
    actions,
    expectations,
    ...(world.hurd ? { hurd: world.hurd } : {}),
  };
  checkWorld(scenario, cx);
  return { scenario, problems: cx.problems, rangeFor: (p) => cx.rangeFor(p), simulated };
}

function describeWorld(s: WorldStatement): string {
  if (s.$type === 'SystemDecl') return 'system line';
  if (s.$type === 'Machine') return 'machine block';
  if (s.$type === 'Filesystem') return 'filesystem block';
  return `task ${s.name ?? ''}`.trim();
}

function resolveSystem(decl: ast.SystemDecl | undefined, override: SystemId | undefined, root: ast.Scenario, cx: LoweringContext): SystemId | undefined {
  if (override !== undefined) return override;
  if (!decl) {
    cx.error('missing-system', 'the scenario names no system', 'start it with a line such as: system linux', root.statements[0] ?? root);
    return undefined;
  }
  if (decl.name === undefined) return undefined;
  if ((SYSTEM_NAMES as readonly string[]).includes(decl.name)) return decl.name as SystemId;
  cx.error('unknown-system', `unknown system ${decl.name}`, suggest(decl.name, SYSTEM_NAMES, 'systems'), decl, 'name');
  return undefined;
}
