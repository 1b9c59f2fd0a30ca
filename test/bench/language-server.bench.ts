/**
 * The language server as an editor sees it, through the real server over a
 * stream connection: the time from an edit (didChange) to the diagnostics of
 * the new version, on 1,000- and 10,000-line scenarios; completion and hover
 * latency on the 1,000-line one. Targets (issue 6): diagnostics ≤ 50 ms and
 * ≤ 500 ms, completion and hover ≤ 20 ms, medians.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { startSession } from '../language-server/lsp/server/in-process-server.js';
import { median, row, type BenchResult, type BenchSuite } from './harness.js';
import { largeScenario } from './scenario-text.js';

/** CPU time of this process (client and server both run in it) in ms: on a shared machine it shows how much of the wall time was ours. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const suite: BenchSuite = {
  name: 'language server',
  async run(report) {
    const session = await startSession();
    const results: BenchResult[] = [];
    try {
      for (const [lines, target, runs, warmup] of [
        [1_000, 50, 31, 10],
        [10_000, 500, 9, 3],
      ] as const) {
        const uri = `file:///bench/large-${lines}.execsim`;
        const text = largeScenario(lines);
        const lineCount = text.split('\n').length;
        const opened = session.nextDiagnostics(uri);
        await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'execsim', version: 1, text } });
        const first = await opened;
        if (first.length) throw new Error(`the generated scenario has diagnostics: ${first[0]!.message}`);
        // Each edit toggles a blank at the end of a middle line: the text stays valid, the whole file is checked again.
        const line = Math.floor(lineCount * 0.6);
        const lineText = text.split('\n')[line]!;
        let version = 1;
        const times: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < warmup + runs; i++) {
          const add = i % 2 === 0;
          const at = { line, character: lineText.length };
          const change = add ? { range: { start: at, end: at }, text: ' ' } : { range: { start: at, end: { line, character: lineText.length + 1 } }, text: '' };
          const published: Promise<Diagnostic[]> = session.nextDiagnostics(uri);
          const c0 = cpuMs();
          const t0 = performance.now();
          await session.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
          const diagnostics = await published;
          const t = performance.now() - t0;
          const c = cpuMs() - c0;
          if (diagnostics.length) throw new Error(`the edit made a diagnostic: ${diagnostics[0]!.message}`);
          if (i >= warmup) {
            times.push(t);
            cpu.push(c);
          }
        }
        const result: BenchResult = { name: `edit → diagnostics, ${lines.toLocaleString('en-US')} lines`, median: median(times), runs: times, unit: 'ms', extra: { target: `${target} ms`, meets: median(times) <= target ? 'yes' : 'no', 'cpu(median)': `${median(cpu).toFixed(1)} ms` } };
        results.push(result);
        report(row(result));

        if (lines === 1_000) {
          const actionLine = text.split('\n').findIndex((l) => l.includes(': open '));
          const callAt = { line: actionLine, character: text.split('\n')[actionLine]!.indexOf(': open ') + 3 };
          const pathAt = { line: actionLine, character: text.split('\n')[actionLine]!.indexOf(': open ') + 8 };
          for (const [name, method, position] of [
            ['completion of a path, 1,000 lines', 'textDocument/completion', pathAt],
            ['hover on a call (its phases), 1,000 lines', 'textDocument/hover', callAt],
          ] as const) {
            const latencies: number[] = [];
            const cpu: number[] = [];
            for (let i = 0; i < 40; i++) {
              const c0 = cpuMs();
              const t0 = performance.now();
              const answer = await session.client.sendRequest(method, { textDocument: { uri }, position });
              const t = performance.now() - t0;
              if (!answer) throw new Error(`${method} gave nothing`);
              if (i >= 10) {
                latencies.push(t);
                cpu.push(cpuMs() - c0);
              }
            }
            const r: BenchResult = { name: `${name} (settled)`, median: median(latencies), runs: latencies, unit: 'ms', extra: { target: '20 ms', meets: median(latencies) <= 20 ? 'yes' : 'no', 'cpu(median)': `${median(cpu).toFixed(1)} ms` } };
            results.push(r);
            report(row(r));
          }
          // The first hover after an edit runs the scenario in the simulator (then it is kept for that version).
          const afterEdit: number[] = [];
          const afterEditCpu: number[] = [];
          for (let i = 0; i < 12; i++) {
            const add = i % 2 === 0;
            const at = { line, character: lineText.length };
            const change = add ? { range: { start: at, end: at }, text: ' ' } : { range: { start: at, end: { line, character: lineText.length + 1 } }, text: '' };
            const published = session.nextDiagnostics(uri);
            await session.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
            await published;
            const c0 = cpuMs();
            const t0 = performance.now();
            await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: callAt });
            if (i >= 2) {
              afterEdit.push(performance.now() - t0);
              afterEditCpu.push(cpuMs() - c0);
            }
          }
          const first: BenchResult = { name: 'hover on a call, first after an edit, 1,000 lines', median: median(afterEdit), runs: afterEdit, unit: 'ms', extra: { target: '20 ms', meets: median(afterEdit) <= 20 ? 'yes' : 'no', 'cpu(median)': `${median(afterEditCpu).toFixed(1)} ms` } };
          results.push(first);
          report(row(first));
        }
      }
    } finally {
      await session.close();
    }
    return results;
  },
};

export default suite;
