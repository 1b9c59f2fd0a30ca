/**
 * `npm run fidelity`: runs every fidelity scenario against this machine's
 * kernel and prints one row per scenario (fields compared, how many agree),
 * the differing fields with both values, the version rules that applied and
 * the reason of every skip. Exit status 1 when a field differs.
 */
import { buildProbes } from './probes.js';
import { hostKernelVersion, runFidelity } from './run.js';
import { FIDELITY_SCENARIOS } from './scenarios.js';

const wanted = process.argv.slice(2);
const build = buildProbes();
console.log(`Linux fidelity: the simulator against the running kernel (Linux ${hostKernelVersion()}, machine.kernelVersion set to it)`);
if (!build.ok) {
  console.log(`skipped: ${build.reason}`);
  process.exit(0);
}

const width = 78;
const pad = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));
console.log(`\n${pad('scenario', width)} ${'fields'.padStart(6)}  result`);
console.log(`${'-'.repeat(width)} ${'-'.repeat(6)}  ${'-'.repeat(14)}`);
let differ = 0;
let skipped = 0;
let fieldsTotal = 0;
const details: string[] = [];
for (const fs of FIDELITY_SCENARIOS) {
  if (wanted.length && !wanted.some((w) => fs.name.includes(w))) continue;
  const r = runFidelity(fs, build.probes);
  if (r.kind === 'skipped') {
    skipped++;
    console.log(`${pad(fs.name, width)} ${'-'.padStart(6)}  skipped: ${r.reason}`);
    continue;
  }
  const bad = r.fields.filter((f) => !f.agree);
  fieldsTotal += r.fields.length;
  if (bad.length) differ++;
  console.log(`${pad(fs.name, width)} ${String(r.fields.length).padStart(6)}  ${bad.length ? `DIFFER (${bad.length})` : 'agree'}`);
  if (r.rule) details.push(`rule   ${fs.name}: ${r.rule}`);
  for (const n of r.notes) details.push(`note   ${fs.name}: ${n}`);
  for (const f of bad) details.push(`differ ${fs.name}: ${f.field}\n         simulator: ${f.sim}\n         kernel:    ${f.host}`);
}
console.log(`\n${FIDELITY_SCENARIOS.length} scenarios, ${fieldsTotal} fields compared, ${differ} with differences, ${skipped} skipped`);
if (details.length) console.log('\n' + details.join('\n'));
process.exit(differ ? 1 : 0);
