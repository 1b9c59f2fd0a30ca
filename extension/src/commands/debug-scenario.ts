/** Debug Scenario: a launch of the file, with no launch.json needed. */
import * as vscode from 'vscode';
import { launchFor } from '../debug/launch-config.js';
import { targetScenario } from './target.js';

export async function debugScenario(uri?: unknown): Promise<void> {
  const doc = await targetScenario(uri);
  if (!doc) return;
  await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(doc.uri), launchFor(doc.uri.fsPath) as vscode.DebugConfiguration);
}
