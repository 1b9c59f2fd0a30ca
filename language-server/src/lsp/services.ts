/**
 * The language server's services, the same for Node and for the browser
 * worker: the scenario language (`createExecsimServices`) with the server's
 * feature modules on top. Only the file system and the connection differ
 * between the two entry points, so both come in as the context.
 *
 * Nothing here imports Node.
 */
import type { DefaultSharedModuleContext, LangiumSharedServices } from 'langium/lsp';
import { createExecsimServices, type ExecsimLspServices } from '../language/execsim-services.js';
import { ExecsimLspModule } from './lsp-module.js';

export interface ExecsimServerServices {
  readonly shared: LangiumSharedServices;
  readonly Execsim: ExecsimLspServices;
}

export function createExecsimServerServices(context: DefaultSharedModuleContext): ExecsimServerServices {
  return createExecsimServices(context, ExecsimLspModule);
}
