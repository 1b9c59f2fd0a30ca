/**
 * The document check behind every diagnostic that is not syntax or naming:
 * lower the scenario, report what lowering found, then run sim-core's own
 * validateScenario on the result and report its problems at the range of the
 * field each one names. Each rule lives in one place, so the language server,
 * the command line and the engine never disagree.
 */
import { Cancellation, interruptAndCheck, type AstNode, type LangiumDocument, type ValidationAcceptor } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type * as ast from '../generated/ast.js';
import { validateScenario } from '../../../../sim-core/src/scenario/validate.js';
import { personalityFor } from '../../../../sim-core/src/personalities/registry.js';
import type { Problem } from '../../../../sim-core/src/scenario/problems.js';
import type { Scenario } from '../../../../sim-core/src/scenario/scenario.js';
import type { LanguageProblem } from '../lowering/context.js';
import type { ScenarioLowering } from '../lowering/scenario-lowering.js';

export class ScenarioValidator {
  constructor(private readonly lowering: ScenarioLowering) {}

  /**
   * The language server cancels a check when the next edit comes: between the
   * lowering and sim-core's validation, and before reporting, the check yields
   * and gives up if the token says so (Langium then drops the whole run).
   */
  async check(root: AstNode, accept: ValidationAcceptor, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
    const document = root.$document as LangiumDocument<ast.Scenario> | undefined;
    if (!document) return;
    await interruptAndCheck(cancelToken);
    const lowered = this.lowering.lower(document);
    await interruptAndCheck(cancelToken);
    const syntaxLines = linesWithSyntaxErrors(document);
    const reported = new Set<number>(syntaxLines);
    for (const line of linesWithLinkingErrors(document)) reported.add(line);

    const problems: LanguageProblem[] = lowered.problems.filter((p) => !syntaxLines.has(p.range.start.line));
    for (const p of problems) reported.add(p.range.start.line);
    if (syntaxLines.size === 0 && lowered.simulated) {
      for (const problem of validateScenario(lowered.scenario, personalityFor)) {
        const range = lowered.rangeFor(problem.at) ?? rangeOfLoc(problem.loc);
        if (!range || reported.has(range.start.line)) continue;
        problems.push({
          code: problem.code,
          severity: 'error',
          ...present(problem, lowered.scenario, lowered.rangeFor),
          range,
        });
      }
    }
    await interruptAndCheck(cancelToken);
    for (const p of problems) {
      accept(p.severity, p.message, { node: root, range: p.range, code: p.code, data: p.hint ? { hint: p.hint } : {} });
    }
  }
}

function rangeOfLoc(loc: Problem['loc']): Range | undefined {
  if (!loc) return undefined;
  return { start: { line: loc.line - 1, character: loc.column - 1 }, end: { line: loc.endLine - 1, character: loc.endColumn - 1 } };
}

/**
 * sim-core's problem in the terms of the text: lines instead of action indexes,
 * and the line of the creating call when a task is used before it exists.
 */
function present(problem: Problem, scenario: Scenario, rangeFor: (path: string) => Range | undefined): { message: string; hint?: string } {
  // sim-core names the other definition by its place in the scenario; the text has lines.
  const hint = problem.hint?.replace(/\bis tasks\[(\d+)\]/g, (whole, i: string) => {
    const range = rangeFor(`tasks[${i}].name`) ?? rangeFor(`tasks[${i}]`);
    return range ? `is on line ${range.start.line + 1}` : whole;
  });
  const plain = { message: problem.message, ...(hint ? { hint } : {}) };
  const task = /^actions\[(\d+)\]\.(task|target)$/.exec(problem.at);
  if (problem.code === 'unknown-task' && task) {
    const action = scenario.actions[Number(task[1])]!;
    const name = task[2] === 'task' ? action.task : (action as { target?: string }).target;
    const creator = scenario.actions.find((a) => a.index > action.index && 'child' in a && a.child === name);
    if (creator) return { message: problem.message, hint: `${name} is created on line ${creator.loc.line}; move this below it` };
  }
  const ref = /^expectations\[(\d+)\]\.action$/.exec(problem.at);
  if (problem.code === 'bad-reference' && ref) {
    const e = scenario.expectations[Number(ref[1])] as { action?: number } | undefined;
    const target = e?.action !== undefined ? scenario.actions[e.action] : undefined;
    if (target) return { message: `this expectation checks the action on line ${target.loc.line}, which comes after it`, ...(hint ? { hint } : {}) };
  }
  return plain;
}

export function linesWithSyntaxErrors(document: LangiumDocument): Set<number> {
  const lines = new Set<number>();
  for (const e of document.parseResult.lexerErrors) if (e.line !== undefined) lines.add(e.line - 1);
  // Numbers too large to be exact and bad escapes come as lexer report
  // diagnostics; the lowered value on such a line is not what the user wrote.
  for (const d of document.parseResult.lexerReport?.diagnostics ?? []) if (d.line !== undefined) lines.add(d.line - 1);
  for (const e of document.parseResult.parserErrors) {
    const t = Number.isNaN(e.token.startOffset) && 'previousToken' in e ? (e as { previousToken: typeof e.token }).previousToken : e.token;
    if (t.startLine !== undefined && !Number.isNaN(t.startLine)) lines.add(t.startLine - 1);
  }
  return lines;
}

function linesWithLinkingErrors(document: LangiumDocument): Set<number> {
  const lines = new Set<number>();
  for (const ref of document.references) if (ref.error && ref.$refNode) lines.add(ref.$refNode.range.start.line);
  return lines;
}
