/** Go to definition for tasks, threads, labels, files and pipes/sockets/kqueues/ports: the place that introduces the name. */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { DefinitionProvider } from 'langium/lsp';
import type { DefinitionParams, LocationLink } from 'vscode-languageserver';
import { nameIndexOf } from './name-index-cache.js';

export class ExecsimDefinitionProvider implements DefinitionProvider {
  getDefinition(document: LangiumDocument, params: DefinitionParams): MaybePromise<LocationLink[] | undefined> {
    const index = nameIndexOf(document);
    const here = index.at(params.position.line, params.position.character);
    if (!here) return undefined;
    const declarations = index.same(here).filter((o) => o.declaration);
    if (!declarations.length) return undefined;
    return declarations.map((d) => ({
      originSelectionRange: here.range,
      targetUri: document.uri.toString(),
      targetRange: d.node.$cstNode?.range ?? d.range,
      targetSelectionRange: d.range,
    }));
  }
}
