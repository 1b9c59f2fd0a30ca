/**
 * One statement per line: a line breakpoint must name exactly one statement.
 * The grammar ends statements at newlines; this check reports two statements
 * (or two block entries) that share a line, and block braces that share a
 * line with an entry. It compares offsets in the text (a newline between two
 * items) and computes ranges only for what it reports.
 */
import { isCompositeCstNode, type AstNode, type CstNode } from 'langium';
import type * as ast from '../generated/ast.js';
import type { LoweringContext } from './context.js';

export function checkOneStatementPerLine(root: ast.Scenario, cx: LoweringContext): void {
  const text = root.$document?.textDocument.getText() ?? root.$cstNode?.root.fullText;
  if (text === undefined) return;
  checkSequence(root.statements, -1, 'statement', text, cx);
  for (const s of root.statements) {
    if (s.$type !== 'Machine' && s.$type !== 'Filesystem' && s.$type !== 'Task') continue;
    const cst = s.$cstNode;
    if (!cst || !isCompositeCstNode(cst)) continue;
    // The braces are direct children of the block's node: no need to search the entries.
    const open = cst.content.find((c) => c.text === '{' && !c.hidden);
    if (!open) continue;
    const entries: readonly AstNode[] = s.entries;
    checkSequence(entries, open.end, 'entry', text, cx);
    const close = findLast(cst.content, (c) => c.text === '}' && !c.hidden);
    const last = entries[entries.length - 1]?.$cstNode;
    if (close && last && !newlineBetween(text, last.end, close.offset)) {
      cx.report('error', 'one-statement-per-line', '} shares its line with an entry', 'put } on a line of its own', close.range);
    }
  }
}

function findLast(nodes: readonly CstNode[], test: (n: CstNode) => boolean): CstNode | undefined {
  for (let i = nodes.length - 1; i >= 0; i--) if (test(nodes[i]!)) return nodes[i];
  return undefined;
}

function newlineBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

function checkSequence(items: readonly AstNode[], previousEnd: number, what: string, text: string, cx: LoweringContext): void {
  let prev = previousEnd;
  for (const item of items) {
    const cst = item.$cstNode;
    if (!cst) continue;
    if (prev >= 0 && !newlineBetween(text, prev, cst.offset)) {
      cx.report('error', 'one-statement-per-line', `one ${what} per line: this ${what} starts on the line of the one before`, 'start a new line before it', cst.range);
    }
    prev = cst.end;
  }
}
