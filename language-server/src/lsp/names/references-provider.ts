/** Find references: every occurrence of the name under the cursor, of the same kind (a file named like a task is another name). */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { ReferencesProvider } from 'langium/lsp';
import type { Location, ReferenceParams } from 'vscode-languageserver';
import { nameIndexOf } from './name-index-cache.js';

export class ExecsimReferencesProvider implements ReferencesProvider {
  findReferences(document: LangiumDocument, params: ReferenceParams): MaybePromise<Location[]> {
    const index = nameIndexOf(document);
    const here = index.at(params.position.line, params.position.character);
    if (!here) return [];
    const uri = document.uri.toString();
    return index
      .same(here)
      .filter((o) => params.context.includeDeclaration || !o.declaration)
      .map((o) => ({ uri, range: o.range }));
  }
}
