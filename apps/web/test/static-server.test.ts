import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolationHeaders, type StaticServer, startStaticServer } from './static-server.js';

describe('startStaticServer', () => {
  let root: string;
  let server: StaticServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gradcam-web-'));
    mkdirSync(join(root, 'models'));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'a.wasm'), new Uint8Array([0, 97, 115, 109]));
    writeFileSync(join(root, 'models', 'group1-shard1of1'), new Uint8Array([1, 2, 3]));
    server = await startStaticServer(root);
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves on loopback with the right MIME types, index.html for /', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(server.url);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toBe('<!doctype html>');
    const wasm = await fetch(`${server.url}a.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
    const shard = await fetch(`${server.url}models/group1-shard1of1`);
    expect(shard.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('makes the page cross-origin isolated (COOP + COEP on every response)', async () => {
    const index = await fetch(server.url);
    for (const [name, value] of Object.entries(isolationHeaders)) expect(index.headers.get(name)).toBe(value);
    expect(index.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('answers 404 for missing files and paths outside its root', async () => {
    expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });
});
