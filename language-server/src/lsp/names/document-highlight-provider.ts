/** Document highlight: the name under the cursor everywhere in the file; where it is introduced counts as a write. */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { DocumentHighlightProvider } from 'langium/lsp';
import { DocumentHighlightKind, type DocumentHighlight, type DocumentHighlightParams } from 'vscode-languageserver';
import { nameIndexOf } from './name-index-cache.js';

export class ExecsimDocumentHighlightProvider implements DocumentHighlightProvider {
  getDocumentHighlight(document: LangiumDocument, params: DocumentHighlightParams): MaybePromise<DocumentHighlight[] | undefined> {
    const index = nameIndexOf(document);
    const here = index.at(params.position.line, params.position.character);
    if (!here) return undefined;
    return index.same(here).map((o) => ({ range: o.range, kind: o.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  }
}
