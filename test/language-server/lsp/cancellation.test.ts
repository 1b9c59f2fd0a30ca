import * as assert from 'node:assert/strict';
import { Cancellation, isOperationCancelled } from 'langium';
import { largeScenario } from '../../bench/scenario-text.js';
import { lsp, open } from './support.js';

describe('language server: checks give way to the next edit', () => {
  it('stops the scenario check of a large file when its token is cancelled, and reports nothing', async () => {
    const document = await open(largeScenario(2_000));
    const source = new Cancellation.CancellationTokenSource();
    source.cancel();
    const accepted: string[] = [];
    await assert.rejects(
      lsp().Execsim.validation.ScenarioValidator.check(document.parseResult.value, (_severity, message) => accepted.push(message), source.token),
      (err: unknown) => isOperationCancelled(err),
    );
    assert.deepEqual(accepted, []);
  });

  it('checks the same file to the end when nothing cancels it', async () => {
    const document = await open(largeScenario(2_000).replace('expect @open0 succeeds', 'expect @open0 fails EBOGUS'));
    const accepted: string[] = [];
    await lsp().Execsim.validation.ScenarioValidator.check(document.parseResult.value, (_severity, message) => accepted.push(message));
    assert.deepEqual(accepted, ['unknown errno EBOGUS']);
  });
});
