/** F5 with no launch.json debugs the scenario in the active editor. */
import * as vscode from 'vscode';
import { resolveLaunch, type LaunchConfig } from './launch-config.js';

export class ScenarioConfigurationProvider implements vscode.DebugConfigurationProvider {
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.ProviderResult<vscode.DebugConfiguration> {
    const doc = vscode.window.activeTextEditor?.document;
    const active = doc && doc.uri.scheme === 'file' ? { path: doc.uri.fsPath, languageId: doc.languageId } : undefined;
    const resolved = resolveLaunch(config as LaunchConfig, active);
    if ('error' in resolved) {
      void vscode.window.showErrorMessage(resolved.error);
      return undefined; // cancels the launch
    }
    return resolved.config as vscode.DebugConfiguration;
  }
}
