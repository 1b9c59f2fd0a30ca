/**
 * The scenario language as a scenario loader for the debug adapter: a path and
 * its text in, a Scenario or `file:line:col` diagnostics out. It has the shape
 * of the adapter's ScenarioLoader (debug-adapter/src/scenario/loader.ts) without
 * depending on it; the adapter lists it next to its JSON loader.
 */
import type { Scenario, SystemId } from '../../../sim-core/src/scenario/scenario.js';
import { parseScenario } from './parse-scenario.js';

export interface LoadedDiagnostic {
  readonly file: string;
  readonly severity: 'error' | 'warning';
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly message: string;
  readonly hint?: string;
  readonly code?: string;
}

export type LoadedScenario =
  | { readonly ok: true; readonly scenario: Scenario; readonly statementSource: string; readonly diagnostics: readonly LoadedDiagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly LoadedDiagnostic[] };

export const execsimScenarioLoader = {
  name: 'execsim scenario',
  extensions: ['.execsim'] as readonly string[],
  async load(path: string, text: string, options: { readonly system?: SystemId }): Promise<LoadedScenario> {
    const result = await parseScenario(text, path, options.system ? { system: options.system } : {});
    const diagnostics: LoadedDiagnostic[] = [];
    for (const d of result.diagnostics) {
      if (d.severity !== 'error' && d.severity !== 'warning') continue;
      diagnostics.push({ file: path, severity: d.severity, line: d.loc.line, column: d.loc.column, message: d.message, ...(d.hint ? { hint: d.hint } : {}), code: d.code });
    }
    return result.scenario ? { ok: true, scenario: result.scenario, statementSource: path, diagnostics } : { ok: false, diagnostics };
  },
};
