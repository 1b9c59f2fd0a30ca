import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { MAIN } from './support/clients.js';
import { suScenario } from './support/scenarios.js';

describe('execsim-debug executable', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill();
    child = undefined;
  });

  it('--server=PORT serves DAP on 127.0.0.1 and says on which port', async () => {
    child = spawn(process.execPath, [MAIN, '--server=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const port = await new Promise<number>((resolve, reject) => {
      let err = '';
      child!.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child!.on('exit', () => reject(new Error(`exited: ${err}`)));
    });
    const dc = new DebugClient('node', MAIN, 'execsim');
    await dc.start(port);
    try {
      const stopped = dc.waitForEvent('stopped');
      await Promise.all([dc.configurationSequence(), dc.launch({ scenario: suScenario('server-mode').path, stopOnEntry: true })]);
      assert.equal(((await stopped) as DebugProtocol.StoppedEvent).body.reason, 'entry');
    } finally {
      await dc.stop();
    }
  });

  it('refuses unknown arguments with its usage', () => {
    const r = spawnSync(process.execPath, [MAIN, '--port', '4711'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage: execsim-debug \[--server=PORT\]/);
  });

  it('refuses a server port that is not a number', () => {
    const r = spawnSync(process.execPath, [MAIN, '--server=http'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--server wants a port number, not http/);
  });
});
