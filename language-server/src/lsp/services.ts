/**
 * The language server's services, the same for Node and for the browser
 * worker: the scenario language with the server's feature modules on top.
 * Only the file system and the connection differ between the two entry
 * points, so both come in as the context.
 *
 * Nothing here imports Node.
 */
import { inject, type Module } from 'langium';
import {
  createDefaultModule,
  createDefaultSharedModule,
  type DefaultSharedModuleContext,
  type LangiumSharedServices,
  type PartialLangiumServices,
  type PartialLangiumSharedServices,
} from 'langium/lsp';
import { ExecsimGeneratedModule, ExecsimGeneratedSharedModule } from '../language/generated/module.js';
import { ExecsimModule, type ExecsimAddedServices } from '../language/execsim-module.js';
import type { ExecsimLspServices } from '../language/execsim-services.js';
import { ExecsimLspModule, ExecsimSharedLspModule } from './lsp-module.js';

export interface ExecsimServerServices {
  readonly shared: LangiumSharedServices;
  readonly Execsim: ExecsimLspServices;
}

export function createExecsimServerServices(context: DefaultSharedModuleContext): ExecsimServerServices {
  const shared = inject(createDefaultSharedModule(context), ExecsimGeneratedSharedModule, ExecsimSharedLspModule as Module<LangiumSharedServices, PartialLangiumSharedServices>);
  const Execsim = inject(
    createDefaultModule({ shared }),
    ExecsimGeneratedModule,
    ExecsimModule as Module<ExecsimLspServices, PartialLangiumServices & ExecsimAddedServices>,
    ExecsimLspModule,
  );
  shared.ServiceRegistry.register(Execsim);
  return { shared, Execsim };
}
