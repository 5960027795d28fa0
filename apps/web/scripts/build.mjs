// Builds the static site into dist/: bundles src/main.ts for the browser with esbuild, and copies index.html,
// the CSS, tfjs's wasm binaries, and the darknet-tiny model, its labels and the sample photo from
// @gradcam/fixtures. `node scripts/build.mjs` (or `pnpm build`); serve dist/ with any static file server.
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(join(root, 'package.json'));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  entryPoints: [join(root, 'src/main.ts')],
  outfile: join(dist, 'main.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  // Workspace packages: their TypeScript sources, so the bundle does not depend on their dist/ being fresh.
  conditions: ['@gradcam/source', 'browser', 'import'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

copyFileSync(join(root, 'index.html'), join(dist, 'index.html'));
copyFileSync(join(root, 'src/style.css'), join(dist, 'style.css'));

// tfjs-backend-wasm's binaries (plain, SIMD, threaded SIMD): the page calls setWasmPaths('./').
const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
for (const file of readdirSync(wasmDir).filter((name) => /^tfjs-backend-wasm.*\.wasm$/.test(name))) {
  copyFileSync(join(wasmDir, file), join(dist, file));
}

// The model, labels and sample photo, from @gradcam/fixtures (its dist/ is built by turbo's ^build).
const { images, labels, models } = await import('@gradcam/fixtures');
cpSync(dirname(models.darknetTiny), join(dist, 'models/darknet-tiny'), { recursive: true });
copyFileSync(labels.imagenetDarknetOrder, join(dist, 'models/darknet-tiny/labels.txt'));
mkdirSync(join(dist, 'images'), { recursive: true });
copyFileSync(images.both, join(dist, 'images/both.png'));
console.info(`Built ${dist}`);
