/**
 * Scenario files for debugger tests: JSON scenarios written with one action
 * or expectation per line and no `loc`, so the loader places each statement
 * at its own line of the file — the lines breakpoints are set on.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Scenario } from '../../../sim-core/src/index.js';
import { scenario, type ScenarioParts } from '../../support/scenario-builder.js';

export interface ScenarioFile {
  readonly path: string;
  /** Line of each action, in order. */
  readonly actionLines: readonly number[];
  /** Line of each expectation, in order. */
  readonly expectationLines: readonly number[];
  readonly text: string;
}

let dir: string | undefined;

export function scratchDir(): string {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'execsim-dap-'));
  return dir;
}

/** The JSON text of a scenario, statements one per line, without index or loc. */
export function scenarioJson(s: Scenario): { text: string; actionLines: number[]; expectationLines: number[] } {
  const strip = <T extends object>(x: T) => {
    const { index: _i, loc: _l, ...rest } = x as T & { index?: unknown; loc?: unknown };
    return rest;
  };
  const lines: string[] = ['{'];
  lines.push(`  "system": ${JSON.stringify(s.system)},`);
  lines.push(`  "machine": ${JSON.stringify(s.machine)},`);
  lines.push(`  "filesystem": ${JSON.stringify(s.filesystem)},`);
  lines.push(`  "tasks": ${JSON.stringify(s.tasks)},`);
  const actionLines: number[] = [];
  lines.push('  "actions": [');
  s.actions.forEach((a, i) => {
    lines.push(`    ${JSON.stringify(strip(a))}${i < s.actions.length - 1 ? ',' : ''}`);
    actionLines.push(lines.length);
  });
  lines.push('  ],');
  const expectationLines: number[] = [];
  lines.push('  "expectations": [');
  s.expectations.forEach((e, i) => {
    const { index: _i, loc: _l, ...rest } = e as typeof e & { index?: unknown; loc?: unknown };
    lines.push(`    ${JSON.stringify(rest)}${i < s.expectations.length - 1 ? ',' : ''}`);
    expectationLines.push(lines.length);
  });
  lines.push('  ]');
  lines.push('}');
  return { text: lines.join('\n') + '\n', actionLines, expectationLines };
}

export function writeScenario(name: string, parts: ScenarioParts): ScenarioFile {
  const { text, actionLines, expectationLines } = scenarioJson(scenario(parts));
  const file = path.join(scratchDir(), `${name}.json`);
  fs.writeFileSync(file, text);
  return { path: file, actionLines, expectationLines, text };
}

export function writeText(name: string, text: string): string {
  const file = path.join(scratchDir(), name);
  fs.writeFileSync(file, text);
  return file;
}
