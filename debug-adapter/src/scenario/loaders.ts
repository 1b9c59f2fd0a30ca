/** The scenario formats this build reads. */
import { jsonScenarioLoader } from './json-scenario.js';
import type { ScenarioLoader } from './loader.js';

export function defaultLoaders(): ScenarioLoader[] {
  return [jsonScenarioLoader];
}
