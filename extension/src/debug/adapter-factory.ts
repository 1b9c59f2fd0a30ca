/** The debug adapter runs inline, in the extension host: no process to start. */
import * as vscode from 'vscode';
import type { Simulator } from '../bundles.js';

export class InlineDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly simulator: () => Simulator) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    return new vscode.DebugAdapterInlineImplementation(this.simulator().createDebugSession(openDocumentText));
  }
}

/** The editor's text of a file that is open (unsaved changes included), so breakpoints match the screen. */
export function openDocumentText(path: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path)?.getText();
}
