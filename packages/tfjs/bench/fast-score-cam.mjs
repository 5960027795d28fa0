// Benchmark: fast-scorecam against exact Score-CAM on darknet-tiny (tfjs wasm, one thread) at its last
// convolution (`conv2d_16`: 1000 channels, one class map per class), on four photos, with the Grad-CAM guide
// (the default; the backend has gradients) and without it (`guided: 0`, the gradient-free selection).
// Exact Score-CAM runs 1000 forward passes per photo (1-4 minutes): its map and time are cached in
// BENCH_CACHE (default /tmp/gradcam-bench) and reused. Run from packages/tfjs after building:
// `node bench/fast-score-cam.mjs`. Writes bench/results/fast-score-cam.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explain } from '@gradcam/core';
import { images, median, models, pearson } from '@gradcam/fixtures';
import { imageToInput, preprocessPresets } from '@gradcam/viz';
import { decodeImage } from '@gradcam/viz/node';
import * as tf from '@tensorflow/tfjs-core';
import { createTfjsBackend } from '../dist/index.js';
import { loadTfjsModel, setupTfjsNode } from '../dist/node/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const cache = process.env.BENCH_CACHE ?? '/tmp/gradcam-bench';
const imageNames = ['both', 'chelsea', 'dogs', 'horses'];
const passesList = [32, 64, 128];

await setupTfjsNode({ backend: 'wasm', tf });
const backend = await createTfjsBackend(await loadTfjsModel(models.darknetTiny, { tf }), { tf });
const layers = await backend.listLayers();
const layer = [...layers].reverse().find((l) => l.kind === 'Conv2D');

mkdirSync(cache, { recursive: true });
const rows = [];
for (const imageName of imageNames) {
  const input = imageToInput(
    decodeImage(readFileSync(images[imageName])),
    backend.input,
    preprocessPresets.unit,
  );
  const base = { backend, input, layer: layer.name };
  const cached = join(cache, `darknet-tiny-${imageName}-scorecam.json`);
  if (!existsSync(cached)) {
    const started = performance.now();
    const exact = await explain({ ...base, method: 'scorecam' });
    const ms = performance.now() - started;
    const sample = exact.samples[0];
    writeFileSync(
      cached,
      JSON.stringify({ ms, classIndex: sample.classIndex, map: Array.from(sample.map.data) }),
    );
  }
  const exact = JSON.parse(readFileSync(cached, 'utf8'));
  const target = { kind: 'class', index: exact.classIndex };
  const curve = [];
  for (const passes of passesList) {
    for (const guided of [0.25, 0]) {
      const started = performance.now();
      const fast = await explain({
        ...base,
        target,
        method: 'fast-scorecam',
        methodOptions: { 'fast-scorecam': { passes, guided } },
      });
      const ms = performance.now() - started;
      curve.push({ passes, guided, ms, r: pearson(fast.samples[0].map.data, exact.map) });
    }
  }
  rows.push({ image: imageName, classIndex: exact.classIndex, exactMs: exact.ms, curve });
  console.log(
    `${imageName}: exact ${(exact.ms / 1000).toFixed(1)} s; ` +
      curve
        .map((p) => `${p.passes}/${p.guided}: ${(exact.ms / p.ms).toFixed(1)}x r ${p.r.toFixed(3)}`)
        .join(', '),
  );
}
const summary = rows[0].curve.map(({ passes, guided }, index) => ({
  passes,
  guided,
  medianSpeedup: median(rows.map((row) => row.exactMs / row.curve[index].ms)),
  minR: Math.min(...rows.map((row) => row.curve[index].r)),
  medianR: median(rows.map((row) => row.curve[index].r)),
}));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'fast-score-cam.json'),
  `${JSON.stringify(
    {
      runtime: `@tensorflow/tfjs-backend-wasm ${tf.version_core}`,
      node: process.version,
      cpu: cpus()[0]?.model,
      model: 'darknet-tiny',
      layer: layer.name,
      channels: layer.outputShape.at(-1),
      note: 'Pearson r of the final 224x224 fast-scorecam map with the exact Score-CAM map (target: the top class of the photo), median speed-up over the photos. guided 0.25: the default selection seeded by the Grad-CAM map; guided 0: the gradient-free selection. Exact maps and times cached across runs; shared 2-core machine, single runs under variable load.',
      images: rows,
      summary,
    },
    null,
    2,
  )}\n`,
);
for (const row of summary)
  console.log(
    `${row.passes} guided ${row.guided}: ${row.medianSpeedup.toFixed(1)}x min r ${row.minR.toFixed(4)} median ${row.medianR.toFixed(4)}`,
  );
