import * as assert from 'node:assert/strict';
import { expectCompletion } from 'langium/test';
import type { CompletionList } from 'vscode-languageserver';
import { lsp, PASSWD } from './support.js';

function labels(list: CompletionList): string[] {
  return list.items.map((i) => i.label);
}

async function complete(text: string, check: (labels: string[], list: CompletionList) => void): Promise<void> {
  await expectCompletion(lsp().Execsim)({ text, index: 0, assert: (list) => check(labels(list), list), disposeAfterCheck: true });
}

describe('language server: completion', () => {
  it('offers the systems of the simulator after system', async () => {
    await complete('system <|>', (l) => assert.deepEqual(l, ['linux', 'hurd', 'cloudabi', 'l4hurd']));
  });

  it('offers the statements that may start a line at the top level', async () => {
    await complete(PASSWD + '<|>', (l) => {
      for (const word of ['system', 'machine', 'filesystem', 'task', 'expect', 'login']) assert.ok(l.includes(word), word);
      assert.ok(!l.includes('execve'), 'a call needs a task first');
    });
  });

  it('offers the calls the scenario system has after TASK:, and no call of another system', async () => {
    await complete(PASSWD + 'login: <|>', (l) => {
      for (const call of ['execve', 'execveat', 'fexecve', 'close', 'dup2', 'fork', 'prctl']) assert.ok(l.includes(call), call);
    });
    await complete(PASSWD.replace('system linux', 'system hurd') + 'login: <|>', (l) => {
      assert.ok(l.includes('execve'));
      assert.ok(!l.includes('prctl'), 'prctl is a Linux call');
    });
  });

  it('offers the task names in scope where a task is expected', async () => {
    await complete(PASSWD + 'login: fork child\nexpect <|>', (l) => {
      assert.ok(l.includes('login') && l.includes('child'));
    });
  });

  it('offers the files of the scenario filesystem where a path is expected', async () => {
    await complete(PASSWD + 'login: open <|>', (l) => assert.deepEqual(l, ['/usr/bin/passwd', '/etc/shadow', '/dev/tty']));
  });

  it('offers the open flags after an open path', async () => {
    await complete(PASSWD + 'login: open /etc/shadow O_RDONLY|<|>', (l) => {
      assert.ok(l.includes('O_CLOEXEC') && l.includes('O_NOFOLLOW'));
      assert.ok(!l.includes('AT_EMPTY_PATH'));
    });
  });

  it('offers the caller fds where an fd is expected', async () => {
    await complete(PASSWD + 'login: close <|>', (l) => assert.deepEqual(l, ['0', '3']));
  });

  it('offers errno names with those the system phases return first', async () => {
    await complete(PASSWD + 'expect @passwd fails <|>', (l, list) => {
      assert.ok(l.includes('ENOENT') && l.includes('ETXTBSY'));
      const sorted = [...list.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
      const ownFirst = sorted.findIndex((i) => i.label === 'ETXTBSY') < sorted.findIndex((i) => i.label === 'ECHILD');
      assert.ok(ownFirst, 'ETXTBSY (linux.open_exec) sorts before ECHILD (no Linux exec phase)');
    });
  });

  it('offers the phase ids of the scenario system after failed in', async () => {
    await complete(PASSWD + 'expect @passwd failed in <|>', (l) => {
      assert.ok(l.includes('linux.open_exec') && l.includes('linux.close_on_exec'));
      assert.ok(l.every((id) => id.startsWith('linux.')));
    });
  });

  it('offers signal names in a sigaction', async () => {
    await complete(PASSWD + 'login: sigaction <|>', (l) => assert.ok(l.includes('SIGTERM') && l.includes('SIGKILL')));
  });

  it('offers the labels of earlier actions where an action is expected', async () => {
    await complete(PASSWD + 'expect <|>', (l) => assert.ok(l.includes('@passwd')));
  });
});
