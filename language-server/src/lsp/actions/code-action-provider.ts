/**
 * Quick fixes for the common diagnostics:
 * - a statement or call the scenario's system lacks: change the system line
 *   to each system that has it (read from the personality registry and the
 *   language's sections);
 * - a file missing from the filesystem: add the node the diagnostic's hint
 *   names (`add it: file /etc/x data`) to the filesystem block (made if
 *   there is none);
 * - an fd that would leak into a set-ID exec: mark it cloexec.
 */
import { CstUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type * as ast from '../../language/generated/ast.js';
import { systemsHaving } from '../../language/sections/index.js';
import { allPersonalities } from '../../../../sim-core/src/personalities/registry.js';
import { FD_LEAK_CODE } from './secure-exec-leaks.js';

export class ExecsimCodeActionProvider implements CodeActionProvider {
  getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
    const doc = document as LangiumDocument<ast.Scenario>;
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.code === 'wrong-system' || diagnostic.code === 'unsupported-on-system') actions.push(...changeSystem(doc, diagnostic));
      else if (diagnostic.code === 'missing-file') actions.push(...addToFilesystem(doc, diagnostic));
      else if (diagnostic.code === FD_LEAK_CODE) actions.push(...markCloexec(doc, diagnostic));
    }
    return actions;
  }
}

function uriOf(document: LangiumDocument): string {
  return document.uri.toString();
}

function fix(title: string, document: LangiumDocument, diagnostic: Diagnostic, edits: TextEdit[], preferred = false): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred, edit: { changes: { [uriOf(document)]: edits } } };
}

function nodeAt(document: LangiumDocument<ast.Scenario>, diagnostic: Diagnostic): AstNode | undefined {
  const root = document.parseResult.value.$cstNode;
  if (!root) return undefined;
  return CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(diagnostic.range.start))?.astNode;
}

function changeSystem(document: LangiumDocument<ast.Scenario>, diagnostic: Diagnostic): CodeAction[] {
  const node = nodeAt(document, diagnostic);
  if (!node) return [];
  const call = (node as { name?: unknown }).name;
  const systems =
    systemsHaving(node)?.systems ??
    (typeof call === 'string' && 'task' in node ? allPersonalities().filter((p) => call in p.actions).map((p) => p.system) : []);
  const decl = document.parseResult.value.statements.find((s): s is ast.SystemDecl => s.$type === 'SystemDecl');
  return systems.map((system, i) => {
    const edit: TextEdit = decl?.$cstNode
      ? { range: decl.$cstNode.range, newText: `system ${system}` }
      : { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `system ${system}\n` };
    return fix(`Change the system to ${system}`, document, diagnostic, [edit], i === 0);
  });
}

function addToFilesystem(document: LangiumDocument<ast.Scenario>, diagnostic: Diagnostic): CodeAction[] {
  const hint = (diagnostic.data as { hint?: string } | undefined)?.hint;
  const entry = hint && /^add it: (.+)$/.exec(hint)?.[1];
  if (!entry) return [];
  const statements = document.parseResult.value.statements;
  const fs = statements.find((s): s is ast.Filesystem => s.$type === 'Filesystem');
  let edit: TextEdit;
  if (fs?.$cstNode) {
    // Before the block's closing brace, which stands on its own line.
    const end = fs.$cstNode.range.end;
    const at = { line: end.line, character: 0 };
    edit = { range: { start: at, end: at }, newText: `  ${entry}\n` };
  } else {
    const system = statements.find((s) => s.$type === 'SystemDecl')?.$cstNode;
    const line = system ? system.range.end.line + 1 : 0;
    const at = { line, character: 0 };
    edit = { range: { start: at, end: at }, newText: `${system ? '\n' : ''}filesystem {\n  ${entry}\n}\n` };
  }
  return [fix(`Add \`${entry}\` to the filesystem`, document, diagnostic, [edit], true)];
}

function markCloexec(document: LangiumDocument<ast.Scenario>, diagnostic: Diagnostic): CodeAction[] {
  const node = nodeAt(document, diagnostic);
  const fd = node?.$type === 'FdEntry' ? (node as ast.FdEntry) : undefined;
  if (!fd?.$cstNode) return [];
  // Where the printer puts it: after the target and the access mode, before status flags.
  const access = fd.attrs.find((a) => a.$type === 'AccessAttr');
  const after = access?.$cstNode ?? fd.target?.$cstNode;
  if (!after) return [];
  return [fix(`Mark fd ${fd.fd} cloexec`, document, diagnostic, [{ range: { start: after.range.end, end: after.range.end }, newText: ' cloexec' }], true)];
}
