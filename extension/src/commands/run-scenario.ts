/**
 * Run Scenario: the whole run without debugging. The trace, final state and
 * expectations go to the "execsim" output channel (as `execsim run` prints
 * them); each failed expectation is a problem at its line. Errors in the text
 * are the language server's to report, in the Problems view already.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Simulator } from '../bundles.js';
import { targetScenario } from './target.js';

export class ScenarioRunner implements vscode.Disposable {
  private readonly problems = vscode.languages.createDiagnosticCollection('execsim run');
  private readonly watch: vscode.Disposable;

  constructor(
    private readonly simulator: () => Simulator,
    private readonly channel: () => vscode.OutputChannel,
  ) {
    // A failed expectation stands for the text that was run; an edit makes it stale.
    this.watch = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) this.problems.delete(e.document.uri);
    });
  }

  async run(uri?: unknown): Promise<void> {
    const doc = await targetScenario(uri);
    if (!doc) return;
    const report = await this.simulator().runScenario(doc.uri.fsPath, doc.getText());
    const channel = this.channel();
    channel.clear();
    channel.append(report.output);
    channel.show(true);
    this.problems.set(
      doc.uri,
      // Errors in the text are the language server's (the document is open, so it checks it).
      report.problems.filter((p) => p.kind === 'expectation').map((p) => {
        const range = new vscode.Range(p.line - 1, p.column - 1, p.endLine - 1, p.endColumn - 1);
        const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Error);
        d.source = 'execsim run';
        return d;
      }),
    );
    const name = path.basename(doc.uri.fsPath);
    const failed = report.problems.filter((p) => p.kind === 'expectation').length;
    if (report.exitCode === 1) void vscode.window.showWarningMessage(`execsim: ${name}: ${failed === 1 ? 'an expectation failed' : `${failed} expectations failed`}`);
    else if (report.exitCode === 2) void vscode.window.showErrorMessage(`execsim: ${name} cannot run: see the Problems view`);
    else if (report.exitCode === 3) void vscode.window.showErrorMessage(`execsim: internal error while running ${name}: see the execsim output`);
  }

  dispose(): void {
    this.watch.dispose();
    this.problems.dispose();
  }
}
