/**
 * Run Scenario without debugging: the command line's `execsim run` output for
 * the output channel, and the problems (scenario errors, failed expectations)
 * for the Problems view. Pure: the text comes from the editor, nothing is read.
 */
import { Engine, type SystemId } from '../../../sim-core/src/index.js';
import { run, EXIT_INTERNAL } from '../../../language-server/src/cli/commands.js';
import { parseScenario } from '../../../language-server/src/language/parse-scenario.js';

/** 1-based positions, end exclusive (sim-core's SourceLoc). */
export interface RunProblem {
  readonly severity: 'error' | 'warning';
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  /** `scenario` for a problem in the text, `expectation` for an expectation that failed. */
  readonly kind: 'scenario' | 'expectation';
}

export interface RunReport {
  /** What `execsim run FILE` prints (stdout, then stderr), without colours. */
  readonly output: string;
  /** `execsim run`'s exit status: 0 all hold, 1 an expectation failed, 2 invalid, 3 internal error. */
  readonly exitCode: number;
  readonly problems: readonly RunProblem[];
}

export async function runScenario(file: string, text: string, system?: SystemId): Promise<RunReport> {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await run(file, { trace: 'text', quiet: false, ...(system ? { system } : {}) }, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: async () => text,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: { NO_COLOR: '1' },
  });
  const problems = exitCode === EXIT_INTERNAL ? [] : await problemsOf(file, text, system);
  return { output: out.join('') + err.join(''), exitCode, problems };
}

async function problemsOf(file: string, text: string, system: SystemId | undefined): Promise<RunProblem[]> {
  const parsed = await parseScenario(text, file, system ? { system } : {});
  const problems: RunProblem[] = [];
  for (const d of parsed.diagnostics) {
    if (d.severity !== 'error' && d.severity !== 'warning') continue;
    problems.push({ severity: d.severity, ...d.loc, message: d.hint ? `${d.message} (${d.hint})` : d.message, kind: 'scenario' });
  }
  if (!parsed.scenario) return problems;
  const created = Engine.create(parsed.scenario);
  if (!created.ok) return problems;
  created.engine.runToEnd();
  const results = created.engine.expectationResults();
  for (const e of parsed.scenario.expectations) {
    const r = results.get(e.index);
    if (!r || r.passed || !e.loc) continue;
    problems.push({ severity: 'error', ...e.loc, message: `expectation failed: expected ${r.expected}, saw ${r.seen}`, kind: 'expectation' });
  }
  return problems;
}
