/** Show Phase Catalogue: sim-core's catalogue as a read-only Markdown document. */
import * as vscode from 'vscode';
import type { Simulator } from '../bundles.js';

export const CATALOGUE_SCHEME = 'execsim-catalogue';
const CATALOGUE_URI = vscode.Uri.from({ scheme: CATALOGUE_SCHEME, path: '/phase-catalogue.md' });

export class PhaseCatalogueProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly simulator: () => Simulator) {}

  provideTextDocumentContent(): string {
    return this.simulator().phaseCatalogueMarkdown();
  }
}

export async function showPhaseCatalogue(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(CATALOGUE_URI);
  await vscode.window.showTextDocument(doc, { preview: false });
}
