/// <reference lib="dom" />
/**
 * The browser playground in headless chromium: time from navigation to an
 * interactive editor (the language client started, the example's text in
 * the editor), bundle sizes (the first screen's files and the lazy chunks),
 * and the page's JS heap after the largest example is loaded and debugged
 * to its end. Goal: first interactive editor ≤ 3 s on this machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, type BenchResult, type BenchSuite } from './harness.js';
import { DIST, ensureBuilt, missingBrowser, openPlayground, startPlayground } from '../playground/support/browser.js';
import { REPO_ROOT } from '../support/golden.js';

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const suite: BenchSuite = {
  name: 'playground (headless chromium)',
  async run(report) {
    const missing = missingBrowser();
    if (missing) {
      report(`  skipped: ${missing}`);
      return [];
    }
    ensureBuilt({ minified: true });
    const size = (f: string) => fs.statSync(path.join(DIST, f)).size;
    const initial = ['index.html', 'main.js'].reduce((n, f) => n + size(f), 0);
    const all = files(DIST).reduce((n, f) => n + fs.statSync(f).size, 0);
    const pg = await startPlayground();
    const results: BenchResult[] = [];
    try {
      // Which files the page fetches before the editor is interactive.
      const loaded = new Set<string>();
      const first = await pg.context.newPage();
      first.on('requestfinished', (r) => loaded.add(new URL(r.url()).pathname.slice(1)));
      await first.goto(pg.server.url);
      await first.waitForFunction(() => (globalThis as { execsimPlayground?: { editorReady?: number } }).execsimPlayground?.editorReady !== undefined, undefined, { timeout: 30_000 });
      const beforeEditor = [...loaded].filter((f) => f && fs.existsSync(path.join(DIST, f)));
      const lazyLoaded = beforeEditor.filter((f) => f !== 'index.html' && f !== 'main.js').reduce((n, f) => n + size(f), 0);
      await first.close();
      report(`  bundle: first screen (index.html + main.js) ${kib(initial)}; loaded until the editor is interactive ${kib(initial + lazyLoaded)} in ${beforeEditor.length} files; whole dist ${kib(all)}`);

      const times: number[] = [];
      const paints: number[] = [];
      for (let i = 0; i < 5; i++) {
        const page = await pg.context.newPage();
        await page.goto(`${pg.server.url}#example=close-on-exec`);
        const t = await page.waitForFunction(
          () => {
            const p = (globalThis as { execsimPlayground?: { editorReady?: number } }).execsimPlayground;
            const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
            return p?.editorReady !== undefined ? { ready: p.editorReady, paint: paint ?? -1 } : false;
          },
          undefined,
          { timeout: 30_000 },
        );
        const { ready, paint } = (await t.jsonValue()) as { ready: number; paint: number };
        times.push(ready);
        paints.push(paint);
        await page.close();
      }
      results.push({ name: 'first interactive editor (navigation → editor ready)', median: median(times), runs: times, unit: 'ms', extra: { goal: '3000 ms', firstPaint: `${median(paints).toFixed(0)} ms` } });
      report(`  first interactive editor: median ${median(times).toFixed(0)} ms (runs ${times.map((t) => t.toFixed(0)).join(', ')}; goal ≤ 3000 ms); first contentful paint median ${median(paints).toFixed(0)} ms`);

      // Memory: the largest example, loaded and run to its end in the debugger.
      const largest = fs
        .readdirSync(path.join(REPO_ROOT, 'examples'))
        .filter((f) => f.endsWith('.execsim'))
        .map((f) => ({ name: f.replace(/\.execsim$/, ''), bytes: fs.statSync(path.join(REPO_ROOT, 'examples', f)).size }))
        .sort((a, b) => b.bytes - a.bytes)[0]!;
      const page = await openPlayground(pg, `#example=${largest.name}`);
      const cdp = await pg.context.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const loadedHeap = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
      await page.keyboard.press('F5');
      await page.waitForSelector('body[data-debug-state=stopped]', { timeout: 30_000 });
      await page.click('#dbg-start');
      await page.waitForFunction(() => document.body.dataset.debugState === 'stopped' || document.body.dataset.debugState === 'ended', undefined, { timeout: 30_000 });
      await cdp.send('HeapProfiler.collectGarbage');
      const debuggedHeap = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
      const metrics = (await cdp.send('Performance.enable'), (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> });
      const domNodes = metrics.metrics.find((m) => m.name === 'Nodes')?.value ?? 0;
      report(`  memory (${largest.name}.execsim, ${largest.bytes} bytes): page JS heap after load ${(loadedHeap / 2 ** 20).toFixed(1)} MiB, after debugging to the end ${(debuggedHeap / 2 ** 20).toFixed(1)} MiB; DOM nodes ${domNodes} (the language server worker's heap is separate)`);
      await page.close();
    } finally {
      await pg.close();
    }
    return results;
  },
};

export default suite;
