/**
 * What the end-to-end test needs on the machine, and installing what can be
 * installed: Chromium from Debian (apt), code-server and Node 24 from the npm
 * registry into a cache directory (install-code-server.sh), the .vsix built by
 * `npm run package`. Locally a missing apt package skips the suite with the
 * reason; under CI=1 it fails it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/golden.js';

export const CHROMIUM = '/usr/bin/chromium';
const INSTALL_SCRIPT = path.join(REPO_ROOT, 'test', 'extension', 'e2e', 'install-code-server.sh');
const CACHE = process.env.EXECSIM_E2E_CACHE ?? path.join(process.env.HOME ?? '/tmp', '.cache', 'execsim-e2e');

export interface Tools {
  readonly codeServer: string;
  readonly nodeBin: string;
  readonly vsix: string;
}

function has(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** Why the suite cannot run here, or undefined when it can. */
export function missingTools(): string | undefined {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  const codeServerCached = fs.existsSync(path.join(CACHE, 'code-server-4.139.1', '.installed'));
  if (!codeServerCached) {
    // code-server's postinstall compiles native modules against Kerberos.
    if (!has('pkg-config', ['--version'])) missing.push('pkg-config');
    else if (!has('pkg-config', ['--exists', 'krb5-gssapi'])) missing.push('libkrb5-dev');
  }
  if (!missing.length) return undefined;
  return `the end-to-end test in code-server needs the Debian packages ${missing.join(', ')} (apt-get install -y chromium libkrb5-dev pkg-config)`;
}

/** Installs code-server (reused from the cache when there) and builds the .vsix (EXECSIM_VSIX names a built one). */
export function prepareTools(): Tools {
  const env = { ...process.env, EXECSIM_E2E_CACHE: CACHE };
  const codeServer = execFileSync('bash', [INSTALL_SCRIPT], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  const nodeBin = execFileSync('bash', [path.join(REPO_ROOT, 'extension', 'scripts', 'node24.sh')], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  let vsix = process.env.EXECSIM_VSIX;
  if (!vsix) {
    execFileSync('bash', [path.join(REPO_ROOT, 'extension', 'scripts', 'package-vsix.sh')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    vsix = path.join(REPO_ROOT, 'out', 'execsim.vsix');
  }
  if (!fs.existsSync(vsix)) throw new Error(`no .vsix at ${vsix}`);
  return { codeServer, nodeBin, vsix };
}
