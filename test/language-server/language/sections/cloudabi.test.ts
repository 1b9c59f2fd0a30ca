/**
 * The CloudABI section of the scenario language: argdata trees, proc_exec and
 * its fds array, cloudabi_run's YAML, capability mode and fd rights, and the
 * expectations on what the new program found and what the exec passed.
 */
import * as assert from 'node:assert/strict';
import { printScenario, UnprintableError } from '../../../../language-server/src/language/index.js';
import { argBuffer } from '../../../../sim-core/src/personalities/cloudabi/api.js';
import { assertGolden } from '../../../support/golden.js';
import { scenario as build } from '../../../support/scenario-builder.js';
import { fixture, goldenJson, withoutLocations } from '../../support.js';
import { parseScenario } from '../../../../language-server/src/language/index.js';
import { assertRoundTrip, expectDiagnostics, lower, printedLast } from './section-support.js';

const WORLD = `system cloudabi
filesystem {
  file /bin/launcher elf osabi cloudabi size 65536 mode 0755
  file /bin/prog elf osabi cloudabi size 65536 mode 0755
  device /dev/tty
}
task launcher pid 700 {
  exe /bin/launcher
  fd 0 = /dev/tty rw
  fd 3 = /bin/prog exec
}
`;

async function actionOf(line: string) {
  const s = await lower(`${WORLD}${line}\n`);
  return withoutLocations(s.actions[0]!);
}

