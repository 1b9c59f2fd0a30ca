/**
 * The language server's feature services, on top of the scenario language's
 * (ExecsimModule) and Langium's defaults. Every service listed here is
 * advertised in the server's capabilities by Langium, so only real ones go in.
 */
import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import type { ExecsimAddedServices } from '../language/execsim-module.js';
import type { ExecsimLspServices } from '../language/execsim-services.js';

export const ExecsimLspModule: Module<ExecsimLspServices, PartialLangiumServices & Partial<ExecsimAddedServices>> = {};
