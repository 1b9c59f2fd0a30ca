/**
 * `npm run bench`: runs every benchmark suite (or those named on the command
 * line) and prints medians and ratios. Not a test: nothing here fails a build.
 */
import type { BenchSuite } from './harness.js';

const suites: Array<() => Promise<{ default: BenchSuite }>> = [
  () => import('./exec-fds.bench.js'),
  () => import('./engine.bench.js'),
  () => import('./time-travel.bench.js'),
  () => import('./fork.bench.js'),
  () => import('./hurd.bench.js'),
  () => import('./language.bench.js'),
  () => import('./language-server.bench.js'),
  () => import('./debug-adapter.bench.js'),
  () => import('./playground.bench.js'),
  () => import('./extension.bench.js'),
];

const wanted = process.argv.slice(2);
for (const load of suites) {
  const suite = (await load()).default;
  if (wanted.length && !wanted.some((w) => suite.name.includes(w))) continue;
  console.log(`\n== ${suite.name}`);
  await suite.run((line) => console.log(line));
}
