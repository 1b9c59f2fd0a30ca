/** A host whose scenarios are Scenario objects (no JSON on the way), for worlds built by other test suites. */
import type { Scenario } from '../../../sim-core/src/index.js';
import type { DebugHost, ScenarioLoader } from '../../../debug-adapter/src/index.js';

export function objectHost(scenarios: Record<string, () => Scenario>): DebugHost {
  const loader: ScenarioLoader = {
    name: 'scenario object',
    extensions: ['.scenario'],
    load: async (path) => {
      const make = scenarios[path];
      if (!make) return { ok: false, diagnostics: [{ file: path, severity: 'error', line: 1, column: 1, message: 'no such scenario' }] };
      return { ok: true, scenario: make(), statementSource: path, diagnostics: [] };
    },
  };
  return { loaders: [loader], readFile: async () => '' };
}
