/**
 * The execsim extension: VS Code glue only. Activated by an execsim document
 * (onLanguage) or a debug launch (onDebugResolve); the simulator bundle is
 * loaded on first use, the language client just after activation.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type * as LanguageClientModule from './language-client.js';
import { debugScenario } from './commands/debug-scenario.js';
import { CATALOGUE_SCHEME, PhaseCatalogueProvider, showPhaseCatalogue } from './commands/phase-catalogue.js';
import { ScenarioRunner } from './commands/run-scenario.js';
import { InlineDebugAdapterFactory } from './debug/adapter-factory.js';
import { ScenarioConfigurationProvider } from './debug/configuration-provider.js';
import { bundleRequire, simulatorLoader } from './bundles.js';

let client: LanguageClient | undefined;
let active = false;

export function activate(context: vscode.ExtensionContext): void {
  const simulator = simulatorLoader(context.asAbsolutePath('dist/simulator.js'));
  let channel: vscode.OutputChannel | undefined;
  const output = () => (channel ??= vscode.window.createOutputChannel('execsim'));
  const runner = new ScenarioRunner(simulator, output);

  context.subscriptions.push(
    runner,
    { dispose: () => channel?.dispose() },
    vscode.debug.registerDebugConfigurationProvider('execsim', new ScenarioConfigurationProvider()),
    vscode.debug.registerDebugAdapterDescriptorFactory('execsim', new InlineDebugAdapterFactory(simulator)),
    vscode.workspace.registerTextDocumentContentProvider(CATALOGUE_SCHEME, new PhaseCatalogueProvider(simulator)),
    vscode.commands.registerCommand('execsim.runScenario', (uri?: unknown) => runner.run(uri)),
    vscode.commands.registerCommand('execsim.debugScenario', (uri?: unknown) => debugScenario(uri)),
    vscode.commands.registerCommand('execsim.showPhaseCatalogue', () => showPhaseCatalogue()),
  );
  // vscode-languageclient would be most of the start-up cost: it is a bundle of
  // its own (dist/language-client.js), read right after activation instead of
  // during it (the client starts its server asynchronously either way).
  active = true;
  setImmediate(() => {
    if (!active) return;
    const { startLanguageClient } = bundleRequire(context.asAbsolutePath('dist/language-client.js')) as typeof LanguageClientModule;
    client = startLanguageClient(context);
  });
}

export function deactivate(): Thenable<void> | undefined {
  active = false;
  return client?.stop();
}
