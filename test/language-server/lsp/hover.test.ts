import { expectHover } from 'langium/test';
import { phaseById } from '../../../sim-core/src/catalogue/index.js';
import { lsp, PASSWD } from './support.js';

async function hover(text: string, expected: string | RegExp): Promise<void> {
  await expectHover(lsp().Execsim)({ text, index: 0, hover: expected, disposeAfterCheck: true });
}

describe('language server: hover', () => {
  it('says on a call what it did on the scenario system, phase by phase, with the catalogue citations', async () => {
    const openExec = phaseById('linux.open_exec')!;
    const citation = `${openExec.citations[0]!.source} \`${openExec.citations[0]!.file}\`: \`${openExec.citations[0]!.function}\``;
    await hover(PASSWD.replace('login: execve', 'login: exe<|>cve'), new RegExp(
      [
        '^\\*\\*execve\\*\\* on Linux',
        'In this scenario it succeeded\\. It went past its point of no return\\.',
        'Phases in this scenario:',
        '- `linux\\.entry`[^]*- `linux\\.open_exec` \\*\\*do_open_execat\\*\\*',
        citation.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        '- `linux\\.close_on_exec`',
      ].join('[^]*'),
    ));
  });

  it('names the errno and the phase a failed call failed in', async () => {
    const text = PASSWD.replace('/usr/bin/passwd ["passwd"]', '/usr/bin/nothing ["passwd"]').replace('expect @passwd succeeds\nexpect login euid 0\n', '');
    await hover(text.replace('login: execve', 'login: <|>execve'), /In this scenario it failed with `ENOENT` in `linux\.open_exec`/);
  });

  it('names the systems that have a call the scenario system lacks', async () => {
    await hover(PASSWD.replace('system linux', 'system hurd') + 'login: <|>prctl PR_SET_NO_NEW_PRIVS\n', /^\*\*prctl\*\*: GNU Hurd on Mach has no such call\. Systems that have it: linux \(Linux\)\.$/);
  });

  it('lists on an errno the phases of the system that return it, then other systems', async () => {
    await hover(PASSWD + 'expect @passwd fails ETXT<|>BSY\n', /^\*\*ETXTBSY\*\*: Text file busy\n\nReturned on Linux by:\n- `linux\.open_exec` \(do_open_execat\): [^\n]+\n\nOn other systems:\n- `cloudabi\./);
  });

  it('shows the catalogue entry of a phase id', async () => {
    const phase = phaseById('linux.close_on_exec')!;
    await hover(PASSWD + 'expect @passwd failed in linux.close<|>_on_exec\n', new RegExp(`^\\*\\*linux\\.close_on_exec\\*\\*: ${phase.title}\\n\\n${phase.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('says where a task is introduced and how often it is used', async () => {
    await hover(PASSWD.replace('expect login euid 0', 'expect lo<|>gin euid 0'), 'task **login**: introduced on line 9; used 2 times.');
  });

  it('asks for the system on a call when the scenario names none', async () => {
    await hover('task a pid 1\na: <|>close 3\n', /^\*\*close\*\*: name the system/);
  });
});
