/**
 * Marker-annotated scenario text, as Langium's own tests write them:
 * `<|` and `|>` mark a range, and are removed from the text.
 */
import type { Range } from 'vscode-languageserver-types';

export function withMarkers(source: string): { text: string; ranges: Range[] } {
  let text = '';
  let line = 0;
  let character = 0;
  const ranges: Range[] = [];
  const open: { line: number; character: number }[] = [];
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('<|', i)) {
      open.push({ line, character });
      i++;
      continue;
    }
    if (source.startsWith('|>', i)) {
      const start = open.pop();
      if (!start) throw new Error(`unbalanced |> at offset ${i}`);
      ranges.push({ start, end: { line, character } });
      i++;
      continue;
    }
    const c = source[i]!;
    text += c;
    if (c === '\n') {
      line++;
      character = 0;
    } else character++;
  }
  if (open.length) throw new Error('unbalanced <|');
  return { text, ranges };
}
