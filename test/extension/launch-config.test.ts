import * as assert from 'node:assert/strict';
import { resolveLaunch } from '../../extension/src/debug/launch-config.js';

const SCENARIO = { path: '/w/close-on-exec.execsim', languageId: 'execsim' };

describe('extension: what F5 launches', () => {
  it('debugs the active scenario when there is no launch.json (an empty configuration)', () => {
    assert.deepEqual(resolveLaunch({}, SCENARIO), {
      config: { type: 'execsim', request: 'launch', name: 'Debug close-on-exec.execsim', scenario: '/w/close-on-exec.execsim' },
    });
  });

  it('says what to do when the active editor is not a scenario', () => {
    assert.deepEqual(resolveLaunch({}, { path: '/w/notes.md', languageId: 'markdown' }), {
      error: 'execsim: open a .execsim scenario to debug it, or add an "execsim" configuration to launch.json',
    });
    assert.ok('error' in resolveLaunch({}, undefined));
  });

  it('passes a launch.json configuration on as written', () => {
    const config = { type: 'execsim', request: 'launch', name: 'su', scenario: '/w/su.json', system: 'hurd' };
    assert.deepEqual(resolveLaunch(config, SCENARIO), { config });
  });

  it('fills a missing scenario of a launch.json configuration with the active scenario', () => {
    assert.deepEqual(resolveLaunch({ type: 'execsim', request: 'launch', name: 'x', stopOnEntry: true }, SCENARIO), {
      config: { type: 'execsim', request: 'launch', name: 'x', stopOnEntry: true, scenario: '/w/close-on-exec.execsim' },
    });
  });
});
