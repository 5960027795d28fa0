import { join } from 'node:path';
import { type Plugin as EsbuildPlugin, build as esbuild } from 'esbuild';
import { type Plugin as VitePlugin, build as viteBuild } from 'vite';
import { describe, expect, it } from 'vitest';
import { isNodeBuiltin, peerRuntimes } from '../src/node-builtins.js';

// The main entries of core, metrics, onnx, tfjs and viz, as published (dist/), must bundle for browsers with no Node
// built-in: bundlers for the web (webpack 5, Vite, esbuild) either fail on them or replace them with empty shims.
const here = join(import.meta.dirname, '..');
const entry = join(here, 'src', 'browser-entry.js');

describe('the main entries bundle for browsers', () => {
  it('with esbuild (platform browser), without a Node built-in', async () => {
    const builtins: string[] = [];
    const recordBuiltins: EsbuildPlugin = {
      name: 'record-node-builtins',
      setup(build) {
        build.onResolve({ filter: /.*/ }, (args) => {
          if (isNodeBuiltin(args.path)) builtins.push(`${args.path} (from ${args.importer})`);
          return undefined;
        });
      },
    };
    const result = await esbuild({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['@tensorflow/*', 'onnxruntime-*'],
      plugins: [recordBuiltins],
    });
    expect(builtins).toEqual([]);
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    for (const name of ['core', 'metrics', 'onnx', 'tfjs', 'viz']) {
      expect(
        inputs.some((path) => path.includes(`/${name}/dist/index.js`)),
        name,
      ).toBe(true);
    }
    expect(inputs.filter((path) => /\/dist\/node\//.test(path))).toEqual([]);
    const bytes = result.outputFiles[0]!.contents.length;
    console.log(
      `[bundle] esbuild, core + metrics + onnx + tfjs + viz main entries, minified: ${(bytes / 1024).toFixed(0)} KiB`,
    );
  });

  it('with Vite (library build), without a Node built-in', async () => {
    const builtins: string[] = [];
    const recordBuiltins: VitePlugin = {
      name: 'record-node-builtins',
      enforce: 'pre',
      resolveId(source, importer) {
        if (isNodeBuiltin(source)) builtins.push(`${source} (from ${importer})`);
        return null;
      },
    };
    const output = await viteBuild({
      configFile: false,
      root: here,
      logLevel: 'silent',
      plugins: [recordBuiltins],
      build: {
        write: false,
        minify: true,
        lib: { entry, formats: ['es'], fileName: 'gradcam' },
        rollupOptions: { external: (id) => peerRuntimes.test(id) },
      },
    });
    expect(builtins).toEqual([]);
    const results = Array.isArray(output) ? output : [output];
    const chunks = results.flatMap((result) => ('output' in result ? result.output : []));
    const code = chunks.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
    expect(code).not.toContain('__vite-browser-external');
    expect(code).toContain('createOnnxBackend');
    console.log(
      `[bundle] Vite, core + metrics + onnx + tfjs + viz main entries, minified: ${(code.length / 1024).toFixed(0)} KiB`,
    );
  });
});
