/**
 * The simulator side of the extension, bundled on its own (dist/simulator.js)
 * and loaded on first use so that activation stays cheap: the inline debug
 * adapter with its host, Run Scenario, and the phase catalogue.
 */
import { ExecsimDebugSession, jsonScenarioLoader, type ScenarioLoader } from '../../../debug-adapter/src/index.js';
import { NodeHost } from '../../../debug-adapter/src/node/node-host.js';
import { execsimScenarioLoader } from '../../../language-server/src/language/scenario-loader.js';

export { runScenario, type RunProblem, type RunReport } from './run-scenario.js';
export { phaseCatalogueMarkdown } from './phase-catalogue.js';

/** Both formats: `.execsim` through the scenario language, `.json` as a sim-core Scenario. */
export const loaders: readonly ScenarioLoader[] = [execsimScenarioLoader, jsonScenarioLoader];

/**
 * The host of the inline session: the Node host's trace files, both scenario
 * formats, and the text of files open in the editor (unsaved changes
 * included, so breakpoints match what is on screen); others come from disk.
 */
export class ExtensionHost extends NodeHost {
  override readonly loaders = [...loaders];

  constructor(private readonly readOpen: (path: string) => string | undefined) {
    super();
  }

  override async readFile(path: string): Promise<string> {
    return this.readOpen(path) ?? (await super.readFile(path));
  }
}

export function createDebugSession(readOpen: (path: string) => string | undefined): ExecsimDebugSession {
  return new ExecsimDebugSession(new ExtensionHost(readOpen));
}
