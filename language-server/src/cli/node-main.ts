/** Process entry of the `execsim` command (bin/execsim.js imports this). */
import { readFile } from 'node:fs/promises';
import { main } from './main.js';

const pkg = JSON.parse(await readFile(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };

process.exitCode = await main(
  process.argv.slice(2),
  {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readFile: (p) => readFile(p, 'utf8'),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  },
  pkg.version,
);
