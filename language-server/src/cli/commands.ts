/**
 * `execsim run` and `execsim check`. Exit status: 0 every expectation holds
 * (or, for check, every file is valid), 1 an expectation failed, 2 a scenario
 * is invalid or the command line is wrong, 3 the simulator itself failed.
 */
import { Engine, InvalidScenarioError } from '../../../sim-core/src/index.js';
import { renderTrace } from '../../../sim-core/src/trace/text-trace.js';
import { describeEvent } from '../../../sim-core/src/trace/describe-event.js';
import type { Scenario, SystemId } from '../../../sim-core/src/scenario/scenario.js';
import { parseScenario } from '../language/parse-scenario.js';
import { formatDiagnostic } from './diagnostics-report.js';
import { renderFinalState, summarize } from './final-state.js';
import type { CliIO } from './io.js';
import { styleFor, type Style } from './style.js';
import { systemViews } from './system-views.js';

export const EXIT_OK = 0;
export const EXIT_EXPECTATION_FAILED = 1;
export const EXIT_INVALID = 2;
export const EXIT_INTERNAL = 3;

interface Loaded {
  readonly file: string;
  readonly text: string;
  readonly scenario?: Scenario;
}

/** Reads and checks one file, printing its diagnostics to stderr. */
async function load(file: string, system: SystemId | undefined, io: CliIO): Promise<Loaded | undefined> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(`execsim: cannot read ${file}${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : `: ${(e as Error).message}`}\n`);
    return undefined;
  }
  const result = await parseScenario(text, file, system ? { system } : {});
  const style = styleFor(io.stderrIsTTY, io.env);
  for (const d of result.diagnostics) io.stderr(formatDiagnostic(file, text, d, style));
  return { file, text, ...(result.scenario ? { scenario: result.scenario } : {}) };
}

