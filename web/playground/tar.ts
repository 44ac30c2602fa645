// A tar archive (POSIX ustar) of a few files in one folder: how the playground hands over a run directory in one
// download (`tar xf playground-run.tar` makes the folder that actlab reads).

const BLOCK = 512;

/** Writes `text` as ASCII into `header` at `offset`, at most `length` bytes. */
function put(header: Uint8Array, offset: number, length: number, text: string): void {
  for (let i = 0; i < Math.min(length, text.length); i++) header[offset + i] = text.charCodeAt(i);
}

const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');

function fileHeader(path: string, size: number, mtime: number): Uint8Array {
  if (path.length > 100) throw new Error(`tar: the path ${path} is longer than 100 characters`);
  const h = new Uint8Array(BLOCK);
  put(h, 0, 100, path);
  put(h, 100, 8, octal(0o644, 8));
  put(h, 108, 8, octal(0, 8));
  put(h, 116, 8, octal(0, 8));
  put(h, 124, 12, octal(size, 12));
  put(h, 136, 12, octal(mtime, 12));
  put(h, 148, 8, '        ');
  put(h, 156, 1, '0');
  put(h, 257, 8, 'ustar\u000000');
  // The checksum counts its own field as eight spaces.
  const sum = h.reduce((a, b) => a + b, 0);
  put(h, 148, 8, `${octal(sum, 7)}\u0000`);
  return h;
}

/** The archive of `files` (name → text or bytes) inside folder `folder`. */
export function tarFolder(folder: string, files: Record<string, string | Uint8Array>): Uint8Array {
  const mtime = Math.floor(Date.now() / 1000);
  const parts: Uint8Array[] = [];
  for (const [name, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    parts.push(fileHeader(`${folder}/${name}`, bytes.length, mtime), bytes, new Uint8Array((BLOCK - (bytes.length % BLOCK)) % BLOCK));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
