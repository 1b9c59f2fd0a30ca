/** UTF-8 without TextEncoder (sim-core has no DOM or Node types). */
export function utf8Encode(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

export function utf8Decode(bytes: ArrayLike<number>, start = 0, end = bytes.length): string {
  let s = '';
  for (let i = start; i < end; ) {
    const b = bytes[i]!;
    let c: number;
    let n: number;
    if (b < 0x80) [c, n] = [b, 1];
    else if (b >= 0xf0) [c, n] = [b & 7, 4];
    else if (b >= 0xe0) [c, n] = [b & 15, 3];
    else if (b >= 0xc0) [c, n] = [b & 31, 2];
    else [c, n] = [0xfffd, 1];
    for (let k = 1; k < n && i + k < end; k++) c = (c << 6) | (bytes[i + k]! & 63);
    s += String.fromCodePoint(c > 0x10ffff ? 0xfffd : c);
    i += n;
  }
  return s;
}