export async function check(files: readonly string[], system: SystemId | undefined, quiet: boolean, io: CliIO): Promise<number> {
  let status = EXIT_OK;
  for (const file of files) {
    const loaded = await load(file, system, io);
    if (!loaded?.scenario) {
      status = EXIT_INVALID;
      continue;
    }
    const s = loaded.scenario;
    if (!quiet) io.stdout(`${file}: ok (${s.system}, ${count(s.tasks.length, 'task')}, ${count(s.actions.length, 'action')}, ${count(s.expectations.length, 'expectation')})\n`);
  }
  return status;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

export interface RunOptions {
  readonly system?: SystemId;
  readonly trace: 'text' | 'json';
  readonly quiet: boolean;
}

export async function run(file: string, options: RunOptions, io: CliIO): Promise<number> {
  const loaded = await load(file, options.system, io);
  if (!loaded?.scenario) return EXIT_INVALID;
  const style = styleFor(io.stdoutIsTTY, io.env);
  let engine: Engine;
  try {
    engine = new Engine(loaded.scenario);
    engine.runToEnd();
  } catch (e) {
    if (e instanceof InvalidScenarioError) {
      // parseScenario ran the same validation; reaching this is a bug, reported as such.
      io.stderr(`execsim: internal error: the checked scenario was rejected: ${e.message}\n`);
    } else {
      io.stderr(`execsim: internal error while simulating ${file}: ${(e as Error).stack ?? String(e)}\n`);
    }
    return EXIT_INTERNAL;
  }
  const results = expectationLines(loaded, engine);
  const failed = results.filter((r) => !r.passed).length;
  if (options.trace === 'json') printJson(engine, results, options.quiet, io);
  else printText(loaded, engine, results, options.quiet, style, io);
  return failed ? EXIT_EXPECTATION_FAILED : EXIT_OK;
}

interface ExpectationLine {
  readonly line: number;
  readonly source: string;
  readonly passed: boolean;
  readonly expected: string;
  readonly seen: string;
}

function expectationLines(loaded: Loaded, engine: Engine): ExpectationLine[] {
  const lines = loaded.text.split(/\r\n|\r|\n/);
  const results = engine.expectationResults();
  return loaded.scenario!.expectations.map((e) => {
    const r = results.get(e.index)!;
    const source = (lines[e.loc.line - 1] ?? '').slice(e.loc.column - 1, e.loc.endLine === e.loc.line ? e.loc.endColumn - 1 : undefined).trim();
    return { line: e.loc.line, source, passed: r.passed, expected: r.expected, seen: r.seen };
  });
}

function printText(loaded: Loaded, engine: Engine, results: readonly ExpectationLine[], quiet: boolean, style: Style, io: CliIO): void {
  const failed = results.filter((r) => !r.passed);
  if (quiet) {
    if (failed.length) {
      io.stdout(expectationTable(failed, style).join('\n') + '\n');
      io.stdout(summaryLine(results, style) + '\n');
    }
    return;
  }
  const s = loaded.scenario!;
  const out: string[] = [];
  out.push(`${style.bold(loaded.file)} · ${s.system} · ${count(s.actions.length, 'action')} · ${count(s.expectations.length, 'expectation')}`, '');
  out.push(style.bold('Trace'));
  out.push(...traceLines(loaded, engine));
  for (const view of systemViews(s.system, engine, loaded.text.split(/\r\n|\r|\n/))) {
    out.push('', style.bold(view.title));
    out.push(...view.lines.map(cutLine));
  }
  out.push('', style.bold('Final state'));
  out.push(...renderFinalState(engine.stateAt(engine.length - 1), style).map((l) => (l ? '  ' + l : l)));
  if (results.length) {
    out.push('', style.bold('Expectations'));
    out.push(...expectationTable(results, style));
  }
  out.push('', summaryLine(results, style));
  io.stdout(out.join('\n') + '\n');
}

/** Longest trace line printed; the rest is summarised (huge argv strings would flood a terminal). */
const MAX_TRACE_LINE = 240;

/**
 * sim-core's trace, with statements shown as written in the file (the source
 * line is shorter and more familiar than the lowered form) and long lines cut.
 */
function traceLines(loaded: Loaded, engine: Engine): string[] {
  const source = loaded.text.split(/\r\n|\r|\n/);
  const events = engine.events();
  const lines = renderTrace(engine);
  return lines.map((line, i) => {
    const e = events[i]!;
    const loc = e.frame?.loc;
    if (loc && (e.kind === 'action-started' || e.kind === 'action-deferred' || e.kind === 'expectation')) {
      const text = (source[loc.line - 1] ?? '').trim();
      const state = engine.stateAt(e.seq);
      line = e.kind === 'action-started' ? `${loc.line}: ${text}` : `${loc.line}: ${text} ${e.kind === 'action-deferred' ? '— ' : ''}${describeEvent(e, state)}`;
    }
    return cutLine(line);
  });
}

function cutLine(line: string): string {
  return line.length > MAX_TRACE_LINE ? `${line.slice(0, MAX_TRACE_LINE)}… (${(line.length - MAX_TRACE_LINE).toLocaleString('en-US')} more characters)` : line;
}

/** Widest statement kept on one line with its result; longer ones get the result on the next line. */
const SOURCE_COLUMN = 48;

function expectationTable(results: readonly ExpectationLine[], style: Style): string[] {
  const width = Math.min(SOURCE_COLUMN, Math.max(0, ...results.map((r) => [...r.source].length)));
  const lineWidth = Math.max(...results.map((r) => String(r.line).length));
  const out: string[] = [];
  for (const r of results) {
    const mark = r.passed ? '✓' : '✗';
    const head = `${mark} line ${String(r.line).padEnd(lineWidth)}  `;
    const detail = r.passed ? `saw ${r.seen}` : `expected ${r.expected}, saw ${r.seen}`;
    const color = r.passed ? style.green : style.red;
    if ([...r.source].length <= width) out.push('  ' + color(`${head}${r.source.padEnd(width)}  ${detail}`));
    else out.push('  ' + color(`${head}${r.source}`), '  ' + color(`${' '.repeat(head.length)}${detail}`));
  }
  return out;
}

function summaryLine(results: readonly ExpectationLine[], style: Style): string {
  const failed = results.filter((r) => !r.passed).length;
  const passed = results.length - failed;
  if (!results.length) return 'no expectations';
  const text = `${count(passed, 'expectation')} passed, ${failed} failed`;
  return failed ? style.red(style.bold(text)) : style.green(style.bold(text));
}

/** JSON Lines: every event, then each process's final state, each expectation, and a summary. */
function printJson(engine: Engine, results: readonly ExpectationLine[], quiet: boolean, io: CliIO): void {
  const out: string[] = [];
  if (!quiet) {
    for (const e of engine.events()) out.push(JSON.stringify({ type: 'event', ...e }));
    for (const t of summarize(engine.stateAt(engine.length - 1))) out.push(JSON.stringify({ type: 'process', ...t }));
  }
  for (const r of results) if (!quiet || !r.passed) out.push(JSON.stringify({ type: 'expectation', ...r }));
  const failed = results.filter((r) => !r.passed).length;
  out.push(JSON.stringify({ type: 'summary', passed: results.length - failed, failed }));
  io.stdout(out.join('\n') + '\n');
}
