/**
 * A scenario in the page's address, so that a link reproduces it:
 * `#example=close-on-exec` names a bundled example; `#s=…` carries the text
 * itself, deflated (CompressionStream 'deflate-raw') and base64url-encoded.
 */
export type LinkedScenario = { readonly kind: 'example'; readonly name: string } | { readonly kind: 'text'; readonly text: string };

export async function encodeScenario(text: string): Promise<string> {
  const deflated = await transform(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
  return `s=${toBase64Url(deflated)}`;
}

/** Reads the hash; a hash that does not decode is an error the page reports (the text is not guessed). */
export async function decodeHash(hash: string): Promise<LinkedScenario | undefined> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const example = params.get('example');
  if (example) return { kind: 'example', name: example };
  const s = params.get('s');
  if (!s) return undefined;
  const bytes = await transform(fromBase64Url(s), new DecompressionStream('deflate-raw'));
  return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
}

async function transform(input: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([input as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
