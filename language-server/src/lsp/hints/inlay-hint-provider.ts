/**
 * Inlay hints: at the end of each `fd N = …` line of a task, what the task's
 * first exec in the scenario did to that fd, as the simulator ran it: "closed
 * on exec", or "→ fd M in the new program" where the system renumbers the
 * descriptors it passes (CloudABI's proc_exec hands the new program only the
 * fds in its argument data, as 0, 1, 2, …). An fd the exec keeps at the same
 * number gets no hint. Shown only when the scenario runs (its system is known
 * and it has no errors).
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { InlayHintProvider } from 'langium/lsp';
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import type * as ast from '../../language/generated/ast.js';
import type { ExecsimLspServices } from '../../language/execsim-services.js';
import type { ScenarioLowering } from '../../language/lowering/scenario-lowering.js';
import { scenarioRunOf, type ActionRun } from '../simulation/scenario-run.js';

export class ExecsimInlayHintProvider implements InlayHintProvider {
  private readonly lowering: ScenarioLowering;

  constructor(services: ExecsimLspServices) {
    this.lowering = services.lowering.ScenarioLowering;
  }

  getInlayHints(document: LangiumDocument, params: InlayHintParams): MaybePromise<InlayHint[] | undefined> {
    const run = scenarioRunOf(document, this.lowering);
    if (!run) return [];
    const root = (document as LangiumDocument<ast.Scenario>).parseResult.value;
    const hints: InlayHint[] = [];
    for (const task of root.statements) {
      if (task.$type !== 'Task' || !task.$cstNode) continue;
      if (task.$cstNode.range.end.line < params.range.start.line || task.$cstNode.range.start.line > params.range.end.line) continue;
      const exec = firstExecOf(run.scenario.actions, run.all(), task.name);
      if (!exec) continue;
      for (const entry of task.entries) {
        if (entry.$type !== 'FdEntry' || !entry.$cstNode) continue;
        const fate = exec.run.fdFates?.find((f) => f.fd === entry.fd);
        if (!fate || fate.fate === 'kept') continue;
        const label = fate.fate === 'closed' ? 'closed on exec' : `→ fd ${fate.to} in the new program`;
        hints.push({
          position: entry.$cstNode.range.end,
          label: ` ${label} (line ${exec.line})`,
          kind: InlayHintKind.Parameter,
          paddingLeft: true,
          tooltip: `What the exec on line ${exec.line} did to fd ${entry.fd}, as the simulator ran it.`,
        });
      }
    }
    return hints;
  }
}

function firstExecOf(
  specs: ReadonlyArray<{ index: number; task: string; loc: { line: number } }>,
  runs: ReadonlyMap<number, ActionRun>,
  task: string,
): { run: ActionRun; line: number } | undefined {
  for (const spec of specs) {
    if (spec.task !== task) continue;
    const run = runs.get(spec.index);
    if (run?.fdFates) return { run, line: spec.loc.line };
  }
  return undefined;
}

