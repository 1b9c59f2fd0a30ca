/**
 * Workspace symbols: the tasks, threads, labels, files and pipes every open or
 * loaded scenario introduces whose name contains the query or matches it with
 * Langium's fuzzy matcher (a path is found by any part of it).
 */
import type { LangiumDocuments } from 'langium';
import type { FuzzyMatcher, LangiumSharedServices, WorkspaceSymbolProvider } from 'langium/lsp';
import { SymbolKind, type WorkspaceSymbol, type WorkspaceSymbolParams } from 'vscode-languageserver';
import { nameIndexOf } from '../names/name-index-cache.js';
import type { NameKind } from '../names/name-index.js';

const KINDS: Readonly<Record<NameKind, SymbolKind>> = {
  task: SymbolKind.Class,
  thread: SymbolKind.Property,
  label: SymbolKind.Function,
  file: SymbolKind.File,
  pipe: SymbolKind.Variable,
  socket: SymbolKind.Variable,
  kqueue: SymbolKind.Variable,
  port: SymbolKind.Variable,
};

export class ExecsimWorkspaceSymbolProvider implements WorkspaceSymbolProvider {
  private readonly documents: LangiumDocuments;
  private readonly matcher: FuzzyMatcher;

  constructor(shared: LangiumSharedServices) {
    this.documents = shared.workspace.LangiumDocuments;
    this.matcher = shared.lsp.FuzzyMatcher;
  }

  getSymbols(params: WorkspaceSymbolParams): WorkspaceSymbol[] {
    const out: WorkspaceSymbol[] = [];
    for (const document of this.documents.all) {
      if (document.textDocument.languageId !== 'execsim' && !document.uri.path.endsWith('.execsim')) continue;
      for (const d of nameIndexOf(document).declarations()) {
        if (params.query && !d.name.toLowerCase().includes(params.query.toLowerCase()) && !this.matcher.match(params.query, d.name)) continue;
        out.push({ name: d.name, kind: KINDS[d.kind], containerName: d.kind, location: { uri: document.uri.toString(), range: d.range } });
      }
    }
    return out;
  }
}
