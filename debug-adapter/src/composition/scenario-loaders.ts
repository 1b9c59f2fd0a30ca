/**
 * Every scenario format, the scenario language included: what a host passes
 * as `DebugHost.loaders` when it has the language server at hand (the
 * `execsim-debug` executable, the extension, the browser playground). The
 * session core (src/dap, src/adapter, src/scenario) knows only the
 * ScenarioLoader interface and the JSON format; the language comes in here,
 * at the composition point, and runs in a browser as well as in Node.
 */
import { execsimScenarioLoader } from '../../../language-server/src/language/scenario-loader.js';
import type { ScenarioLoader } from '../scenario/loader.js';
import { defaultLoaders } from '../scenario/loaders.js';

/** The scenario language (`.execsim`) as a ScenarioLoader. */
export const execsimLoader: ScenarioLoader = execsimScenarioLoader;

/** JSON scenarios and `.execsim` files. */
export function allScenarioLoaders(): ScenarioLoader[] {
  return [...defaultLoaders(), execsimLoader];
}
