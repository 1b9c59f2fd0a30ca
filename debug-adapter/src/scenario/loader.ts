/**
 * Scenario loading: a path and its text in, a runnable Scenario or the
 * diagnostics (file:line:col) that say why not. Each format is one loader,
 * chosen by the file's extension; reading the file is the host's job, so the
 * loaders stay pure and run in the browser too.
 */
import type { Scenario, SystemId } from '../../../sim-core/src/index.js';

export interface ScenarioDiagnostic {
  /** The file the position is in (a path or URI as given). */
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

export interface LoadOptions {
  /** Run on this system instead of the scenario's own (the launch attribute `system`). */
  readonly system?: SystemId;
}

export type LoadResult =
  | {
      readonly ok: true;
      readonly scenario: Scenario;
      /** The file the statements' line numbers refer to (where line breakpoints go). */
      readonly statementSource: string;
      /** Warnings worth showing in the console. */
      readonly diagnostics: readonly ScenarioDiagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly ScenarioDiagnostic[] };

export interface ScenarioLoader {
  /** What the loader reads, for messages: `JSON scenario`, `execsim scenario`. */
  readonly name: string;
  /** File name endings it reads, lower case with the dot: `.json`. */
  readonly extensions: readonly string[];
  load(path: string, text: string, options: LoadOptions): Promise<LoadResult>;
}

/** `file:line:col: error: message (hint)`, the form compilers print and editors link. */
export function formatDiagnostic(d: ScenarioDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

export function loaderFor(path: string, loaders: readonly ScenarioLoader[]): ScenarioLoader | undefined {
  const lower = path.toLowerCase();
  return loaders.find((l) => l.extensions.some((e) => lower.endsWith(e)));
}
