import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { inputExtension, inputName, isUrlInput, readInputBytes } from './input-source.js';

describe('input sources', () => {
  it('tells addresses from paths and finds their names and extensions', () => {
    expect(isUrlInput('https://example.org/a.png')).toBe(true);
    expect(isUrlInput('/data/http/a.png')).toBe(false);
    expect(inputExtension('https://example.org/photos/a.JPG?w=2')).toBe('.jpg');
    expect(inputExtension('/data/x.tar.npy')).toBe('.npy');
    expect(inputName('https://example.org/photos/cat%201.jpg?w=2')).toBe('cat 1');
    expect(inputName('/data/val/dog.png')).toBe('dog');
  });

  it('fetches an address, and fails with the HTTP status in one line', async () => {
    const server = createServer((request, response) => {
      if (request.url === '/a.png') response.end(Buffer.from([1, 2, 3]));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    const { port } = server.address() as AddressInfo;
    try {
      expect([...(await readInputBytes(`http://127.0.0.1:${port}/a.png`))]).toEqual([1, 2, 3]);
      await expect(readInputBytes(`http://127.0.0.1:${port}/b.png`)).rejects.toThrow(
        `Cannot fetch http://127.0.0.1:${port}/b.png: HTTP 404.`,
      );
      await expect(readInputBytes('/no/such/file.png')).rejects.toThrow('Cannot read /no/such/file.png.');
    } finally {
      server.close();
    }
  });
});
