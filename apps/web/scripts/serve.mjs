// Serves the built site (dist/) for a preview, cross-origin isolated like the deployment should be:
// `node scripts/serve.mjs [--port 8080] [--host 127.0.0.1]` (or `pnpm serve`). Build first (`pnpm build`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startStaticServer } from './static-server.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' } },
});
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`Nothing to serve: build the site first (${dist} has no index.html).`);
  process.exit(1);
}
const server = await startStaticServer(dist, { host: values.host, port: Number(values.port) });
console.info(`Serving ${dist} at ${server.url} (cross-origin isolated). Ctrl+C stops.`);
