/**
 * The C probes of the fidelity suite, compiled once per source version with
 * the machine's gcc into a cache folder under the system temp dir (parallel
 * runs compile into their own folder and rename it into place).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/golden.js';

export interface Probes {
  /** Builds the initial state and performs the actions (probes/setup.c). */
  readonly setup: string;
  /** The new program, static (probes/report.c). */
  readonly report: string;
  /** The same, dynamically linked, with a placeholder PT_INTERP to patch per scenario. */
  readonly reportDynamic: string;
  /** The placeholder string in reportDynamic's PT_INTERP. */
  readonly interpPlaceholder: string;
  /** The host's dynamic loader, copied where a scenario puts its PT_INTERP file. */
  readonly loader: string;
}

export type ProbeBuild = { readonly ok: true; readonly probes: Probes } | { readonly ok: false; readonly reason: string };

const SOURCES = ['observe.h', 'observe.c', 'report.c', 'setup.c'];
const CFLAGS = ['-O1', '-Wall', '-Wextra'];
/** Long enough for any temp path a scenario's loader is relocated to. */
const PLACEHOLDER = '/' + 'execsim-interp-placeholder-'.repeat(12);

/** Each binary: its sources and its own flags. */
const BUILDS: ReadonlyArray<readonly [string, readonly string[], readonly string[]]> = [
  ['setup', ['setup.c', 'observe.c'], ['-static', '-pthread']],
  ['report', ['report.c', 'observe.c'], ['-static', '-Wl,-e,execsim_entry']],
  ['report-dynamic', ['report.c', 'observe.c'], ['-Wl,-e,execsim_entry', `-Wl,--dynamic-linker=${PLACEHOLDER}`]],
];

let cached: ProbeBuild | undefined;

export function probeSourceDir(): string {
  return path.join(REPO_ROOT, 'test', 'fidelity', 'probes');
}

/** Compiles (or reuses) the probes; never throws: an unusable machine gives a reason to print. */
export function buildProbes(): ProbeBuild {
  cached ??= build();
  return cached;
}

function build(): ProbeBuild {
  if (process.platform !== 'linux') return { ok: false, reason: `the host is ${process.platform}, not Linux` };
  if (os.arch() !== 'x64') return { ok: false, reason: `the probes' entry code is x86-64; this host is ${os.arch()}` };
  let gccVersion: string;
  try {
    gccVersion = execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0]!;
  } catch {
    return { ok: false, reason: 'gcc is not installed' };
  }
  const loader = '/lib64/ld-linux-x86-64.so.2';
  if (!fs.existsSync(loader)) return { ok: false, reason: `no dynamic loader at ${loader}` };
  const src = probeSourceDir();
  const hash = createHash('sha256');
  hash.update(gccVersion);
  hash.update(JSON.stringify([CFLAGS, BUILDS]));
  for (const f of SOURCES) hash.update(fs.readFileSync(path.join(src, f)));
  const dir = path.join(os.tmpdir(), `execsim-probes-${hash.digest('hex').slice(0, 16)}`);
  const probes: Probes = {
    setup: path.join(dir, 'setup'),
    report: path.join(dir, 'report'),
    reportDynamic: path.join(dir, 'report-dynamic'),
    interpPlaceholder: PLACEHOLDER,
    loader: fs.realpathSync(loader),
  };
  if (fs.existsSync(path.join(dir, 'done'))) return { ok: true, probes };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'execsim-probes-build-'));
  try {
    for (const [out, files, flags] of BUILDS) {
      execFileSync('gcc', [...CFLAGS, '-o', path.join(work, out), ...files.map((f) => path.join(src, f)), ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
    }
    fs.writeFileSync(path.join(work, 'done'), gccVersion + '\n');
    fs.chmodSync(work, 0o755);
    try {
      fs.renameSync(work, dir);
    } catch {
      // Another run put the same build in place first.
      fs.rmSync(work, { recursive: true, force: true });
    }
    return { ok: true, probes };
  } catch (e) {
    fs.rmSync(work, { recursive: true, force: true });
    const err = e as { stderr?: Buffer; message: string };
    return { ok: false, reason: `the probes do not compile: ${err.stderr?.toString() || err.message}` };
  }
}