describe('the CloudABI section', () => {
  it('lowers every CloudABI statement as its golden Scenario', async () => {
    const { scenario, diagnostics } = await parseScenario(fixture('cloudabi-constructs.execsim'), 'cloudabi-constructs.execsim');
    assert.deepEqual(diagnostics, []);
    assertGolden('test/language-server/golden/lowering/cloudabi-constructs.json', goldenJson(scenario));
  });

  it('round-trips every CloudABI statement through the printer', async () => {
    await assertRoundTrip(fixture('cloudabi-constructs.execsim'));
  });

  describe('argdata trees', () => {
    it('lowers each value type to sim-core\'s Argdata, bare keys as strings', async () => {
      const a = await actionOf('launcher: proc_exec 3 {n: null, t: true, f: false, d: fd 0, i: -129, big: int "18446744073709551615", x: float "1.5", b: binary "00 ff 10", ts: timestamp -1 5, s: "a\\0b", q: [], "k k": {}, 7: 8}');
      assert.deepEqual(a, {
        index: 0,
        task: 'launcher',
        call: 'proc_exec',
        fd: 3,
        argdata: {
          type: 'map',
          entries: [
            { key: { type: 'str', value: 'n' }, value: { type: 'null' } },
            { key: { type: 'str', value: 't' }, value: { type: 'bool', value: true } },
            { key: { type: 'str', value: 'f' }, value: { type: 'bool', value: false } },
            { key: { type: 'str', value: 'd' }, value: { type: 'fd', fd: 0 } },
            { key: { type: 'str', value: 'i' }, value: { type: 'int', value: '-129' } },
            { key: { type: 'str', value: 'big' }, value: { type: 'int', value: '18446744073709551615' } },
            { key: { type: 'str', value: 'x' }, value: { type: 'float', bits: '3ff8000000000000' } },
            { key: { type: 'str', value: 'b' }, value: { type: 'binary', bytes: [0, 255, 16] } },
            { key: { type: 'str', value: 'ts' }, value: { type: 'timestamp', sec: '-1', nsec: 5 } },
            { key: { type: 'str', value: 's' }, value: { type: 'str', value: 'a\0b' } },
            { key: { type: 'str', value: 'q' }, value: { type: 'seq', items: [] } },
            { key: { type: 'str', value: 'k k' }, value: { type: 'map', entries: [] } },
            { key: { type: 'int', value: '7' }, value: { type: 'int', value: '8' } },
          ],
        },
      });
    });

    it('passes no fds array to program_exec, and the written one to the raw system call', async () => {
      assert.equal('fds' in (await actionOf('launcher: proc_exec 3 [fd 0]')), false);
      assert.deepEqual((await actionOf('launcher: proc_exec 3 [fd 0] fds [0, -1]')) as unknown as { fds: number[] }, { index: 0, task: 'launcher', call: 'proc_exec', fd: 3, argdata: { type: 'seq', items: [{ type: 'fd', fd: 0 }] }, fds: [0, -1] });
      assert.deepEqual(((await actionOf('launcher: proc_exec 3 null fds []')) as unknown as { fds: number[] }).fds, []);
    });

    it('reads floats as decimals, infinities, NaN or exact bits, and prints them back the same', async () => {
      const bits = async (f: string) => ((await actionOf(`launcher: proc_exec 3 float "${f}"`)) as unknown as { argdata: { bits: string } }).argdata.bits;
      assert.deepEqual(await Promise.all(['-2e10', '.inf', '-.inf', '.nan', '-0', '0x7FF8000000000001'].map(bits)), [
        'c212a05f20000000',
        '7ff0000000000000',
        'fff0000000000000',
        '7ff8000000000000',
        '8000000000000000',
        '7ff8000000000001',
      ]);
      assert.equal(await printedLast(`${WORLD}launcher: proc_exec 3 [float "0.1", float "-0", float ".nan", float "0x7ff8000000000001"]\n`), 'launcher: proc_exec 3 [float "0.1", float "-0", float ".nan", float "0x7ff8000000000001"]');
    });

    it('prints integers beyond 2^53 as int "…" and bare keys only where they read back as names', async () => {
      assert.equal(
        await printedLast(`${WORLD}launcher: proc_exec 3 {big: int "9007199254740993", small: int "12", "fd": 1, "a b": 2}\n`),
        'launcher: proc_exec 3 {big: int "9007199254740993", small: 12, "fd": 1, "a b": 2}',
      );
    });

    it('refuses to print an already serialized buffer', () => {
      const s = build({ system: 'cloudabi', tasks: [{ name: 'a', pid: 1, capabilityMode: true }], steps: [{ task: 'a', call: 'proc_exec', fd: 3, argdata: argBuffer([2, 1]) }] });
      assert.throws(() => printScenario(s), (e: unknown) => e instanceof UnprintableError && e.message === 'an already serialized argdata buffer has no syntax; write the tree');
    });
  });

  describe('cloudabi_run', () => {
    it('lowers the YAML flow node with its tags and scalar styles', async () => {
      const a = await actionOf('launcher: cloudabi_run /bin/prog {host: mail.example.org, s: !fd stderr, n: !!str 42, q: "x", l: [-2, 1.5, /etc/x], f: !file {path: /etc/x}} reexec /opt/reexec');
      assert.deepEqual(a, {
        index: 0,
        task: 'launcher',
        call: 'cloudabi_run',
        executable: '/bin/prog',
        config: {
          kind: 'map',
          entries: [
            { key: { kind: 'scalar', value: 'host' }, value: { kind: 'scalar', value: 'mail.example.org' } },
            { key: { kind: 'scalar', value: 's' }, value: { kind: 'scalar', value: 'stderr', tag: '!fd' } },
            { key: { kind: 'scalar', value: 'n' }, value: { kind: 'scalar', value: '42', tag: '!!str' } },
            { key: { kind: 'scalar', value: 'q' }, value: { kind: 'scalar', value: 'x', style: 'quoted' } },
            { key: { kind: 'scalar', value: 'l' }, value: { kind: 'seq', items: [{ kind: 'scalar', value: '-2' }, { kind: 'scalar', value: '1.5' }, { kind: 'scalar', value: '/etc/x' }] } },
            { key: { kind: 'scalar', value: 'f' }, value: { kind: 'map', tag: '!file', entries: [{ key: { kind: 'scalar', value: 'path' }, value: { kind: 'scalar', value: '/etc/x' } }] } },
          ],
        },
        reexec: '/opt/reexec',
      });
    });

    it('gives an empty configuration as null', async () => {
      assert.equal(((await actionOf('launcher: cloudabi_run /bin/prog')) as unknown as { config: null }).config, null);
    });

    it('refuses to print a plain scalar that would read back as something else', () => {
      const s = build({ system: 'cloudabi', tasks: [{ name: 'a', pid: 1 }], steps: [{ task: 'a', call: 'cloudabi_run', executable: '/bin/p', config: { kind: 'scalar', value: 'two words' } }] });
      assert.throws(() => printScenario(s), (e: unknown) => e instanceof UnprintableError && /plain YAML scalar "two words"/.test(e.message));
    });
  });

  describe('expectations', () => {
    it('prints the message, kernel errno, argdata bytes and auxv expectations in their canonical form', async () => {
      const printed = await assertRoundTrip(`${WORLD}@x launcher: proc_exec 3 null\nexpect @x message fds [] data "0781 02"\nexpect @x kernel returned ENOTCAPABLE\nexpect launcher argdata bytes "0781"\nexpect launcher auxv CLOUDABI_AT_PID "uuid"\n`);
      assert.match(printed, /expect @x message fds \[\] data "07 81 02"\nexpect @x kernel returned ENOTCAPABLE\nexpect launcher argdata bytes "07 81"\nexpect launcher auxv CLOUDABI_AT_PID "uuid"\n$/);
    });
  });

  describe('diagnostics', () => {
    it('reports an int that is not a decimal integer', async () => {
      await expectDiagnostics(`${WORLD}launcher: proc_exec 3 int <|"12a"|>\n`, { code: 'bad-value', message: 'int "12a" is not a decimal integer', hint: 'write the digits with an optional minus sign: int "18446744073709551615"' });
    });

    it('reports an int beyond the 64-bit range', async () => {
      await expectDiagnostics(`${WORLD}launcher: proc_exec 3 int <|"18446744073709551616"|>\n`, {
        code: 'bad-value',
        message: 'int 18446744073709551616 does not fit argdata_create_int',
        hint: 'integers go from -9223372036854775808 (INTMAX_MIN) to 18446744073709551615 (UINTMAX_MAX)',
      });
    });

    it('reports a float that is not a number', async () => {
      await expectDiagnostics(`${WORLD}launcher: proc_exec 3 float <|"1,5"|>\n`, { code: 'bad-value', message: 'float "1,5" is not a number', hint: 'write a decimal ("1.5", "-2e10"), ".inf", "-.inf", ".nan", or the 64 bits as "0x3ff8000000000000"' });
    });

    it('reports binary data that is not hex bytes', async () => {
      await expectDiagnostics(`${WORLD}launcher: proc_exec 3 binary <|"0g"|>\n`, { code: 'bad-value', message: 'binary "0g" is not a string of hex bytes', hint: 'two hex digits per byte, blanks allowed: binary "de ad be ef"' });
    });

    it('reports a timestamp with a second or more of nanoseconds', async () => {
      await expectDiagnostics(`${WORLD}launcher: proc_exec 3 timestamp 1 <|1000000000|>\n`, { code: 'bad-value', message: '1000000000 nanoseconds is a second or more', hint: 'nanoseconds go from 0 to 999999999; carry the rest into the seconds' });
    });

    it('reports an unknown auxiliary vector entry with the closest one', async () => {
      await expectDiagnostics(`${WORLD}expect launcher auxv <|CLOUDABI_AT_ARGDATALN|> 3\n`, { code: 'unknown-name', message: 'unknown auxiliary vector entry CLOUDABI_AT_ARGDATALN', hint: 'did you mean CLOUDABI_AT_ARGDATALEN?' });
    });

    it('reports argdata bytes that are not hex', async () => {
      await expectDiagnostics(`${WORLD}expect launcher argdata bytes <|"7"|>\n`, { code: 'bad-value', message: 'argdata bytes "7" is not a string of hex bytes', hint: 'two hex digits per byte, blanks allowed: "07 81 02"' });
    });

    it('reports a message expectation that compares nothing', async () => {
      await expectDiagnostics(`${WORLD}@x launcher: proc_exec 3 null\nexpect @x <|message|>\n`, { code: 'never-checked', message: 'message checks nothing', hint: 'say what to compare: message fds [4, 5] and/or data "07 81 02"' });
    });

    it('reports rights given twice on one fd', async () => {
      await expectDiagnostics(WORLD.replace('fd 3 = /bin/prog exec', 'fd 3 = /bin/prog exec rights CAP_READ <|rights CAP_FEXECVE|>'), { code: 'duplicate-statement', message: 'rights are given twice', hint: 'list every right once: rights CAP_READ|CAP_FEXECVE' });
    });

    it('reports CloudABI world statements on another system, naming cloudabi', async () => {
      await expectDiagnostics('system linux\ntask a pid 1 {\n  <|capability_mode on|>\n  fd 0 = /dev/null rw <|rights CAP_READ|>\n}\n', { code: 'wrong-system', message: 'capability_mode is not available on linux', hint: 'capability_mode exists on cloudabi' }, { code: 'wrong-system', message: 'rights is not available on linux', hint: 'rights exists on cloudabi' });
    });

    it('reports CloudABI expectations on another system, naming cloudabi', async () => {
      await expectDiagnostics(
        'system linux\ntask a pid 1\n@c a: close 0\nexpect a <|argdata null|>\nexpect @c <|message fds [1]|>\nexpect @c <|kernel returned EBADF|>\n',
        { code: 'wrong-system', message: 'argdata is not available on linux', hint: 'argdata exists on cloudabi' },
        { code: 'wrong-system', message: 'message is not available on linux', hint: 'message exists on cloudabi' },
        { code: 'wrong-system', message: 'kernel returned is not available on linux', hint: 'kernel returned exists on cloudabi' },
      );
    });

    it('reports proc_exec on another system, naming cloudabi (sim-core)', async () => {
      await expectDiagnostics('system linux\ntask a pid 1\na: <|proc_exec|> 3 null\n', { code: 'unsupported-on-system', message: 'proc_exec is not available on linux', hint: 'proc_exec exists on cloudabi' });
    });
  });
});
