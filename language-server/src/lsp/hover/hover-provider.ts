/**
 * Hover texts, all read from the simulator: on a call, what it did in this
 * scenario on its system (the phases it went through with their citations,
 * how it ended) or, when the system lacks it, the systems that have it; on an
 * errno, the phases of the scenario's system (then of the others) that return
 * it and when; on a phase id, the catalogue entry; on a name, where it is
 * introduced.
 */
import { CstUtils, GrammarUtils, type AstNode, type CstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import * as ast from '../../language/generated/ast.js';
import type { ExecsimLspServices } from '../../language/execsim-services.js';
import type { ScenarioLowering } from '../../language/lowering/scenario-lowering.js';
import { phaseById, phasesReturning } from '../../../../sim-core/src/catalogue/index.js';
import { errnoText, isErrno } from '../../../../sim-core/src/model/errno.js';
import { allPersonalities } from '../../../../sim-core/src/personalities/registry.js';
import type { Personality } from '../../../../sim-core/src/personalities/personality.js';
import { scenarioRunOf, type ActionRun } from '../simulation/scenario-run.js';
import { personalityOf } from '../simulation/system-of.js';
import { nameIndexOf } from '../names/name-index-cache.js';
import { phaseDetail, phaseItem } from './phase-text.js';

export class ExecsimHoverProvider implements HoverProvider {
  private readonly lowering: ScenarioLowering;

  constructor(services: ExecsimLspServices) {
    this.lowering = services.lowering.ScenarioLowering;
  }

  getHoverContent(document: LangiumDocument, params: HoverParams): MaybePromise<Hover | undefined> {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const offset = document.textDocument.offsetAt(params.position);
    const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
    if (!leaf || leaf.hidden) return undefined;
    const node = leaf.astNode;
    const word = leaf.text;
    const system = personalityOf(document);
    const text =
      this.callHover(document, node, word, leaf, system) ??
      errnoHover(word, system) ??
      phaseHover(node, word) ??
      nameHover(document, params.position.line, params.position.character);
    return text ? { contents: { kind: 'markdown', value: text }, range: leaf.range } : undefined;
  }

  /** The call word of an action: `execve` in `@x login: execve …`. */
  private callHover(document: LangiumDocument, node: AstNode, word: string, leaf: CstNode, system: Personality | undefined): string | undefined {
    const action = node as AstNode & { name?: string };
    if (!isAction(node) || action.name !== word || GrammarUtils.findAssignment(leaf)?.feature !== 'name') return undefined;
    if (!system) return `**${word}**: name the system (\`system linux\`, …) to see what it does there.`;
    const have = allPersonalities().filter((p) => word in p.actions);
    if (!(word in system.actions)) {
      const others = have.map((p) => `${p.system} (${p.title})`).join(', ');
      return `**${word}**: ${system.title} has no such call.${others ? ` Systems that have it: ${others}.` : ''}`;
    }
    const lines = [`**${word}** on ${system.title}`];
    const index = actionIndexOf(document, node);
    const run = index !== undefined ? scenarioRunOf(document, this.lowering)?.action(index) : undefined;
    if (!run) {
      lines.push('', 'The phases it runs are shown once the scenario has no errors and has run.');
      return lines.join('\n');
    }
    lines.push('', outcomeText(run));
    const phases = run.phases.map((id) => phaseById(id)).filter((p) => p !== undefined);
    if (phases.length) lines.push('', 'Phases in this scenario:', ...phases.map(phaseItem));
    else lines.push('', 'It runs no exec phase: the simulator carries it out in one step.');
    return lines.join('\n');
  }
}

function isAction(node: AstNode): boolean {
  return ast.isAction(node);
}

function actionIndexOf(document: LangiumDocument, node: AstNode): number | undefined {
  const statements = (document.parseResult.value as unknown as { statements: AstNode[] }).statements;
  let index = 0;
  for (const s of statements) {
    if (s === node) return index;
    if (isAction(s)) index++;
  }
  return undefined;
}

function outcomeText(run: ActionRun): string {
  const o = run.outcome;
  const ponr = run.ponr ? ' It went past its point of no return.' : '';
  if (!o) return `In this scenario it did not finish.${ponr}`;
  if (o.ok) return `In this scenario it succeeded${o.value !== undefined ? ` (returned ${o.value})` : ''}.${ponr}`;
  if ('errno' in o) return `In this scenario it failed with \`${o.errno}\`${o.phase ? ` in \`${o.phase}\`` : ''}: ${o.detail}.${ponr}`;
  if ('killed' in o) return `In this scenario the process was killed by ${o.killed}${o.phase ? ` in \`${o.phase}\`` : ''}: ${o.detail}.${ponr}`;
  return `In this scenario it blocked: ${o.blocked}.${ponr}`;
}

function errnoHover(word: string, system: Personality | undefined): string | undefined {
  if (!isErrno(word)) return undefined;
  const all = phasesReturning(word);
  const own = system ? all.filter((x) => x.phase.system === system.system) : [];
  const others = system ? all.filter((x) => x.phase.system !== system.system) : all;
  const lines = [`**${word}**: ${errnoText(word)}`];
  const item = (x: (typeof all)[number]) => `- \`${x.phase.id}\` (${x.phase.title}): ${x.when}`;
  if (own.length) lines.push('', `Returned on ${system!.title} by:`, ...own.map(item));
  else if (system) lines.push('', `No phase of ${system.title} returns it.`);
  if (others.length) lines.push('', system ? 'On other systems:' : 'Returned by:', ...others.map(item));
  return lines.join('\n');
}

function phaseHover(node: AstNode, word: string): string | undefined {
  const id = node.$type === 'FailedIn' ? (node as unknown as { phase?: string }).phase : word;
  const phase = id ? phaseById(id) : undefined;
  return phase ? phaseDetail(phase) : undefined;
}

function nameHover(document: LangiumDocument, line: number, character: number): string | undefined {
  const index = nameIndexOf(document);
  const here = index.at(line, character);
  if (!here) return undefined;
  const decl = index.same(here).find((o) => o.declaration);
  const uses = index.same(here).filter((o) => !o.declaration).length;
  const where = decl ? `introduced on line ${decl.range.start.line + 1}` : 'not introduced in this scenario';
  return `${here.kind} **${here.name}**: ${where}; used ${uses} time${uses === 1 ? '' : 's'}.`;
}
