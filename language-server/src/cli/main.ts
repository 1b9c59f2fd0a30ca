/**
 * The `execsim` command line:
 *   execsim run FILE [--system S] [--trace text|json] [--quiet]
 *   execsim check FILE… [--system S] [--quiet]
 * Every command has --help; an unknown option is an error (exit status 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SYSTEMS, type SystemId } from '../../../sim-core/src/scenario/scenario.js';
import { check, EXIT_INVALID, EXIT_OK, run } from './commands.js';
import type { CliIO } from './io.js';

const USAGE = `usage: execsim <command> [options]

Step through exec() as Linux (and, as they are simulated, GNU Hurd, CloudABI and
the L4-Hurd proposal) run it, phase by phase.

commands:
  run FILE       run a scenario: trace, final fd tables and credentials, expectations
  check FILE…    check scenarios without running them

options:
  -h, --help     show help (also: execsim <command> --help)
  --version      print the version

exit status: 0 all expectations hold, 1 an expectation failed,
             2 a scenario is invalid or the command line is wrong, 3 internal error
`;

const RUN_USAGE = `usage: execsim run FILE [--system S] [--trace text|json] [--quiet]

Runs the scenario in FILE and prints the phase-by-phase trace (on the Hurd,
then the RPCs as rpctrace shows them), the final fd tables and credentials of
every process, then each expectation with the values seen.

options:
  --system S        run on system S instead of the scenario's own (${SYSTEMS.join(', ')})
  --trace FORMAT    text (default) or json: one JSON object per line (events,
                    processes, expectations, summary)
  -q, --quiet       print only failed expectations (nothing when all hold)
  -h, --help        show this help

exit status: 0 all expectations hold, 1 an expectation failed,
             2 the scenario is invalid (diagnostics on stderr), 3 internal error
`;

const CHECK_USAGE = `usage: execsim check FILE… [--system S] [--quiet]

Checks scenarios without running them: syntax, names, references, files, and
everything the simulator would refuse. Diagnostics go to stderr as
file:line:column: error: message, with the line and a hint.

options:
  --system S        check for system S instead of the scenario's own
  -q, --quiet       print nothing for valid files
  -h, --help        show this help

exit status: 0 every file is valid, 2 a file is invalid or unreadable
`;

type Options = NonNullable<ParseArgsConfig['options']>;

const RUN_OPTIONS: Options = {
  system: { type: 'string' },
  trace: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
};

const CHECK_OPTIONS: Options = {
  system: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
};

class UsageError extends Error {}

function parse(command: string, args: readonly string[], options: Options) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`execsim ${command}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`);
  }
}

function systemOption(command: string, value: unknown): SystemId | undefined {
  if (value === undefined) return undefined;
  if (!(SYSTEMS as readonly string[]).includes(value as string)) {
    throw new UsageError(`execsim ${command}: unknown system "${String(value)}" (systems: ${SYSTEMS.join(', ')})`);
  }
  return value as SystemId;
}

export async function main(argv: readonly string[], io: CliIO, version = '0.0.0'): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.stderr(USAGE);
        return EXIT_INVALID;
      case '-h':
      case '--help':
      case 'help':
        io.stdout(rest[0] === 'run' ? RUN_USAGE : rest[0] === 'check' ? CHECK_USAGE : USAGE);
        return EXIT_OK;
      case '--version':
        io.stdout(`execsim ${version}\n`);
        return EXIT_OK;
      case 'run': {
        const { values, positionals } = parse('run', rest, RUN_OPTIONS);
        if (values.help) {
          io.stdout(RUN_USAGE);
          return EXIT_OK;
        }
        if (positionals.length !== 1) throw new UsageError(`execsim run: expected one FILE, got ${positionals.length}`);
        const trace = values.trace ?? 'text';
        if (trace !== 'text' && trace !== 'json') throw new UsageError(`execsim run: --trace is text or json, not "${String(trace)}"`);
        const system = systemOption('run', values.system);
        return await run(positionals[0]!, { trace, quiet: values.quiet === true, ...(system ? { system } : {}) }, io);
      }
      case 'check': {
        const { values, positionals } = parse('check', rest, CHECK_OPTIONS);
        if (values.help) {
          io.stdout(CHECK_USAGE);
          return EXIT_OK;
        }
        if (positionals.length === 0) throw new UsageError('execsim check: expected at least one FILE');
        return await check(positionals, systemOption('check', values.system), values.quiet === true, io);
      }
      default:
        throw new UsageError(`execsim: unknown command "${command}" (commands: run, check)`);
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${e.message}\nsee: execsim ${command === 'run' || command === 'check' ? command + ' ' : ''}--help\n`);
    return EXIT_INVALID;
  }
}
