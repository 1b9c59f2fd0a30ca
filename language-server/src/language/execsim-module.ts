/**
 * The scenario language's services. `ExecsimModule` holds what is specific to
 * execsim (lexer, messages, scoping, lowering, validation); it is combined with
 * Langium's core services here, and with Langium's LSP services by the
 * language server (which adds its own module on top).
 *
 * Nothing here imports Node: the same services run in a browser worker.
 */
import {
  createDefaultCoreModule,
  createDefaultSharedCoreModule,
  EmptyFileSystem,
  inject,
  type DefaultSharedCoreModuleContext,
  type LangiumCoreServices,
  type LangiumSharedCoreServices,
  type Module,
  type PartialLangiumCoreServices,
} from 'langium';
import { ExecsimGeneratedModule, ExecsimGeneratedSharedModule } from './generated/module.js';
import { ExecsimLexer } from './parser/lexer.js';
import { createExecsimParser } from './parser/parser.js';
import { ExecsimLexerErrorMessageProvider, ExecsimParserErrorMessageProvider } from './parser/error-messages.js';
import { ExecsimValueConverter } from './parser/value-converter.js';
import { ExecsimScopeProvider } from './references/scope-provider.js';
import { ExecsimLinker } from './references/linker.js';
import { ExecsimDocumentValidator } from './validation/document-validator.js';
import { ExecsimValidationRegistry } from './validation/validation-registry.js';
import { ScenarioValidator } from './validation/scenario-validator.js';
import { ScenarioLowering } from './lowering/scenario-lowering.js';

/** Services execsim adds to Langium's. */
export interface ExecsimAddedServices {
  readonly lowering: {
    readonly ScenarioLowering: ScenarioLowering;
  };
  readonly validation: {
    readonly ScenarioValidator: ScenarioValidator;
  };
}

export type ExecsimServices = LangiumCoreServices & ExecsimAddedServices;

export const ExecsimModule: Module<ExecsimServices, PartialLangiumCoreServices & ExecsimAddedServices> = {
  parser: {
    Lexer: (services) => new ExecsimLexer(services),
    LangiumParser: (services) => createExecsimParser(services),
    ValueConverter: () => new ExecsimValueConverter(),
    ParserErrorMessageProvider: () => new ExecsimParserErrorMessageProvider(),
    LexerErrorMessageProvider: () => new ExecsimLexerErrorMessageProvider(),
  },
  references: {
    ScopeProvider: (services) => new ExecsimScopeProvider(services),
    Linker: (services) => new ExecsimLinker(services),
  },
  lowering: {
    ScenarioLowering: () => new ScenarioLowering(),
  },
  validation: {
    DocumentValidator: (services) => new ExecsimDocumentValidator(services),
    ValidationRegistry: (services) => new ExecsimValidationRegistry(services),
    ScenarioValidator: (services) => new ScenarioValidator(services.lowering.ScenarioLowering),
  },
};

/**
 * Core (non-LSP) services: what parseScenario, the command line and the debug
 * adapter use. The language server builds its own from ExecsimModule and
 * Langium's LSP modules.
 */
export function createExecsimCoreServices(context: DefaultSharedCoreModuleContext = EmptyFileSystem): {
  shared: LangiumSharedCoreServices;
  Execsim: ExecsimServices;
} {
  const shared = inject(createDefaultSharedCoreModule(context), ExecsimGeneratedSharedModule);
  const Execsim = inject(createDefaultCoreModule({ shared }), ExecsimGeneratedModule, ExecsimModule);
  shared.ServiceRegistry.register(Execsim);
  return { shared, Execsim };
}
