/** Helpers of the section tests: diagnostics at marked ranges, lowering and round trips. */
import * as assert from 'node:assert/strict';
import { parseScenario, printScenario } from '../../../../language-server/src/language/index.js';
import type { Diagnostic } from '../../../../language-server/src/language/index.js';
import type { Scenario } from '../../../../sim-core/src/index.js';
import { withMarkers } from '../../../support/markers.js';
import { withoutLocations } from '../../support.js';

export interface Expected {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly severity?: Diagnostic['severity'];
}

/** The scenario has exactly these diagnostics, in order, at the ranges marked with <| |>. */
export async function expectDiagnostics(source: string, ...expected: Expected[]): Promise<void> {
  const { text, ranges } = withMarkers(source);
  const { diagnostics, scenario } = await parseScenario(text, 'test.execsim');
  const actual = diagnostics.map((d) => ({ code: d.code, message: d.message, hint: d.hint, severity: d.severity, range: d.range }));
  const wanted = expected.map((e, i) => ({ code: e.code, message: e.message, hint: e.hint, severity: e.severity ?? 'error', range: ranges[i] }));
  assert.deepEqual(actual, wanted);
  if (expected.some((e) => (e.severity ?? 'error') === 'error')) assert.equal(scenario, undefined, 'no scenario when there is an error');
}

/** The Scenario of a text without errors. */
export async function lower(text: string): Promise<Scenario> {
  const { scenario, diagnostics } = await parseScenario(text, 'test.execsim');
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.loc.line}:${d.loc.column}: ${d.message}`), []);
  return scenario!;
}

/** parse → print → parse gives the same Scenario, and printing it again gives the same text. */
export async function assertRoundTrip(text: string): Promise<string> {
  const first = await lower(text);
  const printed = printScenario(first);
  const second = await lower(printed);
  assert.deepEqual(withoutLocations(second), withoutLocations(first));
  assert.equal(printScenario(second), printed, 'printing the reparsed scenario gives the same text');
  return printed;
}

/** The one statement printed for a scenario line (the last non-empty line of the printed text). */
export async function printedLast(text: string): Promise<string> {
  return (await assertRoundTrip(text)).trimEnd().split('\n').at(-1)!;
}
