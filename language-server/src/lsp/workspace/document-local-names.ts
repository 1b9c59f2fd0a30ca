/**
 * A scenario is one file: its names are resolved by the language's own scope
 * provider straight from the AST (references/scope-provider.ts), never from
 * Langium's symbol tables or its cross-file reference index, and the server's
 * name features read the document's NameIndex. Building those tables on every
 * edit would cost more than the rest of the check on a large file, for
 * nothing, so the server builds empty ones.
 */
import { DefaultReferenceDescriptionProvider, DefaultScopeComputation, MultiMap, type AstNode, type AstNodeDescription, type LangiumDocument, type ReferenceDescription } from 'langium';
import type { LocalSymbols } from 'langium';

export class NoExportedNames extends DefaultScopeComputation {
  override async collectExportedSymbols(_document: LangiumDocument): Promise<AstNodeDescription[]> {
    return [];
  }

  override async collectLocalSymbols(_document: LangiumDocument): Promise<LocalSymbols> {
    return new MultiMap<AstNode, AstNodeDescription>();
  }
}

export class NoReferenceIndex extends DefaultReferenceDescriptionProvider {
  override async createDescriptions(_document: LangiumDocument): Promise<ReferenceDescription[]> {
    return [];
  }
}
