// Builds the static site into dist/: bundles the page (src/main.ts -> main.js) and the model worker
// (src/worker/worker.ts -> worker.js) with esbuild, and copies index.html, the CSS, the WebAssembly binaries of
// tfjs-backend-wasm and onnxruntime-web, the bundled models (darknet-tiny, SqueezeNet fp16 from
// @gradcam/fixtures; the CIFAR-10 model from apps/cifar10) and sample images. `node scripts/build.mjs` (or
// `pnpm build`); serve dist/ with `node scripts/serve.mjs` or any static file server (see the README).
// `node scripts/build.mjs --watch` (`pnpm dev`) rebuilds on every change of the sources and serves dist/ like
// `serve.mjs` does (cross-origin isolated) on http://127.0.0.1:8080/.
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { context } from 'esbuild';
import { startStaticServer } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(join(root, 'package.json'));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const watching = process.argv.includes('--watch');
const bundler = await context({
  entryPoints: { main: join(root, 'src/main.ts'), worker: join(root, 'src/worker/worker.ts') },
  outdir: dist,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  // Workspace packages: their TypeScript sources, so the bundle does not depend on their dist/ being fresh.
  // onnxruntime-web: the build that loads its WebAssembly from env.wasm.wasmPaths (copied to ort/ below)
  // instead of embedding the loader.
  conditions: ['@gradcam/source', 'onnxruntime-web-use-extern-wasm', 'browser', 'import'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: watching ? 'info' : 'warning',
});

const copyPage = () => {
  copyFileSync(join(root, 'index.html'), join(dist, 'index.html'));
  copyFileSync(join(root, 'src/style.css'), join(dist, 'style.css'));
};
copyPage();

// tfjs-backend-wasm's binaries (plain, SIMD, threaded SIMD): the worker calls setWasmPaths with its own folder.
const tfjsWasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
for (const file of readdirSync(tfjsWasmDir).filter((name) => /^tfjs-backend-wasm.*\.wasm$/.test(name))) {
  copyFileSync(join(tfjsWasmDir, file), join(dist, file));
}

// onnxruntime-web's WebAssembly build (CPU, SIMD, threads when cross-origin isolated): loader and binary.
const ortDir = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
mkdirSync(join(dist, 'ort'), { recursive: true });
for (const file of ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm']) {
  copyFileSync(join(ortDir, file), join(dist, 'ort', file));
}

// The bundled models, labels and sample images (fixtures' dist/ is built by turbo's ^build).
const { images, labels, models } = await import('@gradcam/fixtures');
cpSync(dirname(models.darknetTiny), join(dist, 'models/darknet-tiny'), { recursive: true });
copyFileSync(labels.imagenetDarknetOrder, join(dist, 'models/darknet-tiny/labels.txt'));
mkdirSync(join(dist, 'models/squeezenet'), { recursive: true });
copyFileSync(models.squeezenetFp16, join(dist, 'models/squeezenet/squeezenet1.0-fp16.onnx'));
copyFileSync(labels.imagenet, join(dist, 'models/squeezenet/labels.txt'));
// The CIFAR-10 model as committed in apps/cifar10 (copied at build time, so a retrained model is picked up).
const cifarModel = join(root, '../cifar10/model');
const cifarJson = JSON.parse(readFileSync(join(cifarModel, 'model.json'), 'utf8'));
mkdirSync(join(dist, 'models/cifar10'), { recursive: true });
for (const file of ['model.json', ...cifarJson.weightsManifest.flatMap((group) => group.paths)]) {
  copyFileSync(join(cifarModel, file), join(dist, 'models/cifar10', file));
}

mkdirSync(join(dist, 'images/cifar10'), { recursive: true });
for (const [name, path] of Object.entries({
  both: images.both,
  chelsea: images.chelsea,
  dogs: images.dogs,
})) {
  copyFileSync(path, join(dist, `images/${name}.png`));
}
// One CIFAR-10 test image per class (the deer and the ship are the study's examples).
const cifarTest = join(root, '../cifar10/src/__fixtures__/tiny-cifar/test');
for (const name of readdirSync(cifarTest)) {
  const first = readdirSync(join(cifarTest, name))
    .filter((file) => file.endsWith('.jpg'))
    .sort()[0];
  if (first) copyFileSync(join(cifarTest, name, first), join(dist, `images/cifar10/${name}.jpg`));
}
if (watching) {
  await bundler.watch();
  watch(join(root, 'index.html'), copyPage);
  watch(join(root, 'src/style.css'), copyPage);
  const server = await startStaticServer(dist, { port: 8080 });
  console.info(
    `Watching the sources; serving ${dist} at ${server.url} (cross-origin isolated). Ctrl+C stops.`,
  );
} else {
  await bundler.rebuild();
  await bundler.dispose();
  console.info(`Built ${dist}`);
}
