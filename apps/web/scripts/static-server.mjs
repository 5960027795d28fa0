// The static file server of the demo: `scripts/serve.mjs` (preview) and the browser tests use it. It sends the
// cross-origin isolation headers (COOP + COEP) that give the page SharedArrayBuffer, so onnxruntime-web and
// tfjs-backend-wasm can run WebAssembly threads.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers that make the page cross-origin isolated (`self.crossOriginIsolated === true`). */
export const isolationHeaders = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Serves the files below `root`: GET/HEAD only, `index.html` for `/`, `application/wasm` for `.wasm`,
 * JavaScript for `.js` and `.mjs`, `application/octet-stream` for unknown extensions (tfjs weight shards), 404
 * for anything outside `root`, and the {@link isolationHeaders} on every response.
 *
 * @param {string} root - the folder to serve (the demo's `dist/`).
 * @param {{ host?: string, port?: number, isolated?: boolean }} [options] - where to listen (default
 *   127.0.0.1, a free port) and whether to send the isolation headers (default true).
 * @returns {Promise<{ url: string, close(): Promise<void> }>} its base URL (ending in `/`) and how to stop it.
 */
export async function startStaticServer(root, options = {}) {
  const { host = '127.0.0.1', port = 0, isolated = true } = options;
  const base = normalize(root + sep);
  const server = createServer(async (request, response) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      let pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (pathname.endsWith('/')) pathname += 'index.html';
      const file = normalize(join(base, pathname));
      if (!file.startsWith(base)) {
        response.writeHead(404).end();
        return;
      }
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        ...(isolated ? isolationHeaders : {}),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
