/**
 * For hosts that embed the adapter with the scenario language (the extension,
 * the browser playground): `new ExecsimDebugSession({ readFile, loaders:
 * allScenarioLoaders() })`. Kept apart from src/index.ts so that the session
 * core can be used without the language server.
 */
export { allScenarioLoaders, execsimLoader } from './scenario-loaders.js';
