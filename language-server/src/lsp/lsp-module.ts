/**
 * The language server's feature services, on top of the scenario language's
 * (ExecsimModule) and Langium's defaults. Every service listed here is
 * advertised in the server's capabilities by Langium, so only real ones go in.
 */
import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import type { ExecsimAddedServices } from '../language/execsim-module.js';
import type { ExecsimLspServices } from '../language/execsim-services.js';
import { ExecsimCompletionProvider } from './completion/completion-provider.js';
import { ExecsimHoverProvider } from './hover/hover-provider.js';
import { ExecsimDefinitionProvider } from './names/definition-provider.js';
import { ExecsimReferencesProvider } from './names/references-provider.js';
import { ExecsimDocumentHighlightProvider } from './names/document-highlight-provider.js';
import { ExecsimRenameProvider } from './names/rename-provider.js';

export const ExecsimLspModule: Module<ExecsimLspServices, PartialLangiumServices & Partial<ExecsimAddedServices>> = {
  lsp: {
    CompletionProvider: (services) => new ExecsimCompletionProvider(services),
    HoverProvider: (services) => new ExecsimHoverProvider(services),
    DefinitionProvider: () => new ExecsimDefinitionProvider(),
    ReferencesProvider: () => new ExecsimReferencesProvider(),
    DocumentHighlightProvider: () => new ExecsimDocumentHighlightProvider(),
    RenameProvider: () => new ExecsimRenameProvider(),
  },
};
