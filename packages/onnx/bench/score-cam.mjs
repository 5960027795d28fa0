// Benchmark: exact Score-CAM vs fast-scorecam on ImageNet-size models through onnxruntime-node, one thread.
// Run with `pnpm bench:score-cam` (builds first) or `node bench/score-cam.mjs` after building core, viz, fixtures
// and onnx. The models are not in the repository (45 MB and 14 MB): regenerate them with
//   /usr/bin/python3 packages/onnx/bench/export-imagenet-models.py /work/bench-models
// (random weights, BatchNorm recalibrated; Debian's python3-torch and python3-torchvision), or point
// BENCH_MODELS at the folder holding resnet18.onnx and mobilenet_v2.onnx.
// Per model and image: the time of explain() with 'scorecam' (one forward per channel) and with 'fast-scorecam'
// at several `passes`, and the Pearson correlation of each final map with the exact one. BENCH_ONLY=a,b runs only
// those models, BENCH_IMAGES=a,b only those photos.
// Writes bench/results/fast-score-cam.json and prints a table.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseLayer, explain } from '@gradcam/core';
import { images, median, models, pearson } from '@gradcam/fixtures';
import { imageToInput, preprocessPresets } from '@gradcam/viz';
import { decodeImage } from '@gradcam/viz/node';
import * as ort from 'onnxruntime-node';
import { createOnnxBackend } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const folder = process.env.BENCH_MODELS ?? '/work/bench-models';
const imageNames = (process.env.BENCH_IMAGES ?? 'both,chelsea,dogs,horses').split(',');
const sessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
const cases = [
  // Trained weights: SqueezeNet 1.0 (ImageNet, float16) and the CIFAR-10 WinML model, from the fixtures.
  {
    name: 'squeezenet-fp16',
    path: models.squeezenetFp16,
    preset: 'imagenet-bgr-caffe',
    passes: [1, 4, 8, 16, 24, 32, 48, 64, 128],
  },
  { name: 'cifar10', path: models.cifar10, preset: 'cifar10', passes: [1, 2, 4, 8, 16, 32] },
  // Random weights (export-imagenet-models.py).
  {
    name: 'resnet18',
    path: join(folder, 'resnet18.onnx'),
    preset: 'imagenet',
    passes: [1, 4, 8, 16, 24, 32, 64],
  },
  {
    name: 'mobilenet_v2',
    path: join(folder, 'mobilenet_v2.onnx'),
    preset: 'imagenet',
    passes: [1, 4, 8, 16, 32, 40, 64, 128],
  },
];

