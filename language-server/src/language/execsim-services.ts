/**
 * The scenario language with Langium's LSP services: the starting point of the
 * language server (Node over stdio/IPC, or a browser worker). The server adds
 * its feature modules as `modules`; later modules override earlier ones.
 */
import { inject, type Module } from 'langium';
import {
  createDefaultModule,
  createDefaultSharedModule,
  type DefaultSharedModuleContext,
  type LangiumServices,
  type LangiumSharedServices,
  type PartialLangiumServices,
} from 'langium/lsp';
import { ExecsimGeneratedModule, ExecsimGeneratedSharedModule } from './generated/module.js';
import { ExecsimModule, type ExecsimAddedServices } from './execsim-module.js';

export type ExecsimLspServices = LangiumServices & ExecsimAddedServices;

export function createExecsimServices(
  context: DefaultSharedModuleContext,
  ...modules: Array<Module<ExecsimLspServices, PartialLangiumServices & Partial<ExecsimAddedServices>>>
): { shared: LangiumSharedServices; Execsim: ExecsimLspServices } {
  const shared = inject(createDefaultSharedModule(context), ExecsimGeneratedSharedModule);
  const Execsim = inject(
    createDefaultModule({ shared }),
    ExecsimGeneratedModule,
    ExecsimModule as Module<ExecsimLspServices, PartialLangiumServices & ExecsimAddedServices>,
    ...modules,
  );
  shared.ServiceRegistry.register(Execsim);
  return { shared, Execsim };
}
