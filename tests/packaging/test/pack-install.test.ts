import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fixturePath, images, models } from '@gradcam/fixtures';
import { build as esbuild } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNodeBuiltin } from '../src/node-builtins.js';
import { type PublicPackageName, publicPackages, repositoryRoot } from '../src/paths.js';
import { pngSize } from '../src/png-size.js';
import { readmeExample } from '../src/readme-examples.js';
import { run } from '../src/run.js';
import { startStaticServer } from '../src/static-server.js';

// The first check: pack every public package as `pnpm publish` would, install the tarballs with plain npm
// in a project outside the workspace (no workspace links), and use them as a user would: the README's Node
// examples, the `gradcam` command, and a browser bundle of the README's browser example.
const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'gradcam-installed-')));
const tarballs = join(scratch, 'tarballs');
const project = join(scratch, 'project');
const names = Object.keys(publicPackages) as PublicPackageName[];
const npmEnv: NodeJS.ProcessEnv = {
  ...process.env,
  // onnxruntime-node's install script would download CUDA libraries; its CPU binaries are in the package.
  ONNXRUNTIME_NODE_INSTALL: 'skip',
  npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};
const timings: Record<string, number> = {};
const chromiumPath = '/usr/bin/chromium';

function tarballOf(name: PublicPackageName): string {
  const prefix = `${name.replace('@', '').replace('/', '-')}-`;
  const file = readdirSync(tarballs).find(
    (entry) => entry.startsWith(prefix) && /^\d/.test(entry.slice(prefix.length)),
  );
  if (!file) throw new Error(`No tarball for ${name} in ${tarballs}.`);
  return join(tarballs, file);
}

/** A folder of the scratch project with the photo and an example script, the way a user would lay them out. */
function exampleFolder(name: string, code: string): string {
  const folder = join(project, name);
  mkdirSync(folder, { recursive: true });
  cpSync(images.horses, join(folder, 'photo.jpg'));
  writeFileSync(join(folder, 'example.mjs'), code);
  return folder;
}

function expectPng(path: string, size?: { width: number; height: number }): void {
  expect(existsSync(path), path).toBe(true);
  const found = pngSize(readFileSync(path));
  expect(found, `${path} is a PNG`).toBeDefined();
  if (size) expect(found).toEqual(size);
}

const photoSize = { width: 0, height: 0 };

