/**
 * The language server's feature services, on top of the scenario language's
 * (ExecsimModule) and Langium's defaults. Every service listed here is
 * advertised in the server's capabilities by Langium, so only real ones go in.
 */
import type { Module } from 'langium';
import type { LangiumSharedServices, PartialLangiumServices, PartialLangiumSharedServices } from 'langium/lsp';
import type { ExecsimAddedServices } from '../language/execsim-module.js';
import type { ExecsimLspServices } from '../language/execsim-services.js';
import { ExecsimCompletionProvider } from './completion/completion-provider.js';
import { ExecsimHoverProvider } from './hover/hover-provider.js';
import { ExecsimDefinitionProvider } from './names/definition-provider.js';
import { ExecsimReferencesProvider } from './names/references-provider.js';
import { ExecsimDocumentHighlightProvider } from './names/document-highlight-provider.js';
import { ExecsimRenameProvider } from './names/rename-provider.js';
import { ExecsimSemanticTokenProvider } from './tokens/semantic-token-provider.js';
import { ExecsimDocumentSymbolProvider } from './symbols/document-symbol-provider.js';
import { ExecsimWorkspaceSymbolProvider } from './symbols/workspace-symbol-provider.js';
import { ExecsimCodeActionProvider } from './actions/code-action-provider.js';
import { EditorValidationRegistry } from './actions/editor-validation-registry.js';
import { ExecsimInlayHintProvider } from './hints/inlay-hint-provider.js';
import { ScenarioValidator } from '../language/validation/scenario-validator.js';
import { NoExportedNames, NoReferenceIndex } from './workspace/document-local-names.js';
import { createGuardedParser } from './parser/guarded-parser.js';
import { CanonicalFormatter } from './formatting/canonical-formatter.js';

export const ExecsimLspModule: Module<ExecsimLspServices, PartialLangiumServices & Partial<ExecsimAddedServices>> = {
  parser: {
    LangiumParser: (services) => createGuardedParser(services),
  },
  references: {
    ScopeComputation: (services) => new NoExportedNames(services),
  },
  workspace: {
    ReferenceDescriptionProvider: (services) => new NoReferenceIndex(services),
  },
  lsp: {
    CompletionProvider: (services) => new ExecsimCompletionProvider(services),
    HoverProvider: (services) => new ExecsimHoverProvider(services),
    DefinitionProvider: () => new ExecsimDefinitionProvider(),
    ReferencesProvider: () => new ExecsimReferencesProvider(),
    DocumentHighlightProvider: () => new ExecsimDocumentHighlightProvider(),
    RenameProvider: () => new ExecsimRenameProvider(),
    SemanticTokenProvider: (services) => new ExecsimSemanticTokenProvider(services),
    DocumentSymbolProvider: () => new ExecsimDocumentSymbolProvider(),
    CodeActionProvider: () => new ExecsimCodeActionProvider(),
    InlayHintProvider: (services) => new ExecsimInlayHintProvider(services),
    Formatter: (services) => new CanonicalFormatter(services),
  },
  validation: {
    ValidationRegistry: (services) => new EditorValidationRegistry(services),
    ScenarioValidator: (services) => new ScenarioValidator(services.lowering.ScenarioLowering),
  },
};

/** Services shared by every language of the server: workspace symbols. */
export const ExecsimSharedLspModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
  lsp: {
    WorkspaceSymbolProvider: (shared) => new ExecsimWorkspaceSymbolProvider(shared),
  },
};