async function timed(run) {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

const only = process.env.BENCH_ONLY?.split(',');
const results = [];
for (const testCase of cases.filter((c) => !only || only.includes(c.name))) {
  const { path } = testCase;
  if (!existsSync(path)) {
    console.warn(
      `${path} is missing: run packages/onnx/bench/export-imagenet-models.py (see the header). Skipped.`,
    );
    continue;
  }
  const backend = await createOnnxBackend({ ort, model: readFileSync(path), sessionOptions });
  const layer = chooseLayer(await backend.listLayers());
  const channels = layer.outputShape[1];
  const rows = [];
  for (const imageName of imageNames) {
    const input = imageToInput(
      decodeImage(readFileSync(images[imageName])),
      backend.input,
      preprocessPresets[testCase.preset],
    );
    const base = { backend, input, layer: layer.name };
    await explain({ ...base, method: 'gradcam' }); // warm-up
    const exact = await timed(() => explain({ ...base, method: 'scorecam' }));
    const exactMap = exact.result.samples[0].map.data;
    const exactWeights = exact.result.samples[0].layerMaps[0].channelWeights;
    const target = { kind: 'class', index: exact.result.samples[0].classIndex };
    const curve = [];
    for (const passes of testCase.passes) {
      const fast = await timed(() =>
        explain({ ...base, target, method: 'fast-scorecam', methodOptions: { 'fast-scorecam': { passes } } }),
      );
      curve.push({
        passes,
        ms: fast.ms,
        r: pearson(fast.result.samples[0].map.data, exactMap),
        weightsR: pearson(fast.result.samples[0].layerMaps[0].channelWeights, exactWeights),
      });
    }
    const topK = [];
    for (const top of [64, 128].filter((top) => top < channels)) {
      const run = await timed(() =>
        explain({ ...base, target, method: 'scorecam', methodOptions: { scorecam: { channels: { top } } } }),
      );
      topK.push({
        top,
        ms: run.ms,
        r: pearson(run.result.samples[0].map.data, exactMap),
        weightsR: pearson(run.result.samples[0].layerMaps[0].channelWeights, exactWeights),
      });
    }
    rows.push({ image: imageName, exactMs: exact.ms, curve, topK });
    console.log(
      `${testCase.name} ${imageName}: exact ${(exact.ms / 1000).toFixed(1)} s; ` +
        curve
          .map(
            (p) =>
              `${p.passes}: ${(exact.ms / p.ms).toFixed(1)}x r ${p.r.toFixed(4)} (weights ${p.weightsR.toFixed(3)})`,
          )
          .join(', ') +
        topK.map((t) => `; top-${t.top} r ${t.r.toFixed(4)}`).join(''),
    );
  }
  const summary = testCase.passes.map((passes, index) => ({
    passes,
    medianSpeedup: median(rows.map((row) => row.exactMs / row.curve[index].ms)),
    minR: Math.min(...rows.map((row) => row.curve[index].r)),
    medianR: median(rows.map((row) => row.curve[index].r)),
    medianWeightsR: median(rows.map((row) => row.curve[index].weightsR)),
  }));
  results.push({ model: testCase.name, layer: layer.name, channels, images: rows, summary });
  await backend.dispose();
}

const output = {
  runtime: `onnxruntime-node ${ort.env.versions?.node ?? ''}`.trim(),
  node: process.version,
  cpu: cpus()[0]?.model,
  sessionOptions,
  note: 'squeezenet-fp16 and cifar10: trained models from the fixtures; resnet18 and mobilenet_v2: random-weight torchvision models (export-imagenet-models.py). Layer chosen by chooseLayer, target the top class of each image. exactMs: explain() with scorecam (one forward per channel, batches of 32); curve: fast-scorecam by passes (guided by the Grad-CAM map: the backend has gradients; time, Pearson r of the final 224x224 map with the exact one, weightsR: Pearson r of the channel weights (null when constant) with the exact ones; passes 1 gives every channel the same weight, the baseline of a near-uniform softmax); topK: scorecam with channels.top (activation ranking, weight 0 for the rest). Shared 2-core machine: times are single runs under variable load; ratios are within one run.',
  results,
};
mkdirSync(join(here, 'results'), { recursive: true });
const resultsPath = join(here, 'results', 'fast-score-cam.json');
if (only && existsSync(resultsPath)) {
  // Only some models were run: keep the others' results from the file.
  const previous = JSON.parse(readFileSync(resultsPath, 'utf8')).results ?? [];
  const order = cases.map((c) => c.name);
  output.results = [...previous.filter((r) => !only.includes(r.model)), ...results].sort(
    (a, b) => order.indexOf(a.model) - order.indexOf(b.model),
  );
}
if (!process.env.BENCH_IMAGES) writeFileSync(resultsPath, `${JSON.stringify(output, null, 2)}\n`);
for (const result of results) {
  console.log(`\n${result.model} (${result.channels} channels at ${result.layer})`);
  console.log('passes  median speed-up  min r   median r');
  for (const row of result.summary) {
    console.log(
      `${String(row.passes).padStart(6)}  ${row.medianSpeedup.toFixed(1).padStart(15)}  ${row.minR.toFixed(4)}  ${row.medianR.toFixed(4)}  ${row.medianWeightsR.toFixed(3)}`,
    );
  }
}
