/**
 * The outline: the system, the machine, the filesystem with its files, each
 * task with its fds and threads, then the actions (labelled ones by their
 * label) and expectations, in the order of the text.
 */
import { GrammarUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import * as ast from '../../language/generated/ast.js';

export class ExecsimDocumentSymbolProvider implements DocumentSymbolProvider {
  getSymbols(document: LangiumDocument): MaybePromise<DocumentSymbol[]> {
    const root = (document as LangiumDocument<ast.Scenario>).parseResult.value;
    return root.statements.flatMap((s) => {
      const symbol = statementSymbol(s);
      return symbol ? [symbol] : [];
    });
  }
}

function statementSymbol(node: AstNode): DocumentSymbol | undefined {
  const range = node.$cstNode?.range;
  if (!range) return undefined;
  const text = node.$cstNode!.text;
  switch (node.$type) {
    case 'SystemDecl':
      return symbol(`system ${(node as ast.SystemDecl).name}`, SymbolKind.Namespace, range);
    case 'Machine':
      return symbol('machine', SymbolKind.Module, range, (node as ast.Machine).entries.flatMap(line(SymbolKind.Property)));
    case 'Filesystem':
      return symbol('filesystem', SymbolKind.Module, range, (node as ast.Filesystem).entries.flatMap(line(SymbolKind.File)));
    case 'Task': {
      const task = node as ast.Task;
      const children = task.entries.filter((e) => e.$type !== 'TaskAttrLine').flatMap(line(SymbolKind.Field));
      return symbol(task.name, SymbolKind.Class, range, children, `pid ${task.pid}`, selection(task, range));
    }
    default: {
      if (!ast.isAction(node)) return symbol(oneLine(text), SymbolKind.Boolean, range);
      const action = node as AstNode & { label?: ast.ActionLabel; name?: string };
      const name = action.label?.name ?? oneLine(text);
      return symbol(name, SymbolKind.Function, range, [], action.label ? oneLine(text.slice(text.indexOf(' ') + 1)) : undefined);
    }
  }
}

function line(kind: SymbolKind): (node: AstNode) => DocumentSymbol[] {
  return (node) => (node.$cstNode ? [symbol(oneLine(node.$cstNode.text), kind, node.$cstNode.range)] : []);
}

/** The task's name, where an editor puts the cursor for the symbol. */
function selection(task: ast.Task, range: Range): Range {
  return (task.$cstNode && GrammarUtils.findNodeForProperty(task.$cstNode, 'name')?.range) ?? range;
}

function oneLine(text: string): string {
  const first = text.split(/\r?\n/, 1)[0]!.trim();
  return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}

function symbol(name: string, kind: SymbolKind, range: Range, children: DocumentSymbol[] = [], detail?: string, selectionRange: Range = range): DocumentSymbol {
  return { name: name || '?', kind, range, selectionRange, ...(detail ? { detail } : {}), ...(children.length ? { children } : {}) };
}
