import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browser from './index.js';
import * as node from './node/index.js';

const root = fileURLToPath(new URL('.', import.meta.url));

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node' || entry.name === '__fixtures__' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('entry points', () => {
  it('keeps the main entry free of Node imports', () => {
    for (const path of sources(root)) {
      const text = readFileSync(path, 'utf8');
      expect(text, relative(root, path)).not.toMatch(/from '(node:|pngjs|jpeg-js|fs|path)/);
      expect(text, relative(root, path)).not.toMatch(/\bBuffer\b/);
    }
  });

  it('exports the public API', () => {
    for (const name of ['colorize', 'overlay', 'resizeImage', 'resizeMap', 'getColormap', 'isColormapName']) {
      expect(typeof (browser as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(browser.colormapNames).toContain('jet');
    expect(browser.VizError.isInstance(new browser.UnknownColormapError('x', []))).toBe(true);
    for (const name of [
      'decodeImage',
      'encodePng',
      'encodeJpeg',
      'readImage',
      'writeImage',
      'readImageHeader',
    ]) {
      expect(typeof (node as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(node.supportedImageFormats).toEqual(['png', 'jpeg']);
  });
});