beforeAll(() => {
  expect(relative(repositoryRoot, scratch).startsWith('..')).toBe(true);
  const filters = names.flatMap((name) => ['--filter', name]);
  timings.pack = run(
    process.execPath,
    [join(repositoryRoot, 'scripts', 'pnpm.mjs'), '-r', ...filters, 'pack', '--pack-destination', tarballs],
    repositoryRoot,
  ).seconds;
  mkdirSync(project);
  const dependencies: Record<string, string> = Object.fromEntries(
    names.map((name) => [name, `file:${relative(project, tarballOf(name))}`]),
  );
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify(
      {
        name: 'gradcam-user-project',
        private: true,
        type: 'module',
        dependencies: {
          ...dependencies,
          'onnxruntime-node': '1.30.0',
          '@tensorflow/tfjs-core': '4.22.0',
          '@tensorflow/tfjs-layers': '4.22.0',
          '@tensorflow/tfjs-backend-cpu': '4.22.0',
        },
        // The tarballs depend on each other by version (pnpm pack rewrote `workspace:*`): use the local ones.
        overrides: Object.fromEntries(names.map((name) => [name, `$${name}`])),
      },
      null,
      2,
    )}\n`,
  );
  timings.install = run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    project,
    {
      env: npmEnv,
    },
  ).seconds;
  const header = readFileSync(images.horses);
  // JPEG SOF0/SOF2 marker: height and width follow the precision byte.
  for (let offset = 2; offset < header.length; ) {
    const marker = header[offset + 1]!;
    const length = header.readUInt16BE(offset + 2);
    if (marker === 0xc0 || marker === 0xc2) {
      photoSize.height = header.readUInt16BE(offset + 5);
      photoSize.width = header.readUInt16BE(offset + 7);
      break;
    }
    offset += 2 + length;
  }
}, 900_000);

afterAll(() => {
  console.log(`[packaging] seconds: ${JSON.stringify(timings)}`);
  rmSync(scratch, { recursive: true, force: true });
});

describe('the packed packages, installed with npm outside the workspace', () => {
  it('are real installs with dist, types, README and LICENSE, and no tests or workspace links', () => {
    for (const name of names) {
      const folder = join(project, 'node_modules', name);
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
      expect(realpathSync(folder).startsWith(project), `${name} is a copy, not a link`).toBe(true);
      for (const file of ['README.md', 'LICENSE', 'dist'])
        expect(existsSync(join(folder, file)), `${name}/${file}`).toBe(true);
      expect(readFileSync(join(folder, 'LICENSE'), 'utf8')).toBe(
        readFileSync(join(repositoryRoot, 'LICENSE'), 'utf8'),
      );
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain('workspace:');
      expect(Object.keys(manifest.dependencies ?? {})).not.toContain('@gradcam/fixtures');
      for (const [entry, conditions] of Object.entries(manifest.exports ?? {})) {
        const { types, default: main } = conditions as { types: string; default: string };
        expect(existsSync(join(folder, types)), `${name} ${entry} types`).toBe(true);
        expect(existsSync(join(folder, main)), `${name} ${entry} default`).toBe(true);
      }
      const files = readdirSync(folder, { recursive: true, encoding: 'utf8' });
      expect(
        files.filter((file) => /\.test\.|__fixtures__/.test(file)),
        name,
      ).toEqual([]);
    }
  });

  it('run the README example for Node and ONNX Runtime', () => {
    const folder = exampleFolder('node-onnx', readmeExample('node-onnx'));
    cpSync(models.squeezenetFp16, join(folder, 'model.onnx'));
    const result = run(process.execPath, ['example.mjs'], folder);
    timings.exampleOnnx = result.seconds;
    expect(result.stdout).toMatch(/classIndex/);
    expectPng(join(folder, 'overlay.png'), photoSize);
  });

  it('run a faithfulness metric of @gradcam/metrics on the installed ONNX backend', () => {
    const folder = exampleFolder(
      'node-metrics',
      [
        "import { explain } from '@gradcam/core';",
        "import { averageDropAndIncrease } from '@gradcam/metrics';",
        "import { createOnnxBackend } from '@gradcam/onnx';",
        "import { readOnnxModel } from '@gradcam/onnx/node';",
        "import * as ort from 'onnxruntime-node';",
        '',
        "const backend = await createOnnxBackend({ ort, model: await readOnnxModel('model.onnx') });",
        'const data = Float32Array.from({ length: 3 * 224 * 224 }, (_, i) => Math.sin(i / 97));',
        "const input = { data, shape: [1, 3, 224, 224], layout: 'nchw' };",
        'const { samples } = await explain({ backend, input });',
        'const maps = samples.map((sample) => sample.map);',
        'const { averageDrop, drops } = await averageDropAndIncrease({ backend, input, maps });',
        'console.log(JSON.stringify({ averageDrop, drops: [...drops] }));',
        '',
      ].join('\n'),
    );
    cpSync(models.squeezenetFp16, join(folder, 'model.onnx'));
    const result = run(process.execPath, ['example.mjs'], folder);
    timings.exampleMetrics = result.seconds;
    const { averageDrop, drops } = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(drops).toHaveLength(1);
    expect(averageDrop).toBe(drops[0]);
    expect(averageDrop).toBeGreaterThanOrEqual(0);
    expect(averageDrop).toBeLessThanOrEqual(100);
  });

  it('run the README example for Node and TensorFlow.js', () => {
    const folder = exampleFolder('node-tfjs', readmeExample('node-tfjs'));
    cpSync(fixturePath('models/tfjs/darknet-tiny'), join(folder, 'darknet-tiny'), { recursive: true });
    const result = run(process.execPath, ['example.mjs'], folder);
    timings.exampleTfjs = result.seconds;
    expect(result.stdout).toMatch(/classIndex/);
    expectPng(join(folder, 'overlay.png'), photoSize);
  });

  it("type-check a TypeScript user's code against the published types (await using, ImageData)", () => {
    const folder = join(project, 'typescript');
    mkdirSync(folder, { recursive: true });
    // The browser example needs onnxruntime-web (not installed here) and DOM null checks in TypeScript.
    const examples = ['node-onnx', 'node-tfjs'] as const;
    examples.forEach((name) =>
      writeFileSync(join(folder, `${name}.mts`), `${readmeExample(name)}export {};\n`),
    );
    writeFileSync(
      join(folder, 'await-using.mts'),
      [
        "import { InvalidTensorError, explain } from '@gradcam/core';",
        "import { createOnnxBackend, type OnnxBackend } from '@gradcam/onnx';",
        "import { readOnnxModel } from '@gradcam/onnx/node';",
        "import { overlay } from '@gradcam/viz';",
        "import * as ort from 'onnxruntime-node';",
        '',
        "await using backend = await createOnnxBackend({ ort, model: await readOnnxModel('model.onnx') });",
        'const same: OnnxBackend = backend;',
        'const input = { data: new Float32Array(3 * 224 * 224), shape: [1, 3, 224, 224], layout: "nchw" } as const;',
        'const result = await explain({ backend: same, input }).catch((error: unknown) => {',
        '  if (InvalidTensorError.isInstance(error)) return error.problem;',
        '  throw error;',
        '});',
        'console.log(result);',
        'const heat = { data: new Float32Array(1), width: 1, height: 1 };',
        'const shown = overlay({ data: new Uint8ClampedArray(4), width: 1, height: 1 }, heat);',
        'console.log(new ImageData(shown.data, shown.width, shown.height));',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(folder, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022', 'ESNext.Disposable', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['*.mts'],
      }),
    );
    const typescript = join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = run(process.execPath, [typescript, '-p', 'tsconfig.json'], folder, { allowFailure: true });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  it('install a working gradcam command with its bundled model', () => {
    const folder = exampleFolder('cli', '');
    const result = run(
      join(project, 'node_modules', '.bin', 'gradcam'),
      ['explain', 'photo.jpg', '--out', 'out'],
      folder,
    );
    timings.cli = result.seconds;
    const written = readdirSync(join(folder, 'out'));
    const overlays = written.filter((file) => file.endsWith('.overlay.png'));
    expect(overlays.length, written.join(', ')).toBeGreaterThan(0);
    for (const file of overlays) expectPng(join(folder, 'out', file));
    expect(written).toContain('summary.json');
  });

  it('bundle the README browser example with esbuild, without a Node built-in', async () => {
    const folder = exampleFolder('browser', readmeExample('browser'));
    const builtins: string[] = [];
    const result = await esbuild({
      absWorkingDir: folder,
      entryPoints: ['example.mjs'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      metafile: true,
      outfile: join(folder, 'bundle.js'),
      logLevel: 'silent',
      // The runtime is the user's choice; @gradcam/onnx does not import it.
      external: ['onnxruntime-web'],
      plugins: [
        {
          name: 'record-node-builtins',
          setup(build) {
            build.onResolve({ filter: /.*/ }, (args) => {
              if (isNodeBuiltin(args.path)) builtins.push(`${args.path} (from ${args.importer})`);
              return undefined;
            });
          },
        },
      ],
    });
    expect(builtins).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    for (const name of ['core', 'onnx', 'viz']) {
      expect(
        inputs.some((path) => path.startsWith(`../node_modules/@gradcam/${name}/dist/`)),
        name,
      ).toBe(true);
    }
  });

  it.skipIf(!existsSync(chromiumPath))(
    'run the README browser example in Chromium, to an overlay on a canvas and its PNG',
    async () => {
      const folder = exampleFolder('browser-run', readmeExample('browser'));
      cpSync(models.squeezenetFp16, join(folder, 'model.onnx'));
      // The @gradcam packages come from the installed tarballs; onnxruntime-web (the user's runtime, 139 MB) from
      // this workspace, with its WebAssembly binary next to the bundle where it looks for it.
      const ortWeb = join(import.meta.dirname, '..', 'node_modules', 'onnxruntime-web', 'dist');
      cpSync(
        join(ortWeb, 'ort-wasm-simd-threaded.jsep.wasm'),
        join(folder, 'ort-wasm-simd-threaded.jsep.wasm'),
      );
      await esbuild({
        absWorkingDir: folder,
        entryPoints: ['example.mjs'],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        outfile: join(folder, 'bundle.js'),
        logLevel: 'silent',
        plugins: [
          {
            name: 'workspace-onnxruntime-web',
            setup(build) {
              build.onResolve({ filter: /^onnxruntime-web$/ }, () => ({
                path: join(ortWeb, 'ort.bundle.min.mjs'),
              }));
            },
          },
        ],
      });
      writeFileSync(
        join(folder, 'index.html'),
        '<!doctype html><script type="module" src="bundle.js"></script>\n',
      );
      const server = await startStaticServer(folder);
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
        ],
      });
      try {
        const started = performance.now();
        const page = await browser.newPage();
        const errors: string[] = [];
        const logged: unknown[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', async (message) => {
          if (message.type() === 'log')
            logged.push(...(await Promise.all(message.args().map((arg) => arg.jsonValue()))));
        });
        await page.goto(server.url);
        await page.waitForFunction(() => document.querySelector('body > canvas') !== null, undefined, {
          timeout: 120_000,
        });
        const png = await page.evaluate(() => document.querySelector('canvas')!.toDataURL('image/png'));
        timings.browser = (performance.now() - started) / 1000;
        expect(errors).toEqual([]);
        expect(pngSize(Buffer.from(png.split(',')[1]!, 'base64'))).toEqual(photoSize);
        const predictions = logged.find(Array.isArray) as { classIndex: number; probability: number }[];
        expect(predictions).toHaveLength(3);
        expect(predictions[0]!.probability).toBeGreaterThan(0);
      } finally {
        await browser.close();
        await server.close();
      }
    },
  );
});
