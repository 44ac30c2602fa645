// The explorer's static site served from a folder: the cross-origin isolation headers that let its pages share memory
// with worker threads (so the engine runs on several threads there), the right types for modules and WebAssembly, and
// nothing outside the folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileAccessError, UsageError } from '../errors.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.gz': 'application/gzip',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers on every response: cross-origin isolated (SharedArrayBuffer, hence threads), and never cached stale. */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } as const;

export interface WebServer {
  /** http://HOST:PORT/ */
  url: string;
  close(): Promise<void>;
}

/** The file a request path names under `root` (index.html for a folder), or null when it lies outside root. */
function fileFor(root: string, pathname: string): string | null {
  const file = normalize(join(root, decodeURIComponent(pathname)));
  if (file !== root && !file.startsWith(root + sep)) return null;
  return pathname.endsWith('/') ? join(file, 'index.html') : file;
}

/** Serves the files under `root` on host:port (port 0: a free one); resolves once it listens. */
export async function serveWebsite(rootDir: string, options: { port?: number; host?: string } = {}): Promise<WebServer> {
  const root = resolve(rootDir);
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((request, response) => {
    const send = (status: number, text: string) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...ISOLATION_HEADERS });
      response.end(text);
    };
    let file: string | null;
    try {
      file = fileFor(root, new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request path');
    }
    if (file === null) return send(403, 'outside the site');
    stat(file).then(
      (s) => {
        if (!s.isFile()) return send(404, `not found: ${request.url}`);
        response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': s.size, 'Cache-Control': 'no-cache', ...ISOLATION_HEADERS });
        if (request.method === 'HEAD') return response.end();
        createReadStream(file).pipe(response);
      },
      () => send(404, `not found: ${request.url}`),
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', (err) => {
      const code = (err as { code?: string }).code;
      fail(code === 'EADDRINUSE' ? new UsageError(`port ${options.port} on ${host} is in use: give another --port (0 picks a free one)`) : fileAccessError(err, 'listen on', `${host}:${options.port ?? 0}`));
    });
    server.listen(options.port ?? 0, host, done);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${host}:${port}/`, close: () => new Promise((done) => server.close(() => done())) };
}
