/** The scenario a command acts on: the file clicked in the explorer, or the active editor's. */
import * as vscode from 'vscode';

export async function targetScenario(uri: unknown): Promise<vscode.TextDocument | undefined> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target || target.scheme !== 'file' || !/\.execsim$/i.test(target.path)) {
    void vscode.window.showErrorMessage('execsim: open a .execsim scenario first (or pick one in the Explorer)');
    return undefined;
  }
  return vscode.workspace.openTextDocument(target);
}
