/**
 * What F5 launches. With no launch.json VS Code asks for an empty
 * configuration: the scenario in the active editor is debugged. A
 * configuration from launch.json is passed on as written (the adapter checks
 * its attributes and says what is wrong).
 */
export interface LaunchConfig {
  type?: string;
  request?: string;
  name?: string;
  scenario?: unknown;
  [attribute: string]: unknown;
}

export interface ActiveFile {
  readonly path: string;
  readonly languageId: string;
}

export type Resolved = { readonly config: LaunchConfig } | { readonly error: string };

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export function isScenarioFile(file: ActiveFile): boolean {
  return file.languageId === 'execsim' || /\.execsim$/i.test(file.path);
}

/** The configuration that debugs one scenario file. */
export function launchFor(path: string): LaunchConfig {
  return { type: 'execsim', request: 'launch', name: `Debug ${basename(path)}`, scenario: path };
}

export function resolveLaunch(config: LaunchConfig, active: ActiveFile | undefined): Resolved {
  const empty = !config.type && !config.request && !config.name;
  if (empty) {
    if (!active || !isScenarioFile(active)) return { error: 'execsim: open a .execsim scenario to debug it, or add an "execsim" configuration to launch.json' };
    return { config: launchFor(active.path) };
  }
  if (config.scenario === undefined && active && isScenarioFile(active)) return { config: { ...config, scenario: active.path } };
  return { config };
}
