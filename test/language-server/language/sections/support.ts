/** Diagnostics of a scenario, with their ranges marked <| |> in the text, for the section tests. */
import * as assert from 'node:assert/strict';
import { parseScenario } from '../../../../language-server/src/language/index.js';
import { withMarkers } from '../../../support/markers.js';

export interface Expected {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/** The scenario has exactly these errors, in order, at the marked ranges, and no Scenario. */
export async function expectErrors(source: string, ...expected: Expected[]): Promise<void> {
  const { text, ranges } = withMarkers(source);
  const { diagnostics, scenario } = await parseScenario(text, 'test.execsim');
  const actual = diagnostics.map((d) => ({ code: d.code, message: d.message, hint: d.hint, severity: d.severity, range: d.range }));
  assert.deepEqual(actual, expected.map((e, i) => ({ code: e.code, message: e.message, hint: e.hint, severity: 'error', range: ranges[i] })));
  if (expected.length) assert.equal(scenario, undefined, 'no scenario when there is an error');
}
