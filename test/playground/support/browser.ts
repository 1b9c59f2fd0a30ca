/**
 * The built playground in Debian's chromium, driven by playwright-core: the
 * build (when the bundle is missing or older than its sources), a static
 * server on 127.0.0.1, and an isolated browser profile. Shared by the
 * playground tests and the playground benchmark.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serveDirectory, type PlaygroundServer } from '../../../playground/server/serve.js';
import { REPO_ROOT } from '../../support/golden.js';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const DIST = path.join(REPO_ROOT, 'playground', 'dist');
export const ARTIFACTS = path.join(REPO_ROOT, 'artifacts', 'playground');

/** Why the browser suites cannot run here, or undefined. */
export function missingBrowser(): string | undefined {
  return fs.existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (apt-get install -y chromium)`;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds playground/dist unless it is newer than every source it is made from (CI always builds: dist
 * is not committed). The tests' build is not minified (minifying the monaco stack takes minutes);
 * the benchmark asks for a minified one.
 */
export function ensureBuilt(options: { readonly minified?: boolean } = {}): void {
  const stamp = path.join(DIST, 'main.js');
  const info = path.join(DIST, 'build.json');
  const minified = fs.existsSync(info) && (JSON.parse(fs.readFileSync(info, 'utf8')) as { minified?: boolean }).minified === true;
  if (fs.existsSync(stamp) && (minified || !options.minified)) {
    const built = fs.statSync(stamp).mtimeMs;
    const sources = Math.max(...['playground', 'sim-core/src', 'language-server/src', 'debug-adapter/src', 'examples'].map((d) => newestMtime(path.join(REPO_ROOT, d))), fs.statSync(path.join(REPO_ROOT, 'package-lock.json')).mtimeMs);
    if (built > sources) return;
  }
  const cli = path.join(REPO_ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  const r = spawnSync(process.execPath, [cli, '--config', path.join(REPO_ROOT, 'playground', 'webpack.config.js'), ...(options.minified ? [] : ['--env', 'minify=false'])], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`the playground build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Playground {
  readonly server: PlaygroundServer;
  readonly context: BrowserContext;
  readonly home: string;
  close(): Promise<void>;
}

export async function startPlayground(): Promise<Playground> {
  const server = await serveDirectory(DIST, 0);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'execsim-playground-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), HOME: home, TMPDIR: home };
  for (const x of ['CONFIG', 'DATA', 'CACHE', 'STATE']) env[`XDG_${x}_HOME`] = path.join(home, x.toLowerCase());
  const context = await chromium.launchPersistentContext(path.join(home, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    env,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--enable-precise-memory-info'],
  });
  return {
    server,
    context,
    home,
    async close() {
      await context.close();
      await server.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Opens the page and waits for the editor to be interactive (or to fail, which throws with the page's reason). */
export async function openPlayground(p: Playground, hash = '', errors: string[] = []): Promise<Page> {
  const page = await p.context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${p.server.url}${hash}`);
  await waitForEditor(page);
  return page;
}

export async function waitForEditor(page: Page): Promise<void> {
  const handle = await page.waitForFunction(() => {
    const probe = (globalThis as { execsimPlayground?: { editorReady?: number; editorError?: string } }).execsimPlayground;
    return probe && (probe.editorReady !== undefined || probe.editorError !== undefined) ? (probe.editorError ?? 'ok') : false;
  }, undefined, { timeout: 30_000 });
  const outcome = await handle.jsonValue();
  if (outcome !== 'ok') throw new Error(`the editor did not start: ${outcome}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
