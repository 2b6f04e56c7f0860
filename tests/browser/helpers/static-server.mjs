// A tiny static file server for dist/, mounted under a sub-path (the built site must
// work from any sub-path) and sending the strict Content-Security-Policy the page
// promises to work under. Listens on 127.0.0.1 with a free port.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * `headers`: sent with every response, replacing the defaults of the same name (e.g. a
 * blog's own CSP, or CORS for a site embedded from another origin).
 * @returns {Promise<{ url: string, close(): Promise<void>, requests: string[] }>}
 */
export async function serveStatic(root, subPath = '/some/sub/path/', headers = {}) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push(url.pathname);
    const send = (code, text) => {
      res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CSP, ...headers });
      res.end(text);
    };
    if (!url.pathname.startsWith(subPath)) return send(404, 'not under the sub-path');
    let rel = decodeURIComponent(url.pathname.slice(subPath.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(normalize(root) + sep)) return send(403, 'forbidden');
    try {
      const info = await stat(file);
      if (!info.isFile()) return send(404, 'not found');
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Content-Security-Policy': CSP,
        'Cache-Control': 'no-store',
        ...headers,
      });
      createReadStream(file).pipe(res);
    } catch {
      send(404, 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${subPath}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
