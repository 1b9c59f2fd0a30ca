/**
 * Diagnostics as compilers print them: `file:line:col: error: message`, the
 * source line with the range underlined, and the hint.
 */
import type { Diagnostic } from '../language/diagnostics.js';
import type { Style } from './style.js';

export function formatDiagnostic(file: string, text: string, d: Diagnostic, style: Style): string {
  const severity = d.severity === 'error' ? style.red(style.bold('error')) : d.severity === 'warning' ? style.yellow(style.bold('warning')) : style.cyan(d.severity);
  const out = [`${style.bold(`${file}:${d.loc.line}:${d.loc.column}:`)} ${severity}: ${d.message}`];
  const line = text.split(/\r\n|\r|\n/)[d.range.start.line];
  if (line !== undefined) {
    const number = String(d.loc.line);
    const gutter = ' '.repeat(number.length);
    const start = Math.min(d.range.start.character, line.length);
    const end = d.range.end.line === d.range.start.line ? Math.max(start + 1, Math.min(d.range.end.character, line.length)) : Math.max(start + 1, line.length);
    const shown = line.replace(/\t/g, ' ');
    out.push(`${style.dim(` ${number} |`)} ${shown}`);
    out.push(`${style.dim(` ${gutter} |`)} ${' '.repeat(start)}${style.red('^'.repeat(end - start))}`);
  }
  if (d.hint) out.push(`  ${style.cyan('hint')}: ${d.hint}`);
  return out.join('\n') + '\n';
}
