/** Colour for terminals only: off when the output is not a TTY or NO_COLOR is set; FORCE_COLOR turns it on. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const plain: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s, cyan: (s) => s };

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

const ansi: Style = { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };

export function styleFor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): Style {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return ansi;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return plain;
  return isTTY ? ansi : plain;
}
